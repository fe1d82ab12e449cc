import { describe, expect, it } from 'vitest';
import { mapHeader } from '../../src/contacts/header-map.js';
import { rowKeyer } from '../../src/import/row-key.js';
import { EXPORT_FILE_COLUMNS } from '../../src/io/own-files.js';

/**
 * A row's key stands for its check: the sync state answers a row with a known key as unchanged without checking
 * it. So every cell the check reads must move the key, and nothing else should (a CRM's "last modified" column
 * would otherwise make every row of every night look new).
 */

const HEADER = ['crm_id', 'phone_number', 'opt_in_date', 'first_name', 'stage', 'user_id', 'additional.tier', 'Last Modified'];
const ROW = ['A-1', '+14155552671', '2024-01-15', 'Ann', 'Lead', 'user-1', 'gold', '2026-11-29 23:59'];
const keyOf = rowKeyer(mapHeader(HEADER), HEADER.length, {});

describe('rowKeyer', () => {
  it('gives 16 hex digits, the same for the same cells', () => {
    expect(keyOf(ROW)).toMatch(/^[0-9a-f]{16}$/);
    expect(keyOf([...ROW])).toBe(keyOf(ROW));
  });

  it.each(HEADER.slice(0, 7).map((name, index) => [name, index]))('changes when the mapped column %s changes', (_name, index) => {
    const changed = ROW.map((cell, i) => (i === index ? `${cell}x` : cell));
    expect(keyOf(changed)).not.toBe(keyOf(ROW));
  });

  it.each<[string, string[]]>([
    ['a space added', ROW.map((cell, i) => (i === 3 ? ` ${cell}` : cell))],
    ['a cell emptied', ROW.map((cell, i) => (i === 4 ? '' : cell))],
    ['a value moved to the next column', ['A-1', '+14155552671', '2024-01-15', '', 'AnnLead', 'user-1', 'gold', ROW[7]!]],
    ['a delimiter-like split', ['A-1', '+14155552671', '2024-01-15', 'Ann","Lead', '', 'user-1', 'gold', ROW[7]!]],
    ['a cell missing (a short record)', ROW.slice(0, 7)],
    ['a cell more (a long record)', [...ROW, 'extra']],
  ])('changes with %s', (_name, changed) => {
    expect(keyOf(changed)).not.toBe(keyOf(ROW));
  });

  it('does not change with a column the mapping does not read', () => {
    expect(keyOf(ROW.map((cell, i) => (i === 7 ? '2026-11-30 23:59' : cell)))).toBe(keyOf(ROW));
  });

  it('does not change when the columns come in another order under the same names', () => {
    const order = [7, 6, 5, 4, 3, 2, 1, 0];
    const reordered = order.map((i) => HEADER[i]!);
    expect(rowKeyer(mapHeader(reordered), reordered.length, {})(order.map((i) => ROW[i]!))).toBe(keyOf(ROW));
  });

  it.each<[string, ReturnType<typeof rowKeyer>]>([
    ['a --map that reads the name from another column', rowKeyer(mapHeader(HEADER, { first_name: 'Last Modified' }), HEADER.length, {})],
    ['another --default-country', rowKeyer(mapHeader(HEADER), HEADER.length, { defaultCountry: 'GB' })],
    ['a header of another length', rowKeyer(mapHeader(HEADER), HEADER.length + 1, {})],
  ])('changes with %s (the same cells may check differently)', (_name, other) => {
    expect(other(ROW)).not.toBe(keyOf(ROW));
  });

  it("changes between a user's file and this tool's own export (its cells are read unescaped)", () => {
    const exportHeader = [...EXPORT_FILE_COLUMNS];
    const cells = ['+14155552671', 'c-1', 'A-1', "'=Ann", 'Lee', '2024-01-15', '2024-01-15', 'false', '', 'ok', '', ''];
    const own = mapHeader(exportHeader);
    expect(own.ownFile).toBeDefined();
    const user = { ...own, ownFile: undefined };
    expect(rowKeyer(own, exportHeader.length, {})(cells)).not.toBe(rowKeyer(user, exportHeader.length, {})(cells));
  });
});
