import type { Readable } from 'node:stream';

/**
 * exceljs's streaming reader pipes the bytes into unzipper's Parse and reads its entries until 'end'. Parse
 * announces 'end' as soon as it has parsed the last entry, while entries it parsed ahead of a slow reader may
 * still wait in its buffer: exceljs then stops with the last parts of the archive unread (workbook.xml, styles,
 * shared strings), crashing or, worse, reading cells blank (exceljs issue 3064). This lets only Parse's true end
 * through, once its buffer is empty. `bytes` must be the stream handed to the WorkbookReader.
 */
export function holdEarlyEnd(bytes: Readable): void {
  const pipe = bytes.pipe.bind(bytes);
  bytes.pipe = function <T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T {
    const parser = destination as unknown as Readable;
    if (typeof parser.emit === 'function' && 'readableEnded' in parser) {
      const emit = parser.emit.bind(parser) as (event: string | symbol, ...args: unknown[]) => boolean;
      parser.emit = ((event: string | symbol, ...args: unknown[]) => (event === 'end' && !parser.readableEnded ? false : emit(event, ...args))) as Readable['emit'];
    }
    return pipe(destination, options);
  };
}
