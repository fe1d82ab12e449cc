/**
 * One CSV record as text, ending in "\n": a cell is quoted only when it holds the delimiter, a quote, CR or LF,
 * and its quotes are doubled (RFC 4180). Byte for byte what csv-stringify writes with its defaults (a test holds
 * the two together), at a fraction of the cost: csv-stringify sets up its options and casts for every call, and a
 * results file is written one row at a time, as each finishes.
 */
export function csvLine(cells: readonly string[], delimiter: string): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    if (i > 0) line += delimiter;
    line += needsQuotes(cell, delimiter) ? `"${cell.replaceAll('"', '""')}"` : cell;
  }
  return `${line}\n`;
}

function needsQuotes(cell: string, delimiter: string): boolean {
  return cell.includes(delimiter) || cell.includes('"') || cell.includes('\n') || cell.includes('\r');
}

/** Many records as one text. */
export function csvLines(rows: readonly (readonly string[])[], delimiter: string): string {
  let text = '';
  for (const row of rows) text += csvLine(row, delimiter);
  return text;
}
