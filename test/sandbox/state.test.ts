import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SandboxError } from '../../src/sandbox/index.js';
import { client, contactBody, containing, createContact, ORG, start } from './helpers.js';

let dir: string;
let statePath: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sandbox-state-'));
  statePath = join(dir, 'state.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** The debounced save is asynchronous: poll the file rather than guess a sleep. */
async function waitFor<T>(probe: () => Promise<T | undefined>, ms = 3_000): Promise<T> {
  const until = performance.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (performance.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('--state FILE', () => {
  it('keeps contacts across a restart; ids keep counting up', async () => {
    const first = await start({ statePath });
    const api = client(first);
    const id = await createContact(api, { phone_number: '+14155550123', first_name: 'Ada' });
    await api.disposition(id, { stage: 'WON', additionalFields: { score: 9 } });
    await createContact(api, { phone_number: '+14155550123' }, 'other-org');
    await first.close();

    const saved = JSON.parse(await readFile(statePath, 'utf8')) as { version: number; contacts: unknown[] };
    expect(saved.version).toBe(1);
    expect(saved.contacts).toHaveLength(2);

    const second = await start({ statePath });
    try {
      const again = client(second);
      const found = (await again.byPhone('+14155550123')).body as { id: string; first_name: string }[];
      expect(found).toEqual([expect.objectContaining({ id, first_name: 'Ada' })]);
      expect(second.store.get(id)).toMatchObject({ stage: 'WON', additionalFields: { score: 9 } });
      const crmId = second.store.get(id)?.crmId;
      expect((await again.create(contactBody({ crm_id: crmId }))).status).toBe(409);
      const newer = await createContact(again);
      expect([id, second.store.listByOrg('other-org')[0]?.id]).not.toContain(newer);
    } finally {
      await second.close();
    }
  });

  it('saves soon after a change, without waiting for close, by renaming a temporary file', async () => {
    const sandbox = await start({ statePath });
    try {
      const api = client(sandbox);
      await createContact(api);
      const firstSave = await waitFor(async () => ((await readFile(statePath, 'utf8')).includes('crm-') ? stat(statePath) : undefined));
      await createContact(api);
      const secondSave = await waitFor(async () => {
        const text = await readFile(statePath, 'utf8');
        return (JSON.parse(text) as { contacts: unknown[] }).contacts.length === 2 ? stat(statePath) : undefined;
      });
      // A rename puts a new file (inode) in place; rewriting in place would keep the old one.
      expect(secondSave.ino).not.toBe(firstSave.ino);
      expect(await readdir(dir)).toEqual(['state.json']);
    } finally {
      await sandbox.close();
    }
  });

  it('saves a reset, and starts empty when the file does not exist yet (creating it)', async () => {
    const sandbox = await start({ statePath });
    expect(sandbox.store.count()).toBe(0);
    expect(JSON.parse(await readFile(statePath, 'utf8'))).toEqual({ version: 1, sequence: 0, contacts: [] });
    await createContact(client(sandbox));
    sandbox.reset();
    await sandbox.close();
    expect((JSON.parse(await readFile(statePath, 'utf8')) as { contacts: unknown[] }).contacts).toEqual([]);
  });

  it.each([
    ['not JSON', '{"version":'],
    ['another shape', JSON.stringify({ version: 2, contacts: [] })],
    ['a bad contact', JSON.stringify({ version: 1, sequence: 1, contacts: [{ id: 'c_1' }] })],
  ])('refuses to start from a file that is %s', async (_, text) => {
    await writeFile(statePath, text);
    const error = await start({ statePath }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxError);
    expect(error).toMatchObject({ code: 'STATE_FILE_INVALID', message: containing(statePath) });
  });

  it('refuses to start when the state file cannot be written', async () => {
    const error = await start({ statePath: join(dir, 'missing-dir', 'state.json') }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STATE_FILE_UNWRITABLE', message: containing('missing-dir') });
  });

  it('lists contacts by org from the store', async () => {
    const sandbox = await start({ statePath });
    try {
      const api = client(sandbox);
      await createContact(api);
      await createContact(api, {}, 'b');
      expect(sandbox.store.listByOrg(ORG).map((c) => c.orgId)).toEqual([ORG]);
      expect(sandbox.store.count()).toBe(2);
    } finally {
      await sandbox.close();
    }
  });
});
