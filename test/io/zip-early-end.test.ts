import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { holdEarlyEnd } from '../../src/io/zip-early-end.js';
import { workbookBytes } from '../support/workbook.js';

/**
 * exceljs issue 3064: a reader slower than unzipper (here: one that pauses on the first shared string) used to
 * lose the parts stored last (workbook.xml, written last by exceljs) and crash. With the end held, it reads all.
 */
describe('holdEarlyEnd', () => {
  it.each([
    ['a fast reader', 0],
    ['a reader that pauses on the first shared string', 30],
  ])('%s still reads every part of the archive', async (_label, pause) => {
    const bytes = await workbookBytes([{ name: 'Contacts', rows: [['crm_id', 'phone'], ['A', 14155552671]] }]);
    for (let run = 0; run < 3; run++) {
      const input = Readable.from([bytes]);
      holdEarlyEnd(input);
      const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'emit', styles: 'cache', entries: 'emit' });
      const parts = new Set<unknown>();
      (reader as unknown as { on(event: 'entry', listener: (entry: { type: unknown }) => void): void }).on('entry', (entry) => parts.add(entry.type));
      let paused = false;
      let rows = 0;
      for await (const item of reader.parse() as unknown as AsyncIterable<{ eventType?: string; value?: unknown; index?: number }>) {
        if (item.index !== undefined && !paused) {
          paused = true;
          await sleep(pause);
        }
        if (item.eventType === 'worksheet') for await (const _row of item.value as ExcelJS.stream.xlsx.WorksheetReader) rows += 1;
      }
      expect([...parts].sort()).toEqual(['shared-strings', 'styles', 'workbook', 'worksheet']);
      expect(rows).toBe(2);
    }
  });
});
