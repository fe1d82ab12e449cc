import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { stateFilePath } from '../../../src/state/sync-state.js';
import { csv, readCsv, runCli, tempDir, writeTemp } from '../../support/run-cli.js';
import { runCliCaught } from '../../support/run-cli-caught.js';

/**
 * Issue 15: import --dry-run --online looks each valid row up (read only) and plans create / update / unchanged /
 * conflict; the import that follows does what the plan said, row by row. A dry run without --online says "planned".
 */

const ORG = 'org-plan';
const HEADER = ['crm_id', 'phone_number', 'opt_in_date', 'first_name', 'last_name'];
const phone = (i: number) => `+1415557${String(1000 + i)}`;

let sandbox: Sandbox;
let dir: string;
let stateDir: string;

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0 });
  dir = await tempDir();
  stateDir = join(dir, 'state');
});
afterEach(async () => {
  await sandbox.close();
});

async function importRows(name: string, rows: string[][], args: string[]) {
  const input = await writeTemp(`${name}.csv`, csv(HEADER, rows), dir);
  const state = args.includes('--no-state') ? [] : ['--state-dir', stateDir];
  const run = await runCli(['import', input, '--base-url', sandbox.url, '--org', ORG, ...state, '--summary-json', join(dir, `${name}.json`), ...args], {
    env: { SALESCHAT_TOKEN: sandbox.token },
  });
  const results = await readCsv(join(dir, `${name}.results.csv`));
  const summary = JSON.parse(await readFile(join(dir, `${name}.json`), 'utf8')) as Record<string, unknown>;
  return { ...run, results, summary };
}

/** A plan's kind, or for an update the fields it names: "update: first_name". */
const planHead = (plan: string) => (plan.startsWith('update:') ? plan : plan.split(/[:;]/)[0]!);

/** What SalesChat holds, to show a dry run changed nothing. */
const contents = () => JSON.stringify(sandbox.store.listByOrg(ORG));

const SEED = [
  ['P-1', phone(1), '2024-05-01', 'Ann', 'Lee'],
  ['P-2', phone(2), '2024-05-01', 'Bob', 'Ray'],
  ['P-3', phone(3), '2024-05-01', 'Cy', 'Fox'],
];

/** One row of each plan, and one invalid row. */
const FILE = [
  ['P-9', phone(9), '2024-05-01', 'Nia', 'New'], // create
  ['P-1', phone(1), '2024-05-01', 'Ann', 'Lee'], // unchanged
  ['P-2', phone(2), '2024-05-01', 'Robert', 'Ray'], // update: first_name
  ['P-3', phone(4), '2024-05-01', 'Cy', 'Fox'], // conflict: P-3 is held at phone(3)
  ['', 'not a phone', '2024-05-01', '', ''],
];

describe('import --dry-run --online', () => {
  it.each([
    // With the sync state (the default), an unchanged row sends nothing, and a crm_id at another number is known.
    ['with the sync state', [], ['create', 'unchanged', 'update: first_name', 'conflict'], ['created', 'unchanged', 'updated', 'none']],
    // Without it, an unchanged row is sent again (an update that changes nothing), and the crm_id elsewhere is unknown.
    ['with --no-state', ['--no-state'], ['create', 'unchanged', 'update: first_name', 'create'], ['created', 'updated', 'updated', 'none']],
  ])('%s: plans each row as the import then does it', async (_name, flags, plans, actions) => {
    expect((await importRows('seed', SEED, [])).code).toBe(0);
    const held = contents();
    const statePath = stateFilePath(stateDir, { baseUrl: sandbox.url, orgId: ORG });
    const state = await readFile(statePath);
    const before = sandbox.stats().byOperation;

    const dry = await importRows('plan', FILE, ['--dry-run', '--online', ...flags]);
    expect(dry.code, dry.stderr).toBe(1);
    // Only look-ups, nothing changed: not SalesChat, not the sync state.
    const after = sandbox.stats().byOperation;
    expect(Object.keys(after).filter((operation) => JSON.stringify(after[operation]) !== JSON.stringify(before[operation]))).toEqual(['getContactByPhoneV2']);
    expect(contents()).toBe(held);
    expect(await readFile(statePath)).toEqual(state);

    expect(dry.results.map((r) => [r['status'], r['action']])).toEqual([...Array.from({ length: 4 }, () => ['skipped', 'none']), ['invalid', 'none']]);
    expect(dry.results.slice(0, 4).map((r) => planHead(r['plan']!))).toEqual(plans);
    expect(dry.results[1]!['contact_id']).toBe(sandbox.store.listByOrg(ORG).find((c) => c.crmId === 'P-1')!.id);
    const counted = { create: 0, update: 0, unchanged: 0, conflict: 0 };
    for (const plan of plans) counted[plan.split(':')[0] as keyof typeof counted] += 1;
    expect(dry.summary).toMatchObject({ command: 'import --dry-run', exit_code: 1, planned: 4, plan: counted, status: { skipped: 4, invalid: 1 } });
    expect(dry.stderr).toMatch(/status: 4 planned, 1 invalid\./);
    expect(dry.stderr).toMatch(/plan: (\d+ \w+(, )?)+\./);

    const real = await importRows('plan', FILE, flags);
    expect(real.results.slice(0, 4).map((r) => r['action'])).toEqual(actions);
    // The conflict: SalesChat answers 409 for the crm_id and no contact at this number holds it.
    expect(real.results[3]).toMatchObject({ status: 'failed', error_code: 'CONTACT_NOT_FOUND' });
  });

  it('plans from a state left by earlier imports without writing it, and its plan counts add up', async () => {
    expect((await importRows('seed', SEED, [])).code).toBe(0);
    const dry = await importRows('plan', SEED, ['--dry-run', '--online']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.results.map((r) => r['plan'])).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(dry.summary).toMatchObject({ exit_code: 0, planned: 3, plan: { create: 0, update: 0, unchanged: 3, conflict: 0 } });
  });

  it('without --dry-run is a usage error (exit 2) that says so, and sends nothing', async () => {
    const input = await writeTemp('x.csv', csv(HEADER, SEED), dir);
    const run = await runCliCaught(['import', input, '--base-url', sandbox.url, '--org', ORG, '--online'], { env: { SALESCHAT_TOKEN: sandbox.token } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--online only goes with --dry-run/);
    expect(sandbox.stats().requests).toBe(0);
  });

  it('needs the token and org a real import needs', async () => {
    const input = await writeTemp('x.csv', csv(HEADER, SEED), dir);
    const run = await runCliCaught(['import', input, '--base-url', sandbox.url, '--dry-run', '--online'], { env: {} });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/SALESCHAT_ORG_ID|--org/);
  });
});

describe('import --dry-run without --online', () => {
  it('says planned in the summary; the rows stay skipped; --summary-json has planned', async () => {
    const dry = await importRows('offline', [...SEED, ['', 'bad', '', '', '']], ['--dry-run']);
    expect(dry.code).toBe(1);
    expect(sandbox.stats().requests).toBe(0);
    expect(dry.results.map((r) => r['status'])).toEqual(['skipped', 'skipped', 'skipped', 'invalid']);
    expect(dry.stderr).toMatch(/status: 3 planned, 1 invalid\./);
    expect(dry.stderr).not.toMatch(/status:[^\n]*skipped|\n {2}plan:/);
    expect(dry.summary).toMatchObject({ planned: 3, plan: null, status: { skipped: 3, invalid: 1 } });
  });
});
