import { CsvFileError } from './csv-file-error.js';

/**
 * Which worksheet of a workbook is read: the one --sheet names, else the first a person sees. Pure: over the
 * workbook's sheet list (xl/workbook.xml) and its relationships (xl/_rels/workbook.xml.rels), as exceljs parses them.
 */

/** One worksheet, in tab order; chart sheets are left out, having no cells. */
export interface WorkbookSheet {
  name: string;
  /** Its part's file name, as exceljs announces the worksheet: `sheet3.xml`. */
  file: string;
  hidden: boolean;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The worksheets in tab order, read defensively (the shapes are exceljs's own). A target may be relative
 * (`worksheets/sheet1.xml`) or absolute (`/xl/worksheets/sheet1.xml`): only its file name is kept, as exceljs
 * reads worksheets from xl/worksheets/ whatever the relationship says.
 */
export function worksheetsOf(model: unknown, relationships: unknown): WorkbookSheet[] {
  const sheets = record(model)?.['sheets'];
  const rels = Array.isArray(relationships) ? relationships.map(record) : [];
  if (!Array.isArray(sheets)) return [];
  return sheets.flatMap((entry): WorkbookSheet[] => {
    const sheet = record(entry);
    const name = text(sheet?.['name']);
    const rel = rels.find((one) => one?.['Id'] === sheet?.['rId']);
    const file = /(?:^|\/)worksheets\/(sheet\d+\.xml)$/.exec(text(rel?.['Target']) ?? '')?.[1];
    if (name === undefined || file === undefined || !/\/worksheet$/.test(text(rel?.['Type']) ?? '')) return [];
    return [{ name, file, hidden: sheet?.['state'] === 'hidden' || sheet?.['state'] === 'veryHidden' }];
  });
}

function listed(sheets: readonly WorkbookSheet[]): string {
  return sheets.map((sheet) => JSON.stringify(sheet.name)).join(', ');
}

/**
 * The worksheet named `wanted` (Excel's names ignore case, so does this), else the first visible one. An unknown
 * name is a usage error (exit 2) listing the worksheets there are.
 */
export function chooseSheet(sheets: readonly WorkbookSheet[], wanted: string | undefined, inputName: string): WorkbookSheet {
  if (sheets.length === 0) throw new CsvFileError('EMPTY', `${inputName} has no worksheet: expected one with a header row`);
  if (wanted === undefined) return sheets.find((sheet) => !sheet.hidden) ?? sheets[0]!;
  const named = sheets.find((sheet) => sheet.name === wanted) ?? sheets.find((sheet) => sheet.name.toLowerCase() === wanted.toLowerCase());
  if (named !== undefined) return named;
  throw new CsvFileError('UNKNOWN_SHEET', `${inputName} has no worksheet named ${JSON.stringify(wanted)}: its worksheets are ${listed(sheets)}. Give one of them with --sheet.`);
}

/** How messages name the input read: the file and the worksheet, `contacts.xlsx [Leads]`. */
export function sheetInputName(inputName: string, sheet: WorkbookSheet): string {
  return `${inputName} [${sheet.name}]`;
}
