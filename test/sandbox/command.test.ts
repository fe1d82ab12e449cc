import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { sandboxCommand } from '../../src/cli/sandbox.js';
import type { Io } from '../../src/run/io.js';
import { UsageError } from '../../src/errors.js';
import { contactBody, start } from './helpers.js';

function testIo(signal: AbortSignal) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = { out: '', err: '' };
  stdout.on('data', (chunk: Buffer) => (text.out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (text.err += chunk.toString()));
  const io: Io = { stdin: new PassThrough(), stdout, stderr, env: {}, signal };
  return { io, text };
}

/** Starts the command and resolves once it has printed its start text. */
async function launch(argv: string[]) {
  const controller = new AbortController();
  const { io, text } = testIo(controller.signal);
  const done = sandboxCommand.run(argv, io);
  const until = performance.now() + 5_000;
  while (!text.out.includes('Stop with Ctrl-C')) {
    if (performance.now() > until) throw new Error(`no start text; got: ${text.out}`);
    await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 10))]);
  }
  const url = /listening on (http:\S+)/.exec(text.out)?.[1] ?? '';
  return { controller, text, done, url };
}

describe('saleschat-bulk sandbox', () => {
  it('prints its URL, token, users, groups and the import command, serves, and stops on abort', async () => {
    const { controller, text, done, url } = await launch(['--port', '0', '--token', 'tok-1', '--seed', '5']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(text.out).toContain('token:  tok-1');
    expect(text.out).toContain('user-1, user-2, user-3, user-4, user-5');
    expect(text.out).toContain('group-1, group-2');
    expect(text.out).toContain(`SALESCHAT_TOKEN=tok-1 saleschat-bulk import contacts.csv --base-url ${url} --org demo-org`);

    const reply = await fetch(`${url}/v2/org/demo-org/contact`, {
      method: 'POST',
      headers: { authorization: 'Bearer tok-1', 'content-type': 'application/json' },
      body: JSON.stringify(contactBody()),
    });
    expect(reply.status).toBe(200);
    expect(text.err).toMatch(/sandbox POST \/v2\/org\/demo-org\/contact 200 /);
    expect(text.err).not.toContain('tok-1');

    controller.abort();
    await expect(done).resolves.toBe(0);
    await expect(fetch(`${url}/_sandbox/stats`)).rejects.toThrow();
  });

  it('--quiet logs nothing; --state is loaded, reported and saved on stop', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-cmd-'));
    try {
      const statePath = join(dir, 'contacts.json');
      const { controller, text, done, url } = await launch(['--port', '0', '--quiet', '--state', statePath, '--dates', 'epoch']);
      expect(text.out).toContain(`state:  ${statePath} (0 contacts loaded)`);
      const reply = await fetch(`${url}/v2/org/o/contact`, {
        method: 'POST',
        headers: { authorization: 'Bearer sandbox-token' },
        body: JSON.stringify(contactBody({ opt_in_date: '2024-05-01T00:00:00Z' })),
      });
      expect(((await reply.json()) as { opt_in_date: string }).opt_in_date).toBe('1714521600');
      controller.abort();
      await done;
      expect(text.err).not.toMatch(/POST/);
      expect((JSON.parse(await readFile(statePath, 'utf8')) as { contacts: unknown[] }).contacts).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('--help lists every flag and starts nothing', async () => {
    const { io, text } = testIo(new AbortController().signal);
    expect(await sandboxCommand.run(['--help'], io)).toBe(0);
    for (const flag of ['--port', '--host', '--token', '--state', '--latency', '--fail-rate', '--fail-after-commit', '--rate-limit', '--seed', '--dates', '--quiet', '--help']) {
      expect(text.out).toContain(flag);
      expect(sandboxCommand.help).toContain(flag);
    }
    expect(sandboxCommand.name).toBe('sandbox');
    expect(sandboxCommand.summary.length).toBeGreaterThan(10);
  });

  it.each([
    [['--port', 'abc'], /--port must be an integer from 0 to 65535, got 'abc'/],
    [['--port', '70000'], /--port must be an integer/],
    [['--latency=-5'], /--latency must be a number of milliseconds >= 0/],
    [['--fail-rate', '1.5'], /--fail-rate must be a share between 0 and 1/],
    [['--fail-after-commit', 'x'], /--fail-after-commit must be a share/],
    [['--rate-limit', '0'], /--rate-limit must be an integer >= 1/],
    [['--seed', '1.5'], /--seed must be an integer/],
    [['--dates', 'unix'], /--dates must be iso or epoch/],
    [['--token', ''], /--token must be non-empty/],
    [['extra'], /takes no arguments/],
    [['--verbose'], /Unknown option '--verbose'/],
  ])('%j is a usage error', async (argv, message) => {
    const { io } = testIo(new AbortController().signal);
    const error = await sandboxCommand.run(argv, io).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });

  it('an unwritable --state is a usage error naming the file', async () => {
    const { io } = testIo(new AbortController().signal);
    const error = await sandboxCommand.run(['--port', '0', '--state', '/nonexistent-dir/state.json'], io).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain('/nonexistent-dir/state.json');
  });

  it('a port in use is a usage error naming the port', async () => {
    const busy = await start();
    try {
      const { io } = testIo(new AbortController().signal);
      const error = await sandboxCommand.run(['--port', String(busy.port)], io).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toContain(`port ${busy.port} is already in use`);
    } finally {
      await busy.close();
    }
  });
});
