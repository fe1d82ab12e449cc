import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { startCli } from '../../support/cli-process.js';
import { csv, readCsv, tempDir } from '../../support/run-cli.js';

/**
 * A change in flight when the run is killed (kill -9, a power cut): SalesChat may have stored it, its answer never
 * came, and the sync state still holds what was confirmed before. If the next run's file says that again (the edit
 * was undone, or a night's drop came from an older export), the state took the row as unchanged, sent nothing, and
 * SalesChat kept the edit that no file holds any more: the results said `ok` for a contact that differed.
 */

const ORG = 'org-edit-in-flight';
const HEADER = ['crm_id', 'phone_number', 'opt_in_date', 'first_name', 'stage'];
const rows = (second: { name: string; stage: string }) => [
  ['E-1', '+14155580001', '2024-05-01', 'Ann', 'New'],
  ['E-2', '+14155580002', '2024-05-01', second.name, second.stage],
  ['E-3', '+14155580003', '2024-05-01', 'Cy', 'New'],
];

let sandbox: Sandbox | undefined;
let proxy: Server | undefined;
afterEach(async () => {
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve) ?? resolve(undefined));
  await sandbox?.close();
  proxy = undefined;
  sandbox = undefined;
});

/**
 * Passes requests on to the sandbox and their answers back, except, while `holding`, a request that changes a
 * contact: SalesChat carries it out, and the answer never comes.
 */
async function startHoldingProxy(target: string) {
  const state = { holding: false, held: 0 };
  let heldOne: () => void = () => {};
  const firstHeld = new Promise<void>((resolve) => (heldOne = resolve));
  proxy = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== 'host' && name !== 'content-length')) as Record<string, string>;
      void fetch(new URL(request.url ?? '/', target), { method: request.method ?? 'GET', headers, ...(body ? { body } : {}) }).then(async (answer) => {
        const text = await answer.text();
        if (state.holding && request.method === 'PUT') {
          state.held += 1;
          heldOne();
          return;
        }
        response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        response.end(text);
      });
    });
  });
  await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, state, firstHeld };
}

it('an edit in flight at a kill -9, then undone in the file: the next run sends the row again, and SalesChat holds the file', async () => {
  sandbox = await startSandbox({ port: 0 });
  const live = sandbox;
  const { url, state, firstHeld } = await startHoldingProxy(live.url);
  const dir = await tempDir();
  const input = join(dir, 'contacts.csv');
  const results = join(dir, 'contacts.results.csv');
  const stateDir = join(dir, 'state');
  const run = () => startCli(['import', input, '--base-url', url, '--org', ORG, '--quiet', '--state-dir', stateDir], { env: { SALESCHAT_TOKEN: live.token } });
  const secondContact = () => live.store.listByOrg(ORG).find((contact) => contact.crmId === 'E-2');

  await writeFile(input, csv(HEADER, rows({ name: 'Bea', stage: 'New' })));
  expect((await run().done).code).toBe(0);

  // The edit: its update and its stage reach SalesChat; the run is killed before either answer comes back.
  await writeFile(input, csv(HEADER, rows({ name: 'Beatrice', stage: 'Won' })));
  state.holding = true;
  const killed = run();
  await firstHeld;
  killed.child.kill('SIGKILL');
  expect((await killed.done).signal).toBe('SIGKILL');
  expect(secondContact()?.firstName).toBe('Beatrice');

  // The edit undone: the file says again what SalesChat last confirmed before it.
  state.holding = false;
  await writeFile(input, csv(HEADER, rows({ name: 'Bea', stage: 'New' })));
  const again = await run().done;
  expect(again.code, again.stderr).toBe(0);
  const second = (await readCsv(results)).find((row) => row['crm_id'] === 'E-2');
  expect(second).toMatchObject({ status: 'ok', action: 'updated' });
  expect(secondContact()?.firstName).toBe('Bea');
});
