import { createReadStream, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { releaseParked } from '../../src/io/xlsx-workbook.js';

describe('xlsx: a worksheet not read is let go', () => {
  it('whose temporary file exceljs deletes before the stream has opened it: no uncaught error', async () => {
    // What exceljs does: open the parked worksheet's file, yield it, and delete the file once the next part is asked
    // for. Released in between, the stream's pending open fails ENOENT; without a listener that ends the process
    // (vitest reports it as an unhandled error and fails the run).
    const path = join(tmpdir(), `parked-${process.pid}-${Date.now()}.xml`);
    writeFileSync(path, '<worksheet/>');
    const stream = createReadStream(path);
    releaseParked({ iterator: stream });
    unlinkSync(path);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stream.destroyed).toBe(true);
  });

  it('a worksheet without a parked stream is left as it is', () => {
    expect(() => releaseParked({})).not.toThrow();
  });
});
