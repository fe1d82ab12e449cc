import { describe, expect, it } from 'vitest';
import { CliError, OutputError, UsageError } from '../../src/errors.js';
import { reportError } from '../../src/cli/report-error.js';
import { redact, registerSecret } from '../../src/secrets.js';

/** What cli.ts prints and exits with for an error: a CliError keeps its status, anything else is a bug (70); secrets never show. */

const SECRET = 'tok.SECRET-9f3a_xyz';
registerSecret(SECRET);

describe('reportError', () => {
  it.each([
    ['a UsageError', new UsageError('--dedupe takes first, last or off'), 2, 'saleschat-bulk: --dedupe takes first, last or off\n'],
    ['a CliError with its own status', new CliError('aborted: the API refused the token (401)', 3), 3, 'saleschat-bulk: aborted: the API refused the token (401)\n'],
    ['an OutputError', new OutputError('cannot write r.csv: ENOSPC'), 74, 'saleschat-bulk: cannot write r.csv: ENOSPC\n'],
    [
      'a plain Error (a bug)',
      new TypeError("Cannot read properties of undefined (reading 'id')"),
      70,
      "saleschat-bulk: internal error: Cannot read properties of undefined (reading 'id')\nSet SALESCHAT_DEBUG=1 for details, and please report it.\n",
    ],
    ['a thrown string', 'boom', 70, 'saleschat-bulk: internal error: boom\nSet SALESCHAT_DEBUG=1 for details, and please report it.\n'],
  ])('%s', (_name, error, exitCode, text) => {
    expect(reportError(error, { debug: false })).toEqual({ text, exitCode });
  });

  it('with SALESCHAT_DEBUG, an internal error shows its stack', () => {
    const error = new Error('boom');
    const report = reportError(error, { debug: true });
    expect(report.exitCode).toBe(70);
    expect(report.text).toMatch(/^saleschat-bulk: internal error: Error: boom\n {4}at .*report-error\.test\.ts/);
    expect(report.text).toMatch(/please report it\.\n$/i);
  });

  it.each([
    ['a UsageError', new UsageError(`bad value ${SECRET}`)],
    ['an internal error', new Error(`Headers.append: "Bearer ${SECRET}\nx" is an invalid header value.`)],
    ['a thrown string', `token ${SECRET}`],
  ])('cuts the token out of %s, with or without the stack', (_name, error) => {
    for (const debug of [false, true]) {
      const { text } = reportError(error, { debug });
      expect(text).not.toContain(SECRET);
      expect(text).toContain('[redacted]');
    }
  });
});

describe('redact', () => {
  it.each([
    ['the token anywhere in the text', `a ${SECRET} b ${SECRET}`, 'a [redacted] b [redacted]'],
    ['text without it, unchanged', 'tok.SECRET-9f3a (a part only)', 'tok.SECRET-9f3a (a part only)'],
  ])('%s', (_name, text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it('ignores an empty secret, which would match everywhere', () => {
    registerSecret('');
    expect(redact('abc')).toBe('abc');
  });
});
