import { crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';

/** Workbooks written by exceljs in the test itself, as Excel would store them: no binary fixture is checked in. */

/** A cell as exceljs takes it, with a number format when it needs one (a date, zero padding). */
export type FixtureCell = ExcelJS.CellValue | { value: ExcelJS.CellValue; numFmt: string };

export interface FixtureSheet {
  name: string;
  rows: FixtureCell[][];
  state?: 'visible' | 'hidden';
}

function isFormatted(cell: FixtureCell): cell is { value: ExcelJS.CellValue; numFmt: string } {
  return typeof cell === 'object' && cell !== null && !(cell instanceof Date) && 'numFmt' in cell;
}

function fill(sheet: ExcelJS.Worksheet, rows: readonly FixtureCell[][]): void {
  rows.forEach((cells, r) => {
    cells.forEach((cell, c) => {
      const target = sheet.getCell(r + 1, c + 1);
      if (isFormatted(cell)) {
        target.value = cell.value;
        target.numFmt = cell.numFmt;
      } else {
        target.value = cell;
      }
    });
  });
}

/** The workbook as a Buffer, written the way Excel-like tools do (whole, with shared strings). */
export async function workbookBytes(sheets: readonly FixtureSheet[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const { name, rows, state } of sheets) fill(book.addWorksheet(name, state === undefined ? {} : { state }), rows);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The same written by exceljs's streaming writer, which stores the parts in another order (the worksheets first). */
export async function streamedWorkbook(path: string, sheets: readonly FixtureSheet[]): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  for (const { name, rows } of sheets) {
    const sheet = book.addWorksheet(name);
    for (const cells of rows) {
      const row = sheet.addRow(cells.map((cell) => (isFormatted(cell) ? cell.value : cell)));
      cells.forEach((cell, c) => {
        if (isFormatted(cell)) row.getCell(c + 1).numFmt = cell.numFmt;
      });
      row.commit();
    }
    sheet.commit();
  }
  await book.commit();
}

/** A zip archive of stored (uncompressed) entries, for the zip-based files that are not workbooks (.ods, .numbers). */
export function zipOf(entries: readonly { name: string; data: string }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const data = Buffer.from(entry.data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
