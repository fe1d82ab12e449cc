import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  exportConfig,
  importConfig,
  sandboxConfig,
  templateConfig,
  validateConfig,
  type CommandLine,
  type FlagValue,
} from '../../src/config/index.js';
import { UsageError } from '../../src/errors.js';

/**
 * config/: a parsed command line and the environment in, one frozen, typed object per command out, or one usage
 * error that lists every problem, before any file is opened or any request made.
 */

const TOKEN = 'tok.en';
const ENV = { SALESCHAT_TOKEN: TOKEN, SALESCHAT_ORG_ID: 'org-1' };

/** A command line as cli/ hands it over; the input file need not exist: config/ never opens it. */
function line(command: string, values: Record<string, FlagValue> = {}, positionals: string[] = ['no-such-dir/contacts.csv'], problems: string[] = []): CommandLine {
  return { command, argv: [], values, positionals, problems };
}

/** The usage error a check throws, as its lines (a lone problem is its own message). */
async function problemsOf(check: Promise<unknown>): Promise<string[]> {
  const error: unknown = await check.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UsageError);
  const lines = (error as UsageError).message.split('\n');
  return /^\d+ problems with the command line:$/.test(lines[0] ?? '') ? lines.slice(1).map((text) => text.trim()) : lines;
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'config-test-'));
  await writeFile(join(dir, 'map.json'), '{"crm_id": "Lead ID", "phone_number": "Home"}');
  await writeFile(join(dir, 'broken.json'), '{"crm_id": ');
  await writeFile(join(dir, 'list.json'), '["crm_id"]');
  await writeFile(join(dir, 'token.txt'), ` ${TOKEN}\n`);
});

describe('the input flags (validate, import, export)', () => {
  it('defaults every flag', async () => {
    expect(await validateConfig(line('validate'))).toEqual({
      input: 'no-such-dir/contacts.csv',
      results: join('no-such-dir', 'contacts.results.csv'),
      rejects: undefined,
      summaryJson: undefined,
      columnOverrides: {},
      delimiter: undefined,
      encoding: undefined,
      defaultCountry: undefined,
      preset: undefined,
      dateFormat: undefined,
      timezone: undefined,
      sheet: undefined,
      dedupe: 'first',
      rejectsIncludeDuplicates: false,
      workers: undefined,
      waitLock: false,
      quiet: false,
    });
  });

  it.each<[string, Record<string, FlagValue>, Record<string, unknown>]>([
    ['--results', { results: 'r.csv' }, { results: 'r.csv' }],
    ['--rejects', { rejects: 'fix.csv' }, { rejects: 'fix.csv' }],
    ['--summary-json', { 'summary-json': 's.json' }, { summaryJson: 's.json' }],
    ['--delimiter ;', { delimiter: ';' }, { delimiter: ';' }],
    ['--preset hubspot', { preset: 'hubspot' }, { preset: 'hubspot' }],
    ['--timezone Europe/Berlin', { timezone: 'Europe/Berlin' }, { timezone: 'Europe/Berlin' }],
    ['--sheet Leads', { sheet: 'Leads' }, { sheet: 'Leads' }],
    ['--rejects-include-duplicates', { 'rejects-include-duplicates': true }, { rejectsIncludeDuplicates: true }],
    ['--delimiter tab', { delimiter: 'tab' }, { delimiter: '\t' }],
    ['--delimiter \\t', { delimiter: '\\t' }, { delimiter: '\t' }],
    ['--encoding latin1 (as TextDecoder names it)', { encoding: 'latin1' }, { encoding: 'windows-1252' }],
    ['--encoding UTF16LE', { encoding: 'UTF16LE' }, { encoding: 'utf-16le' }],
    ['--default-country gb', { 'default-country': 'gb' }, { defaultCountry: 'GB' }],
    ['--map, repeated', { map: ['crm_id=Lead ID', 'additional.tier=Level = Tier'] }, { columnOverrides: { crm_id: 'Lead ID', 'additional.tier': 'Level = Tier' } }],
    ['--dedupe last', { dedupe: 'last' }, { dedupe: 'last' }],
    ['--dedupe off', { dedupe: 'off' }, { dedupe: 'off' }],
    ['--workers 0', { workers: '0' }, { workers: 0 }],
    ['--workers 16', { workers: '16' }, { workers: 16 }],
    ['--wait-lock', { 'wait-lock': true }, { waitLock: true }],
    ['--quiet', { quiet: true }, { quiet: true }],
  ])('takes %s', async (_name, values, expected) => {
    expect(await validateConfig(line('validate', values))).toMatchObject(expected);
  });

  it('reads --mapping-file, and --map wins over it', async () => {
    const config = await validateConfig(line('validate', { 'mapping-file': join(dir, 'map.json'), map: ['phone_number=Mobile'] }));
    expect(config.columnOverrides).toEqual({ crm_id: 'Lead ID', phone_number: 'Mobile' });
  });

  it.each<[string, Record<string, FlagValue>, string[], RegExp]>([
    ['no input file', {}, [], /^validate needs an input file: saleschat-bulk validate <file\.csv \| file\.csv\.gz \| file\.xlsx \| ->$/],
    ['two input files', {}, ['a.csv', 'b.csv'], /^validate takes one input file; also got: b\.csv$/],
    ['standard input without --results', {}, ['-'], /^Reading standard input needs --results PATH/],
    ['--dedupe last with standard input', { dedupe: 'last', results: 'r.csv' }, ['-'], /^--dedupe last reads the file twice, so it cannot read standard input/],
    ['--results=', { results: '' }, ['a.csv'], /^--results needs a file path\.$/],
    ['--rejects of spaces', { rejects: '  ' }, ['a.csv'], /^--rejects needs a file path\.$/],
    ['--summary-json=', { 'summary-json': '' }, ['a.csv'], /^--summary-json needs a file path\.$/],
    ['--mapping-file=', { 'mapping-file': '' }, ['a.csv'], /^--mapping-file needs a file path\.$/],
    ['--delimiter xx', { delimiter: 'xx' }, ['a.csv'], /^Invalid delimiter "xx": give one character/],
    ['--delimiter of a quote', { delimiter: '"' }, ['a.csv'], /^Invalid delimiter/],
    ['--encoding klingon', { encoding: 'klingon' }, ['a.csv'], /^Unknown encoding "klingon": use one of utf-8, utf-16le/],
    ['--default-country XX', { 'default-country': 'XX' }, ['a.csv'], /^--default-country "XX" is not a country code: give an ISO 3166-1 alpha-2 code/],
    ['--default-country USA', { 'default-country': 'USA' }, ['a.csv'], /^--default-country "USA" is not a country code/],
    ['--map without =', { map: ['crm_id'] }, ['a.csv'], /^--map "crm_id" is not field=Header \(for example --map crm_id="Lead ID"\)\.$/],
    ['--map without a field', { map: ['=Lead ID'] }, ['a.csv'], /^--map "=Lead ID" is not field=Header/],
    ['--map naming a field twice', { map: ['crm_id=A', 'crm_id=B'] }, ['a.csv'], /^--map names crm_id more than once; give one header for it\.$/],
    ['a missing --mapping-file', { 'mapping-file': join('no-such-dir', 'map.json') }, ['a.csv'], /^Mapping file no-such-dir\/map\.json: no such file\.$/],
    ['a --mapping-file that is not JSON', { 'mapping-file': 'BROKEN' }, ['a.csv'], /broken\.json is not valid JSON/],
    ['a --mapping-file that is not an object', { 'mapping-file': 'LIST' }, ['a.csv'], /list\.json must hold a JSON object of field to header/],
    ['--dedupe sometimes', { dedupe: 'sometimes' }, ['a.csv'], /^--dedupe takes first, last or off$/],
    ['--preset excel', { preset: 'excel' }, ['a.csv'], /^--preset takes hubspot, salesforce, pipedrive, zoho, bitrix24; got "excel"$/],
    ['--timezone CET+1', { timezone: 'Mars/Olympus' }, ['a.csv'], /^--timezone takes an IANA time zone name .*"Mars\/Olympus"/],
    ['--sheet=', { sheet: ' ' }, ['a.csv'], /^--sheet needs a worksheet name\.$/],
    ['--workers -1', { workers: '-1' }, ['a.csv'], /^--workers must be at least 0$/],
    ['--workers 99', { workers: '99' }, ['a.csv'], /^--workers must be at most 16$/],
    ['--workers 2.5', { workers: '2.5' }, ['a.csv'], /^--workers takes a whole number$/],
    ['--workers= (empty is not 0)', { workers: '' }, ['a.csv'], /^--workers takes a whole number$/],
    ['--workers two', { workers: 'two' }, ['a.csv'], /^--workers takes a whole number$/],
  ])('refuses %s', async (_name, values, positionals, message) => {
    const given = { ...values };
    if (given['mapping-file'] === 'BROKEN') given['mapping-file'] = join(dir, 'broken.json');
    if (given['mapping-file'] === 'LIST') given['mapping-file'] = join(dir, 'list.json');
    const problems = await problemsOf(validateConfig(line('validate', given, positionals)));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });
});

describe('import', () => {
  it('defaults every flag, with the token and org from the environment', async () => {
    const config = await importConfig(line('import'), ENV);
    expect(config).toMatchObject({
      mode: 'upsert',
      phoneFormat: 'object',
      dryRun: false,
      resume: false,
      api: { baseUrl: 'https://apis.saleschat.pro', token: TOKEN, orgId: 'org-1', sandbox: false, concurrency: 8, rate: undefined, retries: 5, timeoutMs: 30_000, maxErrors: 50 },
    });
  });

  it.each<[string, Record<string, FlagValue>, Record<string, string>, Record<string, unknown>]>([
    ['--mode create', { mode: 'create' }, ENV, { mode: 'create' }],
    ['--mode update', { mode: 'update' }, ENV, { mode: 'update' }],
    ['--phone-format e164', { 'phone-format': 'e164' }, ENV, { phoneFormat: 'e164' }],
    ['--concurrency 256', { concurrency: '256' }, ENV, { api: { concurrency: 256 } }],
    ['--rate 2.5', { rate: '2.5' }, ENV, { api: { rate: 2.5 } }],
    ['--retries 0', { retries: '0' }, ENV, { api: { retries: 0 } }],
    ['--timeout 1.5 (seconds, kept in ms)', { timeout: '1.5' }, ENV, { api: { timeoutMs: 1500 } }],
    ['--max-errors 1', { 'max-errors': '1' }, ENV, { api: { maxErrors: 1 } }],
    ['--org over SALESCHAT_ORG_ID', { org: 'from-flag' }, ENV, { api: { orgId: 'from-flag' } }],
    ['--base-url, trailing slash dropped', { 'base-url': 'https://gateway.example.com/api/' }, ENV, { api: { baseUrl: 'https://gateway.example.com/api' } }],
    ['SALESCHAT_BASE_URL', {}, { ...ENV, SALESCHAT_BASE_URL: 'http://127.0.0.1:4010' }, { api: { baseUrl: 'http://127.0.0.1:4010' } }],
    ['--token-file over SALESCHAT_TOKEN', { 'token-file': 'TOKEN_FILE' }, { SALESCHAT_TOKEN: 'other', SALESCHAT_ORG_ID: 'o' }, { api: { token: TOKEN } }],
    ['--dry-run: no token or org needed', { 'dry-run': true }, {}, { dryRun: true, api: { token: '', orgId: 'sandbox-org' } }],
    ['--dry-run --online: token and org as an import', { 'dry-run': true, online: true }, ENV, { dryRun: true, online: true, api: { token: TOKEN, orgId: 'org-1' } }],
    ['--sandbox: no token, org or URL needed', { sandbox: true }, {}, { api: { sandbox: true, baseUrl: '', token: '', orgId: 'sandbox-org' } }],
    ['--resume', { resume: true, results: 'r.csv' }, ENV, { resume: true }],
  ])('takes %s', async (_name, values, env, expected) => {
    const given = { ...values };
    if (given['token-file'] === 'TOKEN_FILE') given['token-file'] = join(dir, 'token.txt');
    expect(await importConfig(line('import', given), env)).toMatchObject(expected);
  });

  it.each<[string, Record<string, FlagValue>, Record<string, string>, RegExp]>([
    ['--mode sideways', { mode: 'sideways' }, ENV, /^--mode takes upsert, create, update; got "sideways"$/],
    ['--phone-format string', { 'phone-format': 'string' }, ENV, /^--phone-format takes object, e164; got "string"$/],
    ['--concurrency 0', { concurrency: '0' }, ENV, /^--concurrency must be at least 1$/],
    ['--concurrency 257', { concurrency: '257' }, ENV, /^--concurrency must be at most 256$/],
    ['--rate=', { rate: '' }, ENV, /^--rate takes a number$/],
    ['--rate 0', { rate: '0' }, ENV, /^--rate must be greater than 0$/],
    ['--retries 21', { retries: '21' }, ENV, /^--retries must be at most 20$/],
    ['--timeout 0', { timeout: '0' }, ENV, /^--timeout must be greater than 0$/],
    ['--timeout soon', { timeout: 'soon' }, ENV, /^--timeout takes a number$/],
    ['--max-errors 0', { 'max-errors': '0' }, ENV, /^--max-errors must be at least 1$/],
    ['--base-url ftp://', { 'base-url': 'ftp://example.com' }, ENV, /^--base-url must be http\(s\):\/\/, got ftp:$/],
    ['--base-url over clear text', { 'base-url': 'http://example.com' }, ENV, /^Refusing plain http:\/\/ to example\.com/],
    ['SALESCHAT_BASE_URL that is not a URL', {}, { ...ENV, SALESCHAT_BASE_URL: 'apis' }, /^SALESCHAT_BASE_URL "apis" is not a URL/],
    ['--org ..', { org: '..' }, ENV, /^--org "\.\." cannot be an organisation id/],
    ['no org', {}, { SALESCHAT_TOKEN: TOKEN }, /^No organisation id: set SALESCHAT_ORG_ID or pass --org ID\.$/],
    ['no token', {}, { SALESCHAT_ORG_ID: 'o' }, /^No API token: set SALESCHAT_TOKEN or pass --token-file PATH/],
    ['a missing --token-file', { 'token-file': 'no-such-dir/token.txt' }, { SALESCHAT_ORG_ID: 'o' }, /^Cannot read --token-file no-such-dir\/token\.txt: ENOENT$/],
    ['--resume with --dry-run', { resume: true, 'dry-run': true, results: 'r.csv' }, ENV, /^--resume continues sending and --dry-run sends nothing/],
    ['--online without --dry-run', { online: true }, ENV, /^--online only goes with --dry-run/],
    ['--dry-run --online without an org', { 'dry-run': true, online: true }, { SALESCHAT_TOKEN: TOKEN }, /^No organisation id/],
    ['--resume into standard output', { resume: true, results: '-' }, ENV, /^--resume reads the results file of the earlier run: give it with --results PATH \(not -\)\.$/],
    ['--resume of a --sandbox run', { resume: true, sandbox: true, results: 'r.csv' }, ENV, /^--resume cannot continue a --sandbox run/],
  ])('refuses %s', async (_name, values, env, message) => {
    const problems = await problemsOf(importConfig(line('import', values), env));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });
});

describe('export', () => {
  it('writes to --out instead of a results file, and de-duplicates by phone itself (no crm_id de-duplication)', async () => {
    const config = await exportConfig(line('export', { out: '-', sandbox: true }), {});
    expect(config).toMatchObject({ out: '-', input: { results: '-', dedupe: 'off' }, api: { sandbox: true } });
  });

  it('reads standard input with --out alone', async () => {
    expect((await exportConfig(line('export', { out: 'found.csv' }, ['-']), ENV)).input).toMatchObject({ input: '-', results: 'found.csv' });
  });

  it.each<[string, Record<string, FlagValue>]>([
    ['no --out', {}],
    ['--out=', { out: '' }],
  ])('refuses %s', async (_name, values) => {
    expect(await problemsOf(exportConfig(line('export', values), ENV))).toEqual([
      'export needs --out FILE for the export CSV (or --out - to write it to standard output).',
    ]);
  });
});

describe('sandbox', () => {
  it('defaults: port 4010, every other option left to the sandbox', async () => {
    expect(await sandboxConfig(line('sandbox', {}, []))).toEqual({ options: { port: 4010 }, quiet: false });
  });

  it.each<[string[], Record<string, unknown>]>([
    [['port', '0'], { port: 0 }],
    [['host', '0.0.0.0'], { host: '0.0.0.0' }],
    [['token', 'tok-1'], { token: 'tok-1' }],
    [['state', 'contacts.json'], { statePath: 'contacts.json' }],
    [['dates', 'epoch'], { dates: 'epoch' }],
    [['latency', '25'], { latencyMs: 25 }],
    [['fail-rate', '0.1'], { failRate: 0.1 }],
    [['fail-after-commit', '1'], { failAfterCommit: 1 }],
    [['seed', '4294967295'], { seed: 4_294_967_295 }],
    [['orgs', 'acme, beta'], { orgs: ['acme', 'beta'] }],
  ])('--%s', async ([flag = '', value = ''], expected) => {
    expect((await sandboxConfig(line('sandbox', { [flag]: value }, []))).options).toEqual({ port: 4010, ...expected });
  });

  it.each<[Record<string, FlagValue>, string]>([
    [{ port: 'abc' }, "--port must be an integer from 0 to 65535, got 'abc'"],
    [{ port: '65536' }, "--port must be an integer from 0 to 65535, got '65536'"],
    [{ token: '' }, '--token must be non-empty and contain no white space'],
    [{ token: 'a b' }, '--token must be non-empty and contain no white space'],
    [{ dates: 'unix' }, "--dates must be iso or epoch, got 'unix'"],
    [{ latency: '-5' }, "--latency must be a number of milliseconds >= 0, got '-5'"],
    [{ 'fail-rate': '1.5' }, "--fail-rate must be a share between 0 and 1, e.g. 0.1, got '1.5'"],
    [{ orgs: 'acme,,beta' }, '--orgs takes org ids separated by commas, e.g. --orgs acme,beta'],
    [{ 'fail-after-commit': 'x' }, "--fail-after-commit must be a share between 0 and 1, e.g. 0.1, got 'x'"],
    [{ 'rate-limit': '0' }, "--rate-limit must be an integer >= 1 (requests a second), got '0'"],
    [{ 'rate-limit': '200,100' }, "--rate-limit must be N or a schedule like 200,100@8s,300@16s, got '200,100': '100' needs a time: N@TIME, e.g. 100@8s"],
    [{ 'rate-limit': '10', limiter: 'leaky' }, "--limiter must be one of fixed, sliding, token-bucket, concurrency, got 'leaky'"],
    [{ 'rate-limit': '10', limiter: 'token-bucket', burst: '0' }, "--burst must be an integer >= 1 (1: no burst, requests evenly spaced), got '0'"],
    [{ 'rate-limit': '10', burst: '2' }, '--burst applies only to --limiter token-bucket, not fixed (the default)'],
    [{ 'rate-limit': '10', 'retry-after': 'later' }, "--retry-after must be one of seconds, date, none, got 'later'"],
    [{ 'rate-limit': '10', 'rate-limit-headers': 'github' }, "--rate-limit-headers must be one of ietf, legacy, x, none, got 'github'"],
    [{ limiter: 'sliding' }, '--limiter needs --rate-limit N'],
    [{ seed: '-1' }, "--seed must be an integer from 0 to 4294967295, got '-1'"],
  ])('refuses %j', async (values, message) => {
    expect(await problemsOf(sandboxConfig(line('sandbox', values, [])))).toEqual([message]);
  });

  it('refuses an argument', async () => {
    expect(await problemsOf(sandboxConfig(line('sandbox', {}, ['extra'])))).toEqual(["sandbox takes no arguments, got 'extra'"]);
  });
});

describe('template', () => {
  it('refuses an argument, saying it prints to standard output', async () => {
    expect(await problemsOf(Promise.resolve().then(() => templateConfig(line('template', {}, ['contacts.csv']))))).toEqual([
      'template takes no arguments (got: contacts.csv); it prints to standard output: saleschat-bulk template > contacts.csv',
    ]);
  });
});

describe('every problem at once', () => {
  it('lists every bad flag and missing setting in one usage error, one line each, the parser first', async () => {
    const values = { mode: 'sideways', concurrency: '0', delimiter: 'xx', map: ['crm_id'], workers: '99' };
    const parsed = line('import', values, ['a.csv', 'b.csv'], ["Unknown option '--dry-rn'. Did you mean --dry-run?"]);
    const error = (await importConfig(parsed, {}).catch((caught: unknown) => caught)) as UsageError;
    expect(error).toBeInstanceOf(UsageError);
    expect(error.exitCode).toBe(2);
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('9 problems with the command line:');
    expect(lines[1]).toBe("  Unknown option '--dry-rn'. Did you mean --dry-run?");
    expect(lines.slice(2, -1).map((text) => text.trim()).sort()).toEqual(
      [
        'import takes one input file; also got: b.csv',
        '--map "crm_id" is not field=Header (for example --map crm_id="Lead ID").',
        'Invalid delimiter "xx": give one character (other than a quote or line break), or \\t / tab',
        '--workers must be at most 16',
        '--mode takes upsert, create, update; got "sideways"',
        '--concurrency must be at least 1',
        'No API token: set SALESCHAT_TOKEN or pass --token-file PATH (or try --sandbox to run against the local sandbox).',
        'No organisation id: set SALESCHAT_ORG_ID or pass --org ID.',
      ].sort(),
    );
    expect(lines.at(-1)).toBe("Run 'saleschat-bulk import --help' for the flags it takes.");
  });

  it.each<[string, () => Promise<unknown>, number]>([
    ['validate', () => validateConfig(line('validate', { workers: 'x', dedupe: 'x', encoding: 'x' })), 3],
    ['export', () => exportConfig(line('export', { rate: '0', retries: '-1', 'default-country': 'ZZ' }), ENV), 4],
    ['sandbox', () => sandboxConfig(line('sandbox', { port: 'x', seed: 'x', latency: 'x', burst: '1' }, [])), 4],
  ])('%s too', async (_name, check, count) => {
    expect(await problemsOf(check())).toHaveLength(count);
  });
});

describe('the result is frozen', () => {
  it.each<[string, () => Promise<object>]>([
    ['validate', () => validateConfig(line('validate', { map: ['crm_id=Lead ID'] }))],
    ['import', () => importConfig(line('import', {}), ENV)],
    ['export', () => exportConfig(line('export', { out: 'found.csv' }), ENV)],
    ['sandbox', () => sandboxConfig(line('sandbox', { 'rate-limit': '5' }, []))],
  ])('%s: the object and every object in it', async (_name, check) => {
    const config = await check();
    const objects = (value: unknown): object[] =>
      typeof value === 'object' && value !== null ? [value, ...Object.values(value).flatMap((inner) => (Array.isArray(inner) ? [] : objects(inner)))] : [];
    for (const object of objects(config)) expect(Object.isFrozen(object)).toBe(true);
    expect(() => Object.assign(config, { extra: 1 })).toThrow(TypeError);
  });

  it('import keeps its argv, frozen, for the --resume advice', async () => {
    const config = await importConfig({ ...line('import'), argv: ['contacts.csv', '-q'] }, ENV);
    expect(config.argv).toEqual(['contacts.csv', '-q']);
    expect(Object.isFrozen(config.argv)).toBe(true);
  });
});
