import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { tokenShapeProblem } from '../../src/config/token.js';
import { csv, tempDir } from '../support/run-cli.js';
import { runCliCaught } from '../support/run-cli-caught.js';

/** The token's shape is checked when it is read: a bad one is a usage error that says where and what, never which characters. */

const SECRET = 'tok.SECRET-9f3a_xyz';

describe('tokenShapeProblem: RFC 6750 b64token', () => {
  it.each([
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'],
    ['every allowed punctuation', 'a-b.c_d~e+f/g'],
    ['base64 padding at the end', 'dG9rZW4='],
    ['double padding', 'dG9r=='],
    ['one character', 'x'],
  ])('accepts %s', (_name, token) => {
    expect(tokenShapeProblem(token)).toBeUndefined();
  });

  it.each([
    ['two lines', `${SECRET}\nsecond`, /^holds more than one line \(a line break at character 20\)$/],
    ['a carriage return', `${SECRET}\rsecond`, /^holds more than one line/],
    ['a NUL byte', `${SECRET}\0x`, /^holds a NUL byte at character 20$/],
    ['a space', 'tok SECRET', /^holds white space at character 4$/],
    ['a tab', 'tok\tSECRET', /^holds white space at character 4$/],
    ['a no-break space', 'tok\u00a0SECRET', /^holds white space at character 4$/],
    ['a Cyrillic letter', 'tokжSECRET', /^holds a character outside ASCII at character 4$/],
    ['an emoji (counted as one character)', '🔑tokSECRET', /^holds a character outside ASCII at character 1$/],
    ['a quote', '"tokSECRET"', /^holds a character a bearer token cannot hold at character 1$/],
    ['"=" before the end', 'tok=SECRET', /^holds a character a bearer token cannot hold at character 4$/],
    ['only padding', '===', /^holds a character a bearer token cannot hold at character 1$/],
    ['a "Bearer " prefix', `Bearer ${SECRET}`, /^starts with "Bearer ": give the token alone/],
    ['nothing', '', /^is empty$/],
  ])('refuses %s', (_name, token, problem) => {
    expect(tokenShapeProblem(token)).toMatch(problem);
  });
});

const VALID = csv(['crm_id', 'phone_number', 'opt_in_date'], [['A-1', '+14155552671', '2024-01-01']]);

let dir: string;

beforeAll(async () => {
  dir = await tempDir();
  await writeFile(join(dir, 'valid.csv'), VALID);
});

/** Each bad token, as it would sit in SALESCHAT_TOKEN or in a token file, and what the message must say. */
const BAD_TOKENS = [
  ['two lines', `${SECRET}\nsecond-line`, /holds more than one line/],
  ['a NUL byte', `${SECRET}\0rest`, /holds a NUL byte/],
  ['a Cyrillic ж', `${SECRET}ж`, /holds a character outside ASCII at character 20/],
  ['an emoji', `${SECRET}🔑`, /holds a character outside ASCII at character 20/],
  ['a space inside', `tok.SECRET 9f3a_xyz`, /holds white space at character 11/],
  ['a tab inside', `tok.SECRET\t9f3a_xyz`, /holds white space at character 11/],
  ['empty', '', /is empty/],
] as const;

describe('a bad token is a usage error naming its source, and never shown', () => {
  // A closed port, so a token the check let through would fail fast and locally, never reach the real API.
  const args = (extra: string[]) => ['import', join(dir, 'valid.csv'), '--org', 'o', '--base-url', 'http://127.0.0.1:1', '--retries', '0', '--results', join(dir, 'r.csv'), ...extra];

  it.each(BAD_TOKENS)('SALESCHAT_TOKEN with %s', async (_name, token, problem) => {
    const run = await runCliCaught(args([]), { env: { SALESCHAT_TOKEN: token } });
    expect(run.code).toBe(2);
    expect(run.error).toBeInstanceOf(UsageError);
    expect(run.stderr).toMatch(/SALESCHAT_TOKEN/);
    expect(run.stderr).toMatch(problem);
    expect(run.stdout + run.stderr).not.toContain('SECRET');
  });

  it.each(BAD_TOKENS)('--token-file with %s', async (name, token, problem) => {
    const path = join(dir, `token ${name}.txt`);
    await writeFile(path, `${token}\n`);
    const run = await runCliCaught(args(['--token-file', path]), { env: { SALESCHAT_TOKEN: 'an.ok-token-from-env' } });
    expect(run.code).toBe(2);
    expect(run.error).toBeInstanceOf(UsageError);
    expect(run.stderr).toContain(`--token-file ${path}`);
    expect(run.stderr).toMatch(problem);
    expect(run.stdout + run.stderr).not.toContain('SECRET');
  });
});
