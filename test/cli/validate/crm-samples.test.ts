import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { csv, readCsv, runCli, tempDir, writeTemp } from '../../support/run-cli.js';

/**
 * Issue 14: a CRM's export validates as it comes, with no flag: its preset is recognised, every column the contact
 * needs is found, and the run says which header went to which field before it starts.
 */

const samples = (name: string) => fileURLToPath(new URL(`../../../samples/${name}`, import.meta.url));

/** The mapping lines of a run's stderr, their alignment squeezed out. */
const mappingLines = (stderr: string): string[] => stderr.split('\n').filter((line) => /^ {2}\S+ +<- /.test(line)).map((line) => line.trim().replace(/ +<- /, ' <- '));

interface CrmSample {
  file: string;
  rows: number;
  title: string;
  preset: string;
  dateFormat: string;
  columns: string[];
}

const CRM_SAMPLES: CrmSample[] = [
  {
    file: 'hubspot-export.csv',
    rows: 7,
    title: 'HubSpot',
    preset: 'hubspot',
    dateFormat: 'YYYY-MM-DD HH:mm',
    columns: [
      'crm_id <- "Record ID"',
      'phone_number <- "Mobile Phone Number", else "Phone Number"',
      'opt_in_date <- "Create Date"',
      'first_name <- "First Name"',
      'last_name <- "Last Name"',
      'stage <- "Lifecycle Stage"',
    ],
  },
  {
    file: 'salesforce-export.csv',
    rows: 6,
    title: 'Salesforce',
    preset: 'salesforce',
    dateFormat: 'M/D/YYYY h:mm A',
    columns: ['crm_id <- "Contact ID"', 'phone_number <- "Mobile", else "Phone"', 'opt_in_date <- "Created Date"', 'first_name <- "First Name"', 'last_name <- "Last Name"'],
  },
  {
    file: 'pipedrive-export.csv',
    rows: 5,
    title: 'Pipedrive',
    preset: 'pipedrive',
    dateFormat: 'YYYY-MM-DD HH:mm:ss',
    columns: [
      'crm_id <- "Person - ID"',
      'phone_number <- "Person - Phone - Mobile", else "Person - Phone - Work"',
      'opt_in_date <- "Person - Person created"',
      'first_name <- "Person - First name"',
      'last_name <- "Person - Last name"',
    ],
  },
  {
    file: 'zoho-export.csv',
    rows: 5,
    title: 'Zoho CRM',
    preset: 'zoho',
    dateFormat: 'YYYY-MM-DD HH:mm:ss',
    columns: ['crm_id <- "Record Id"', 'phone_number <- "Mobile", else "Phone"', 'opt_in_date <- "Created Time"', 'first_name <- "First Name"', 'last_name <- "Last Name"'],
  },
  {
    file: 'bitrix24-export.csv',
    rows: 12,
    title: 'Bitrix24',
    preset: 'bitrix24',
    dateFormat: 'DD.MM.YYYY HH:mm:ss',
    columns: ['crm_id <- "ID"', 'phone_number <- "Mobile phone"', 'opt_in_date <- "Created"', 'last_name <- "Last name"', 'source <- "Source"', 'stage <- "Stage"'],
  },
];

describe('samples/ from CRMs validate with no flags', () => {
  it.each(CRM_SAMPLES)('validate $file', async ({ file, rows, title, preset, dateFormat, columns }) => {
    const results = join(await tempDir(), 'results.csv');
    const run = await runCli(['validate', samples(file), '--results', results]);
    const read = await readCsv(results);
    expect(read.filter((row) => row['status'] !== 'ok').map((row) => `${row['row']}: ${row['error_message']}`)).toEqual([]);
    expect(read).toHaveLength(rows);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`Recognised a ${title} export: --preset ${preset} (its columns, and dates as ${dateFormat}); give --preset or --map to choose otherwise.`);
    expect(run.stderr).toContain('Columns (field <- header):\n');
    expect(mappingLines(run.stderr)).toEqual(columns);
  });

  it('--quiet prints neither the preset nor the mapping', async () => {
    const results = join(await tempDir(), 'results.csv');
    const run = await runCli(['validate', samples('hubspot-export.csv'), '--results', results, '--quiet']);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('Recognised');
    expect(mappingLines(run.stderr)).toEqual([]);
  });

  it('a --map wins over the preset, and the mapping lines show it', async () => {
    const results = join(await tempDir(), 'results.csv');
    const run = await runCli(['validate', samples('hubspot-export.csv'), '--results', results, '--map', 'phone_number=Phone Number']);
    expect(mappingLines(run.stderr)).toContain('phone_number <- "Phone Number"');
    expect(run.stderr).toMatch(/Ignoring \d column\(s\) .*"Mobile Phone Number"/);
  });
});

describe('a phone column named as people name it', () => {
  it('export of a file whose phone column is "Phone" runs (it stopped with exit 2)', async () => {
    const dir = await tempDir();
    const input = await writeTemp('phones.csv', csv(['Name', 'Phone'], [['Ada', '+1 212 555 0101'], ['Alan', '+44 20 7946 0018']]), dir);
    const out = join(dir, 'out.csv');
    const run = await runCli(['export', input, '--out', out, '--sandbox']);
    expect(run.code).toBe(0);
    expect(mappingLines(run.stderr)).toEqual(['phone_number <- "Phone"']);
    expect((await readCsv(out)).map((row) => [row['phone_number'], row['status']])).toEqual([
      ['+12125550101', 'not_found'],
      ['+442079460018', 'not_found'],
    ]);
  });

  it('a rejects file fed back ignores its error_code and error_message without a word', async () => {
    const dir = await tempDir();
    const input = await writeTemp('rejects.csv', csv(['crm_id', 'Mobile', 'opt_in_date', 'error_code', 'error_message'], [['A', '+1 212 555 0101', '2024-01-15', 'PHONE_INVALID', 'column "Mobile": was bad']]), dir);
    const run = await runCli(['validate', input, '--results', join(dir, 'results.csv')]);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('Ignoring');
  });
});
