import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { CliError } from '../errors.js';
import { CsvFileError, readError } from './csv-file-error.js';
import { decodeInput } from './decode-input.js';
import { separatorLineDelimiter, withoutLeadingNonRows } from './leading-lines.js';
import { detectDelimiter, parseDelimiterOption } from './delimiter.js';
import { resolveEncoding } from './encoding.js';
import { RowEnds, SliceEnds, TextPosition, type RecordPlace } from './input-position.js';
import type { InputRecord } from './input-record.js';
import { openInput, type RawInput } from './open-input.js';
import { peekHead } from './peek.js';
import { DEFAULT_MAX_RECORD_BYTES, RecordParser } from './record-parser.js';
import { ReplayableChunks } from './replayable-chunks.js';
import { countLineBreaks, sliceAtLineEnds, type TextSlice } from './text-slices.js';
import type { FileIdentity } from './file-identity.js';
import { isEnoughToTell, isZip } from './workbook-kind.js';
import { openXlsx } from './xlsx-source.js';

export interface CsvReadOptions {
  /** Overrides detection: one character, or `\t` / `tab`. */
  delimiter?: string;
  /** For files that are not UTF-8 (latin1, windows-1252, utf-16le, ...); a byte-order mark still wins. */
  encoding?: string;
  /** Read for the input `-`; defaults to process.stdin. */
  stdin?: Readable;
  /**
   * `records` (default): parsed here, record by record. `slices`: handed out as slices of whole lines, header
   * included, for worker threads to parse side by side (validate); `records` then throws.
   */
  readAs?: 'records' | 'slices';
  /**
   * SIGINT/SIGTERM: ends a wait for the input to open (a FIFO with no writer yet), and once open stops reading, so a
   * pipe whose writer stalls cannot hold the run; `records` or `slices` then simply end.
   */
  signal?: AbortSignal;
  /** --sheet: the worksheet of an .xlsx input (default the first visible one); refused for any other input. */
  sheet?: string;
}

/** Reading stopped before the end of the input: the rows from `line` on were not read. */
export interface Truncation {
  line: number;
  reason: string;
}

export interface CsvSource {
  /** The path, or "standard input". */
  name: string;
  /** Header cells, trimmed, BOM removed. */
  header: string[];
  /** Detected or given. */
  delimiter: string;
  /**
   * How the rows come, whatever readAs asked: `slices` of text for the checker's threads to parse (a CSV file read
   * for validate), or `records` parsed here (CSV otherwise, records handed over by code, an .xlsx worksheet).
   */
  readAs: 'records' | 'slices';
  /** The encoding read, as a WHATWG name ("utf-8", "utf-16le", "windows-1252", ...): from the BOM, the option, or UTF-8. */
  encoding: string;
  /** File size when known; for a gzip file the compressed size, as bytesRead counts compressed bytes too. */
  totalBytes?: number;
  /** Bytes consumed so far from the source, in the unit of totalBytes. */
  bytesRead(): number;
  /**
   * How far into the input a record ends, as a share from 0 to 1, for progress (which counts rows done, not the bytes
   * read ahead of them). Read as records, a record is placed by its row (0: the header); read as slices, by its line.
   * Undefined when the size is unknown (standard input, a pipe, a gzip file) or the record is no longer remembered.
   */
  shareThrough(done: RecordPlace): number | undefined;
  /** Device and inode of the input when it is a file, so no output can be written over it. */
  identity: FileIdentity | undefined;
  /**
   * Set once reading has stopped before the end of the input: a read error (a truncated gzip file, a disk error), a
   * quoted field that never closes, or a record too big to be one. `records` and `slices` then simply end; the run
   * reports it (exit 4) instead of passing the rows read off as the whole file.
   */
  truncation(): Truncation | undefined;
  /** For the slices' parsers, which learn of a runaway quote or record on their thread. */
  stoppedAt(truncation: Truncation): void;
  /** Every record after the header, in order (row 1, 2, ...), blank lines skipped; iterate once. */
  records: AsyncIterable<InputRecord>;
  /** With readAs `slices`: the whole text from its first line in slices of about `size`; iterate once. */
  slices(size: number): AsyncIterable<TextSlice>;
  /** Stops reading early (e.g. on abort) and releases the file; `records` or `slices` then simply ends. */
  close(): void;
}

/**
 * Opens a CSV file, gzip file, .xlsx workbook (told by its bytes, not its name) or standard input (`-`) and reads
 * its header; records then stream with backpressure.
 */
export async function openCsv(input: string, options: CsvReadOptions = {}): Promise<CsvSource> {
  const delimiterOption = options.delimiter === undefined ? undefined : parseDelimiterOption(options.delimiter);
  const encodingOption = options.encoding === undefined ? undefined : resolveEncoding(options.encoding);
  const opened = await openInput(input, options.stdin, options.signal);
  let raw = opened;
  let parser: RecordParser | undefined;
  try {
    const sniffed = await peekHead(opened.chunks, isEnoughToTell);
    raw = { ...opened, chunks: sniffed.chunks };
    if (isZip(sniffed.head)) return closedOn(options.signal, await openXlsx(raw, sniffed.head, { sheet: options.sheet, signal: options.signal }));
    if (options.sheet !== undefined) {
      throw new CsvFileError('BAD_OPTION', `--sheet is for an Excel workbook (.xlsx), and ${raw.name} is not one: leave --sheet out to read it as CSV`);
    }
    const text = await decodeInput(raw, encodingOption);
    const delimiter = delimiterOption ?? separatorLineDelimiter(text.headText) ?? detectDelimiter(text.headText);
    const slices = options.readAs === 'slices';
    const position = new TextPosition(() => raw.bytesRead(), text.gzip ? undefined : raw.totalBytes);
    const chunks = position.measure(withoutLeadingNonRows(text.chunks, delimiter), !slices);
    // For slices the header parser reads a replayable copy and is dropped once it has the header.
    const replay = slices ? new ReplayableChunks(chunks) : undefined;
    const rowEnds = slices ? undefined : new RowEnds();
    const recordParser = new RecordParser({ delimiter, ...(rowEnds === undefined ? {} : { rowEnds }) });
    parser = recordParser;
    // Errors surface through the parser, which pipeline destroys with them.
    pipeline(replay?.recording() ?? chunks, recordParser, () => undefined);
    const iterator = recordParser[Symbol.asyncIterator]() as AsyncIterator<InputRecord>;
    const first = await iterator.next();
    if (first.done === true) throw new CsvFileError('EMPTY', `${raw.name} is empty: expected a header row`);
    if (first.value.malformed !== undefined) {
      throw new CsvFileError('BAD_HEADER', `The header row of ${raw.name} could not be read: ${first.value.malformed}`);
    }
    const found = { header: first.value.fields.map((cell) => cell.trim()), delimiter, encoding: text.encoding };
    if (replay !== undefined) {
      recordParser.destroy();
      return closedOn(options.signal, sliceSource(raw, replay, found, position));
    }
    return closedOn(options.signal, source(raw, recordParser, iterator, found, (done) => placed(position, rowEnds?.endOf(done.row))));
  } catch (err) {
    parser?.destroy();
    raw.destroy();
    // An interrupt while the workbook is read ends the run as one (exit 130).
    throw err instanceof CliError ? err : readError(err, raw.name);
  }
}

type Found = Pick<CsvSource, 'header' | 'delimiter' | 'encoding'>;

function placed(position: TextPosition, end: number | undefined): number | undefined {
  return end === undefined ? undefined : position.share(end);
}

/** The source stops reading when the run is interrupted (whatever it waits for), and forgets the signal once closed. */
function closedOn(signal: AbortSignal | undefined, source: CsvSource): CsvSource {
  if (signal === undefined) return source;
  const stop = () => source.close();
  signal.addEventListener('abort', stop, { once: true });
  return {
    ...source,
    close() {
      signal.removeEventListener('abort', stop);
      source.close();
    },
  };
}

type Described = Pick<CsvSource, 'name' | 'header' | 'delimiter' | 'encoding' | 'totalBytes' | 'bytesRead' | 'identity' | 'truncation' | 'stoppedAt'>;

/** What both kinds of source say about the input: its name, header, size, how much has been read, and whether all of it. */
function described(raw: RawInput, found: Found): Described {
  let truncation: Truncation | undefined;
  return {
    name: raw.name,
    ...found,
    ...(raw.totalBytes === undefined ? {} : { totalBytes: raw.totalBytes }),
    bytesRead: () => raw.bytesRead(),
    identity: raw.identity,
    truncation: () => truncation,
    stoppedAt(stop) {
      truncation ??= stop;
    },
  };
}

/** The reason a read error gives, for the summary: the same words a CsvFileError would have had. */
function readFailure(err: unknown, name: string): string {
  return readError(err, name).message;
}

function source(
  raw: RawInput, parser: RecordParser, iterator: AsyncIterator<InputRecord>, found: Found, shareThrough: CsvSource['shareThrough'],
): CsvSource {
  const about = described(raw, found);
  let closed = false;
  /** The last record handed out: where reading got to, and (for a runaway quote) what stopped it. */
  let last: InputRecord | undefined;
  const close = (): void => {
    if (closed) return;
    closed = true;
    parser.destroy();
    raw.destroy();
  };
  const ended = (): IteratorReturnResult<undefined> => {
    if (!closed && last?.malformed !== undefined && (parser.endedInQuote || parser.gaveUp)) {
      about.stoppedAt({ line: last.line, reason: last.malformed });
    }
    close();
    return { done: true, value: undefined };
  };
  // A plain iterator over the parser's own: one extra promise per record, where an async generator costs ~5% of parse time.
  const records: AsyncIterableIterator<InputRecord> = {
    next: () =>
      closed
        ? Promise.resolve(ended())
        : iterator.next().then(
            (result) => {
              if (result.done === true) return ended();
              last = result.value;
              return result;
            },
            (err: unknown) => {
              // close() tears the streams down: an end, not an error. Anything else stops reading early.
              if (!closed) about.stoppedAt({ line: (last?.line ?? 1) + 1, reason: readFailure(err, raw.name) });
              return ended();
            },
          ),
    return: () => Promise.resolve(ended()),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return {
    ...about,
    readAs: 'records',
    shareThrough,
    records,
    slices() {
      throw new TypeError('openCsv: slices() needs readAs "slices"');
    },
    close,
  };
}


function sliceSource(raw: RawInput, replay: ReplayableChunks<Buffer | string>, found: Found, position: TextPosition): CsvSource {
  const about = described(raw, found);
  const ends = new SliceEnds();
  let closed = false;
  const close = (): void => {
    closed = true;
    raw.destroy();
  };
  async function* slices(size: number): AsyncGenerator<TextSlice> {
    let nextLine = 1;
    try {
      for await (const slice of sliceAtLineEnds(replay.fromStart(), size, DEFAULT_MAX_RECORD_BYTES + size)) {
        if (closed) return;
        const lines = countLineBreaks(slice.text);
        nextLine = slice.firstLine + lines;
        ends.note(slice.firstLine, lines, slice.text.length);
        yield slice;
      }
    } catch (err) {
      if (closed) return; // close() tears the stream down: an end, not an error
      // The slices handed out are read whole; the line after them is where reading stopped.
      about.stoppedAt({ line: nextLine, reason: readFailure(err, raw.name) });
      close();
    }
  }
  return {
    ...about,
    readAs: 'slices',
    shareThrough: (done) => (done.line === undefined ? undefined : placed(position, ends.endOf(done.line))),
    records: {
      [Symbol.asyncIterator]() {
        throw new TypeError('openCsv: records need readAs "records"');
      },
    },
    slices,
    close,
  };
}
