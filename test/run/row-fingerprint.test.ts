import { describe, expect, it } from 'vitest';
import { contentKey, fingerprint, runKey, runOf, type RunIdentity } from '../../src/run/row-fingerprint.js';

/** What --resume compares: a row is done only when the same content was confirmed, into the same place, from the same input. */

const IDENTITY: RunIdentity = { input: '/data/contacts.csv', baseUrl: 'https://apis.saleschat.pro', orgId: 'org-1' };

describe('runKey', () => {
  it('is 12 hex characters, the same for the same input, base URL and org', () => {
    expect(runKey(IDENTITY)).toMatch(/^[0-9a-f]{12}$/);
    expect(runKey({ ...IDENTITY })).toBe(runKey(IDENTITY));
  });

  it.each<[string, Partial<RunIdentity>]>([
    ['another input', { input: '/data/contacts2.csv' }],
    ['standard input', { input: 'standard input' }],
    ['another base URL', { baseUrl: 'https://apis.saleschat.pro/' }],
    ['the sandbox', { baseUrl: 'sandbox:123:1714521600000' }],
    ['another org', { orgId: 'org-2' }],
    ['org and URL swapped', { baseUrl: 'org-1', orgId: 'https://apis.saleschat.pro' }],
  ])('differs for %s', (_name, change) => {
    expect(runKey({ ...IDENTITY, ...change })).not.toBe(runKey(IDENTITY));
  });
});

describe('contentKey', () => {
  const key = '0123456789abcdef';

  it("is the mode and the row's key (a hash: no value of the row can be read back from the results file)", () => {
    expect(contentKey('upsert', key)).toBe(`upsert-${key}`);
  });

  it.each(['create', 'update'])('differs between upsert and %s (the same row means other requests)', (mode) => {
    expect(contentKey(mode, key)).not.toBe(contentKey('upsert', key));
  });
});

describe('fingerprint and runOf', () => {
  const run = runKey(IDENTITY);
  const content = contentKey('upsert', '0123456789abcdef');

  it('a sent row carries <run>.<content>; a row not sent, <run>. (nothing to confirm)', () => {
    expect(fingerprint(run, content)).toBe(`${run}.${content}`);
    expect(fingerprint(run)).toBe(`${run}.`);
  });

  it.each<[string, string | undefined, string | undefined]>([
    ['a sent row', fingerprint(run, content), run],
    ['a row not sent', fingerprint(run), run],
    ['a cell cut before the dot', run.slice(0, 7), undefined],
    ['a cell starting with the dot', `.${content}`, undefined],
    ['an empty cell', '', undefined],
    ['no cell', undefined, undefined],
  ])('%s', (_name, cell, expected) => {
    expect(runOf(cell)).toBe(expected);
  });
});
