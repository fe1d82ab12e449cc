/**
 * Works out the line each record starts on from csv-parse's running `info.lines`.
 *
 * csv-parse counts a line when a record ends, per blank line, and per CR or LF character inside quotes, so a
 * CRLF inside a quoted field counts twice. We keep that surplus and read the fields only for the rare record
 * whose line count says it spans several lines, so the common record costs a few additions.
 */
export class LineTracker {
  /** Lines before the text csv-parse counts from (a slice of a file starting at line `firstLine`). */
  readonly #before: number;
  #parserLines = 0;
  #emptyLines = 0;
  #surplus = 0;
  #end = 0;
  #spanned = false;

  constructor(firstLine = 1) {
    this.#before = firstLine - 1;
  }

  /** The start line of a record csv-parse has just emitted, given its `info.lines` and `info.empty_lines`. */
  recordStart(parserLines: number, emptyLines: number, fields: readonly string[]): number {
    const spanned = parserLines - this.#parserLines - (emptyLines - this.#emptyLines) - 1;
    this.#parserLines = parserLines;
    this.#emptyLines = emptyLines;
    this.#spanned = spanned !== 0;
    if (spanned === 0) {
      this.#end = parserLines - this.#surplus;
      return this.#before + this.#end;
    }
    const { counted, crlf } = countBreaks(fields);
    const start = parserLines - this.#surplus - counted;
    this.#surplus += crlf;
    this.#end = start + counted - crlf;
    return this.#before + start;
  }

  /** Whether the record last given to recordStart spans several lines (a quoted field holds line breaks). */
  get spanned(): boolean {
    return this.#spanned;
  }

  /** The start line of a record csv-parse gave up on (it is never emitted): after the last one and any blank lines. */
  skippedStart(emptyLines: number): number {
    return this.#before + this.#end + 1 + emptyLines - this.#emptyLines;
  }
}

/** CR and LF characters in the fields (as csv-parse counts them) and how many of them pair up as CRLF. */
function countBreaks(fields: readonly string[]): { counted: number; crlf: number } {
  let counted = 0;
  let crlf = 0;
  for (const field of fields) {
    if (!field.includes('\n') && !field.includes('\r')) continue;
    for (let i = 0; i < field.length; i++) {
      const code = field.charCodeAt(i);
      if (code === 0x0a) counted++;
      else if (code === 0x0d) {
        counted++;
        if (field.charCodeAt(i + 1) === 0x0a) crlf++;
      }
    }
  }
  return { counted, crlf };
}
