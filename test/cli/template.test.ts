import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTACT_FIELDS } from '../../src/contacts/fields.js';
import { readCsv, tempDir } from '../support/run-cli.js';
import { spawnCli } from '../support/spawn-cli.js';

describe('saleschat-bulk template', () => {
  it('prints the canonical header and one example row, which validates clean when piped to validate -', async () => {
    const template = await spawnCli(['template']);
    expect(template.code).toBe(0);
    expect(template.stderr).toBe('');
    const lines = template.stdout.split('\n');
    expect(lines).toHaveLength(3); // header, example, and the final newline
    expect(lines[2]).toBe('');
    const header = lines[0]!.split(',');
    expect(header.slice(0, CONTACT_FIELDS.length)).toEqual([...CONTACT_FIELDS]);
    expect(header.slice(CONTACT_FIELDS.length).every((column) => column.startsWith('additional.'))).toBe(true);
    expect(lines[1]!.split(',')).toHaveLength(header.length);

    const dir = await tempDir();
    const results = join(dir, 'template.results.csv');
    const validate = await spawnCli(['validate', '-', '--results', results], { stdin: template.stdout });
    expect(validate.code).toBe(0);
    expect(validate.stderr).not.toContain('Ignoring'); // every template column is one the tool takes
    const rows = await readCsv(results);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ row: '1', status: 'ok', error_code: '' });
  });
});
