import { describe, expect, it } from 'vitest';
import { RowIndex } from '../../src/contacts/row-index.js';

describe('RowIndex', () => {
  it('maps keys to rows exactly, through many resizes, like a Map', () => {
    const index = new RowIndex(16);
    const reference = new Map<string, number>();
    for (let i = 0; i < 50_000; i += 1) {
      const key = `CRM-${(i * 7919) % 30_011}`;
      if (!reference.has(key)) reference.set(key, i);
      if (index.get(key) === undefined) index.set(key, i);
    }
    expect(index.size).toBe(reference.size);
    for (const [key, row] of reference) expect(index.get(key)).toBe(row);
    expect(index.get('CRM-missing')).toBeUndefined();
  });

  it('overwrites a key set twice (the "last" pre-pass)', () => {
    const index = new RowIndex();
    index.set('a', 1);
    index.set('a', 9);
    expect([index.get('a'), index.size]).toEqual([9, 1]);
  });

  it.each([
    ['keys that differ only in case', ['crm-1', 'CRM-1']],
    ['a key and its prefix', ['ABC', 'ABCD', 'AB']],
    ['Latin-1 and wider characters', ['Zoë', 'Zoe', '😀1', '😀2', 'Łukasz', 'Lukasz']],
    ['the empty key and a space', ['', ' ']],
  ])('keeps %s apart', (_name, keys) => {
    const index = new RowIndex();
    keys.forEach((key, i) => index.set(key, i + 1));
    expect(keys.map((key) => index.get(key))).toEqual(keys.map((_, i) => i + 1));
    expect(index.size).toBe(keys.length);
  });

  it('compares stored keys, so keys whose hashes land on one slot stay apart', () => {
    const index = new RowIndex(16);
    const keys = Array.from({ length: 200 }, (_, i) => `k${i}`);
    keys.forEach((key, i) => index.set(key, i));
    expect(keys.map((key) => index.get(key))).toEqual(keys.map((_, i) => i));
  });
});
