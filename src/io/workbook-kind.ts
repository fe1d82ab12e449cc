/**
 * Telling an .xlsx workbook from CSV text by its first bytes (a zip archive), whatever the file is named, and the
 * other zip-based files people export instead (OpenDocument, Numbers, .xlsb), which get a message of their own.
 */

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04] as const;

/** OpenDocument stores its `mimetype` entry first and uncompressed, so its type is in the first bytes. */
const OPENDOCUMENT_HEAD = 128;

export function isZip(head: Uint8Array): boolean {
  return ZIP_SIGNATURE.every((byte, i) => head[i] === byte);
}

/**
 * Enough read to tell: four bytes, or a line break (a one-line pipe must not wait for more); for a zip, enough
 * for an OpenDocument mimetype.
 */
export function isEnoughToTell(head: Uint8Array): boolean {
  if (head.length < ZIP_SIGNATURE.length) return head.includes(0x0a) || head.includes(0x0d);
  return !isZip(head) || head.length >= OPENDOCUMENT_HEAD;
}

/** A zip archive that is not an Excel workbook, whatever exceljs would make of it. */
export function notXlsxMessage(name: string): string {
  return `${name} is a zip archive, not an Excel workbook (.xlsx) or CSV: give the workbook or the CSV file itself`;
}

/** Why a zip input is another kind of file than an .xlsx workbook, by its content or its name; undefined when it may be one. */
export function otherZipKind(head: Uint8Array, name: string): string | undefined {
  const start = Buffer.from(head.subarray(0, OPENDOCUMENT_HEAD)).toString('latin1');
  const lower = name.toLowerCase();
  if (start.includes('application/vnd.oasis.opendocument.spreadsheet') || lower.endsWith('.ods')) {
    return `${name} is an OpenDocument spreadsheet (.ods): save it as an Excel workbook (.xlsx) or as "CSV UTF-8" first`;
  }
  if (start.includes('application/vnd.oasis.opendocument')) return notXlsxMessage(name);
  if (lower.endsWith('.numbers')) return `${name} is an Apple Numbers document: export it as Excel (.xlsx) or CSV first`;
  if (lower.endsWith('.xlsb')) return `${name} is an Excel binary workbook (.xlsb): save it as an Excel workbook (.xlsx) or as "CSV UTF-8" first`;
  return undefined;
}
