import { hash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mapHeader } from '../../src/contacts/header-map.js';
import { rowKeyer } from '../../src/import/row-key.js';
import { mappingKey } from '../../src/import/step-fingerprints.js';

/**
 * A field read from several columns (phone_number <- "Mobile", else "Phone") reads every one of them: each must move
 * the row's key, and which columns and in which order must move the mapping's key.
 */

const HEADER = ['crm_id', 'Phone', 'Mobile', 'opt_in_date', 'Notes'];
const ROW = ['A-1', '+12125550101', '', '2024-01-15', 'n'];
const keyOf = rowKeyer(mapHeader(HEADER), HEADER.length, {});

describe('rowKeyer with fallback columns', () => {
  it.each<[string, number]>([
    ['the first column (Mobile)', 2],
    ['the fallback column (Phone)', 1],
  ])('changes when %s changes', (_name, index) => {
    expect(keyOf(ROW.map((cell, i) => (i === index ? `${cell}9` : cell)))).not.toBe(keyOf(ROW));
  });

  it('does not change with a column nothing reads', () => {
    expect(keyOf(ROW.map((cell, i) => (i === 4 ? 'other' : cell)))).toBe(keyOf(ROW));
  });
});

describe('mappingKey with fallback columns', () => {
  const key = (header: string[], overrides: Record<string, string> = {}) => mappingKey(mapHeader(header, overrides));

  it.each<[string, string[], Record<string, string>]>([
    ['without the fallback', ['crm_id', 'Mobile', 'opt_in_date'], {}],
    ['another fallback', ['crm_id', 'Telephone', 'Mobile', 'opt_in_date'], {}],
    ['the same columns under --map, one only', HEADER, { phone_number: 'Mobile' }],
  ])('differs from %s', (_name, header, overrides) => {
    expect(key(header, overrides)).not.toBe(key(HEADER));
  });

  it('is the same for the same columns in another order in the file', () => {
    expect(key(['Mobile', 'crm_id', 'opt_in_date', 'Phone'])).toBe(key(HEADER));
  });

  it('is, for a mapping without fallbacks, what it was before fallbacks (no row is sent again for them)', () => {
    const before = hash('sha1', JSON.stringify([1, ['crm_id<crm_id', 'opt_in_date<opt_in_date', 'phone_number<Mobile'], []])).slice(0, 16);
    expect(key(['crm_id', 'Mobile', 'opt_in_date'])).toBe(before);
  });
});
