import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer, type AddressInfo } from 'node:net';
import { chmod, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../src/sandbox/index.js';
import { tempDir } from './support/run-cli.js';

/**
 * Every command the README shows runs here, so it never shows one that does not work. `sh` blocks run in order,
 * top to bottom as a person types them into one fresh shell, in a temp copy of samples/, with `saleschat-bulk` on
 * PATH (the built CLI). A line ending in `&` starts in the background and stays up until the end (the README's
 * own sandbox); port 4010 becomes a free port. A trailing `# exit N` is the status the README promises (0 otherwise).
 */
const ROOT = resolve(import.meta.dirname, '..');
const README_PORT = 4010;

interface Step {
  line: string;
  expectedExit: number;
}

function blocks(readme: string, language: string): string[] {
  return [...readme.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1] ?? '');
}

function steps(block: string): Step[] {
  return block
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const exit = /#\s*exit (\d+)\s*$/.exec(line);
      return { line: line.replace(/\s+#.*$/, ''), expectedExit: exit ? Number(exit[1]) : 0 };
    });
}

let sandbox: Sandbox;
let dir: string;
let env: Record<string, string>;
let port: number;
const background: ChildProcess[] = [];

/** The README's port, moved to one free on this machine. */
const onFreePort = (line: string) => line.replaceAll(`:${README_PORT}`, `:${port}`).replaceAll(`--port ${README_PORT}`, `--port ${port}`);

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = server.address() as AddressInfo;
      server.close(() => done(free));
    });
    server.on('error', fail);
  });
}

/** Resolves once something listens on the port (the background sandbox), or fails after `ms`. */
async function listening(on: number, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const up = await new Promise<boolean>((done) => {
      const socket = connect(on, '127.0.0.1', () => done(socket.end() !== undefined));
      socket.on('error', () => done(false));
    });
    if (up) return;
    if (Date.now() > until) throw new Error(`nothing listens on port ${on} after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs one shell line; asynchronously, since the sandbox answering it lives in this process. */
function run(line: string, extraEnv: Record<string, string> = {}): Promise<{ status: number | null; stderr: string }> {
  const child = spawn('bash', ['-c', onFreePort(line)], {
    cwd: dir,
    env: { PATH: `${join(dir, 'bin')}:${process.env['PATH'] ?? ''}`, HOME: dir, ...env, ...extraEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.on('close', (status) => done({ status, stderr })));
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  dir = await tempDir();
  await cp(join(ROOT, 'samples'), join(dir, 'samples'), { recursive: true });
  await mkdir(join(dir, 'bin'));
  const shim = join(dir, 'bin', 'saleschat-bulk');
  await writeFile(shim, `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bin', 'saleschat-bulk.js')}" "$@"\n`);
  await chmod(shim, 0o755);
  env = {};
  port = await freePort();
});
afterAll(async () => {
  const running = background.filter((child) => child.exitCode === null);
  const exited = running.map((child) => once(child, 'exit'));
  for (const child of running) child.kill('SIGTERM');
  await Promise.all(exited);
  await sandbox.close();
});

const readme = await readFile(join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it.each(blocks(readme, 'sh').flatMap(steps).map((step) => [step.line, step]))('%s', async (_line, step) => {
    const assignment = /^export (.+)$/.exec(step.line);
    if (assignment) {
      for (const pair of assignment[1]!.split(/\s+/)) {
        const [key = '', value = ''] = pair.split('=');
        env[key] = onFreePort(value);
      }
      return;
    }
    expect(step.line.startsWith('saleschat-bulk ')).toBe(true);
    if (step.line.endsWith('&')) {
      const child = spawn(join(dir, 'bin', 'saleschat-bulk'), onFreePort(step.line.slice(0, -1)).trim().split(/\s+/).slice(1), {
        cwd: dir, env: { PATH: process.env['PATH'] ?? '', HOME: dir, ...env }, stdio: 'ignore',
      });
      background.push(child);
      await listening(port);
      return;
    }
    const result = await run(step.line);
    expect(result.stderr).not.toContain('internal error');
    expect({ line: step.line, status: result.status, stderr: result.status === step.expectedExit ? '' : result.stderr }).toEqual({
      line: step.line,
      status: step.expectedExit,
      stderr: '',
    });
  });

  it('the cron line works as written, from a drop folder with a gzip file', async () => {
    const [cron] = blocks(readme, 'cron');
    const line = (cron ?? '').trim().split(/\s+/).slice(5).join(' ');
    const drops = join(dir, 'drops');
    await mkdir(drops);
    await writeFile(join(drops, 'contacts.csv.gz'), gzipSync(await readFile(join(ROOT, 'samples', 'contacts.csv'))));
    const result = await run(line.replace('/data/drops', drops), {
      SALESCHAT_TOKEN: sandbox.token,
      SALESCHAT_ORG_ID: 'cron-org',
      SALESCHAT_BASE_URL: sandbox.url,
    });
    expect(result.status).toBe(1);
    const summary = JSON.parse(await readFile(join(drops, 'contacts.summary.json'), 'utf8')) as { rows: number; status: { ok: number } };
    expect(summary).toMatchObject({ rows: 53, status: { ok: 46 } });
  });

  it('shows only npm scripts that exist', async () => {
    const scripts = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const shown = [...readme.matchAll(/npm run (\w+)/g)].map((match) => match[1] ?? '');
    expect(shown.length).toBeGreaterThan(0);
    for (const name of shown) expect(Object.keys(scripts)).toContain(name);
  });
});
