import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { csv, tempDir } from '../support/run-cli.js';
import { runCliCaught } from '../support/run-cli-caught.js';

/** More usage errors and help, in-process (fast): exit 2, one message, nothing written, the token never shown. */

const SECRET = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2VuLXZhbHVl.s3cr3t';
const VALID = csv(['crm_id', 'phone_number', 'opt_in_date'], [['A-1', '+14155552671', '2024-01-01']]);

let dir: string;
const inDir = (args: string[]) => args.map((arg) => arg.replaceAll('$D/', `${dir}/`));

beforeAll(async () => {
  dir = await tempDir();
  await writeFile(join(dir, 'valid.csv'), VALID);
  await writeFile(join(dir, 'token.txt'), `${SECRET}\n`);
  await writeFile(join(dir, 'empty.txt'), ' \n');
});

describe('usage errors exit 2 with a message that says what to do', () => {
  it.each([
    ['-v prints the version', ['-v'], 0, /^\d+\.\d+\.\d+/],
    ['help as a command', ['help'], 0, /Usage: saleschat-bulk <command>/],
    ['two input files', ['validate', '$D/valid.csv', '$D/other.csv'], 2, /validate takes one input file; also got: .*other\.csv/],
    ['a folder as input', ['validate', '$D/'], 2, /is a directory/],
    ['--workers=-1', ['validate', '$D/valid.csv', '--workers=-1'], 2, /--workers must be at least 0/],
    ['--workers= (empty is not 0)', ['validate', '$D/valid.csv', '--workers='], 2, /--workers takes a whole number/],
    ['--workers 2.5', ['validate', '$D/valid.csv', '--workers', '2.5'], 2, /--workers takes a whole number/],
    ['--workers 99', ['validate', '$D/valid.csv', '--workers', '99'], 2, /--workers must be at most 16/],
    ['--delimiter xx', ['validate', '$D/valid.csv', '--delimiter', 'xx'], 2, /delimiter "xx"/],
    ['--encoding klingon', ['validate', '$D/valid.csv', '--encoding', 'klingon'], 2, /Unknown encoding "klingon"/],
    ['--map without =', ['validate', '$D/valid.csv', '--map', 'crm_id'], 2, /--map "crm_id" is not field=Header/],
    ['--map of an unknown field', ['validate', '$D/valid.csv', '--map', 'shoe_size=crm_id'], 2, /Cannot map "shoe_size": it is not a field/],
    ['--map to a missing header', ['validate', '$D/valid.csv', '--map', 'phone_number=Mobile'], 2, /Cannot map phone_number to "Mobile": no such header/],
    ['a missing --mapping-file', ['validate', '$D/valid.csv', '--mapping-file', '$D/nope.json'], 2, /Mapping file .*nope\.json: no such file/],
    ['--results= (empty)', ['validate', '$D/valid.csv', '--results='], 2, /--results needs a file path/],
    ['--results in a missing folder', ['validate', '$D/valid.csv', '--results', '$D/no/such/r.csv'], 2, /Cannot create .*r\.csv: the folder .* does not exist/],
    ['template with an argument', ['template', 'contacts.csv'], 2, /template takes no arguments \(got: contacts\.csv\).*template > contacts\.csv/],
    ['template with a flag it does not take', ['template', '--results', 'r.csv'], 2, /Unknown option '--results'/],
    ['import without an org', ['import', '$D/valid.csv', '--token-file', '$D/token.txt'], 2, /set SALESCHAT_ORG_ID or pass --org/],
    ['import with an empty token file', ['import', '$D/valid.csv', '--token-file', '$D/empty.txt', '--org', 'o'], 2, /--token-file .*empty\.txt is empty/],
    ['import --token-file missing', ['import', '$D/valid.csv', '--token-file', '$D/none.txt', '--org', 'o'], 2, /Cannot read --token-file .*none\.txt: ENOENT/],
    ['import to an ftp URL', ['import', '$D/valid.csv', '--base-url', 'ftp://example.com', '--token-file', '$D/token.txt'], 2, /--base-url must be http\(s\)/],
    ['import to a non-URL', ['import', '$D/valid.csv', '--base-url', 'apis', '--token-file', '$D/token.txt'], 2, /--base-url "apis" is not a URL/],
    ['import --concurrency 0', ['import', '$D/valid.csv', '--concurrency', '0', '--token-file', '$D/token.txt'], 2, /--concurrency must be at least 1/],
    ['import --rate= (empty)', ['import', '$D/valid.csv', '--rate=', '--token-file', '$D/token.txt'], 2, /--rate takes a number/],
    ['import --mode sideways', ['import', '$D/valid.csv', '--mode', 'sideways', '--token-file', '$D/token.txt', '--org', 'o'], 2, /--mode takes upsert, create, update/],
  ] as const)('%s', async (_name, args, code, message) => {
    const run = await runCliCaught(inDir([...args]), { env: { SALESCHAT_TOKEN: SECRET } });
    expect(run.code).toBe(code);
    if (message) expect(run.stdout + run.stderr).toMatch(message);
    if (code === 2) expect(run.error).toBeInstanceOf(UsageError);
    expect(run.stdout + run.stderr).not.toContain(SECRET);
  });

  it.each([
    ['the results', ['--results', '$D/valid.csv'], /Cannot write the results file to .*valid\.csv: it is the same file as the input file/],
    ['the results, spelt another way', ['--results', '$D/./valid.csv'], /it is the same file as the input file/],
    ['--rejects', ['--results', '$D/r1.csv', '--rejects', '$D/valid.csv'], /Cannot write --rejects to .*: it is the same file as the input file/],
    ['--summary-json', ['--results', '$D/r2.csv', '--summary-json', '$D/valid.csv'], /Cannot write --summary-json to .*: it is the same file as the input file/],
    ['--rejects onto the results', ['--results', '$D/r3.csv', '--rejects', '$D/r3.csv'], /--rejects .*: it is the same file as the results file/],
  ])('refuses to write %s over the input or another output, before reading it', async (_name, flags, message) => {
    const run = await runCliCaught(inDir(['validate', '$D/valid.csv', ...flags]));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(await readFile(join(dir, 'valid.csv'), 'utf8')).toBe(VALID);
  });
});

describe('help', () => {
  it.each(['validate', 'import', 'export', 'sandbox', 'template'])('%s --help prints its usage and exits 0', async (command) => {
    const run = await runCliCaught([command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: saleschat-bulk ${command}`);
  });

  it('validate --help documents every input flag', async () => {
    const { stdout } = await runCliCaught(['validate', '--help']);
    for (const flag of ['--results', '--rejects', '--summary-json', '--delimiter', '--encoding', '--map', '--mapping-file', '--default-country', '--dedupe', '--workers', '--quiet']) {
      expect(stdout).toContain(flag);
    }
  });
});
