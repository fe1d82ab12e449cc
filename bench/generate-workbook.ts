import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';

/**
 * The same contacts as an .xlsx workbook (exceljs's streaming writer, so the bench itself stays small) and as
 * CSV, cell for cell: phones as numbers (as Excel makes them), opt-in dates as date-time cells, a distinct crm_id
 * a row (the shared strings a reader must hold), names from small sets.
 */
const HEADER = ['crm_id', 'phone_number', 'opt_in_date', 'first_name', 'last_name', 'source'];

function contact(i: number): { cells: (string | number | Date)[]; text: string[] } {
  const phone = Number(`1${['212', '415', '617', '312', '646'][i % 5]}${String(2_000_000 + (i % 7_000_000)).padStart(7, '0')}`);
  const optIn = new Date(Date.UTC(2024, i % 9, 1 + (i % 28), 10, 0));
  const names = [`CRM-${i}`, `First${i % 977}`, `Last ${i % 1009}`, i % 2 ? 'BTRIX' : 'CAMPAIGN'] as const;
  return {
    cells: [names[0], phone, optIn, names[1], names[2], names[3]],
    text: [names[0], String(phone), optIn.toISOString().slice(0, 19), names[1], names[2], names[3]],
  };
}

export async function generateWorkbook(path: string, rows: number): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const sheet = book.addWorksheet('Contacts');
  sheet.addRow(HEADER).commit();
  for (let i = 0; i < rows; i += 1) {
    const row = sheet.addRow(contact(i).cells);
    row.getCell(3).numFmt = 'yyyy-mm-dd hh:mm';
    row.commit();
  }
  sheet.commit();
  await book.commit();
}

export async function generateWorkbookCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  let chunk = `${HEADER.join(',')}\n`;
  for (let i = 0; i < rows; i += 1) {
    chunk += `${contact(i).text.join(',')}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'close');
}
