import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { csv, readCsv, runCli, writeTemp } from '../../support/run-cli.js';

export const ORG = 'org-export';

export const EXPORT_HEADER = [
  'phone_number', 'id', 'crm_id', 'first_name', 'last_name', 'opt_in_date', 'create_date', 'is_expired', 'expiry_ts', 'status', 'error_code', 'error_message',
];

export function phone(i: number): string {
  return `+1415555${String(3000 + i).padStart(4, '0')}`;
}

/** Puts contacts into the sandbox the way a user would: an import. */
export async function seed(sandbox: Sandbox, dir: string, rows: (string | number)[][]): Promise<Record<string, string>[]> {
  const input = await writeTemp('seed.csv', csv(['crm_id', 'phone_number', 'opt_in_date', 'first_name', 'last_name'], rows), dir);
  const run = await runCli(['import', input, '--base-url', sandbox.url, '--org', ORG, '--quiet'], { env: { SALESCHAT_TOKEN: sandbox.token } });
  if (run.code !== 0) throw new Error(`seeding failed (${run.code}): ${run.stderr}`);
  return readCsv(join(dir, 'seed.results.csv'));
}

/** Runs `export <input> --out <dir>/out.csv` against the sandbox; returns the run and the export file's rows. */
export async function exportCsv(sandbox: Sandbox, dir: string, text: string, args: string[] = [], token = sandbox.token) {
  const input = await writeTemp('input.csv', text, dir);
  const out = join(dir, 'out.csv');
  const run = await runCli(['export', input, '--out', out, '--base-url', sandbox.url, '--org', ORG, '--quiet', ...args], {
    env: { SALESCHAT_TOKEN: token },
  });
  return { ...run, rows: await readCsv(out), out };
}

/** Rows of CSV text, header included. */
export function csvRecords(text: string): string[][] {
  return parse(text, { bom: true });
}

/** Look-ups the sandbox answered, by HTTP status. */
export function lookups(sandbox: Sandbox): Record<string, number> {
  return sandbox.stats().byOperation['getContactByPhoneV2'] ?? {};
}
