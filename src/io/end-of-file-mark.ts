/**
 * DOS's end-of-file mark: a Ctrl-Z (0x1A) some Windows tools still write as a file's last byte. It is no part of
 * the data: kept, it became a phantom last row (`\x1a`, invalid, the run's exit 1) or, with no line break before
 * it, a control character at the end of the last cell, sent to the API.
 */

const MARK = 0x1a;
const MARK_TEXT = '\x1a';

/** The chunks with a Ctrl-Z dropped when it is the input's last character; held back a chunk to know. */
export async function* withoutEndOfFileMark(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer | string> {
  let heldMark: Buffer | string | undefined;
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    if (heldMark !== undefined) yield heldMark;
    heldMark = undefined;
    if (!endsWithMark(chunk)) {
      yield chunk;
      continue;
    }
    const body = chunk.slice(0, -1);
    if (body.length > 0) yield body;
    heldMark = chunk.slice(-1);
  }
}

function endsWithMark(chunk: Buffer | string): boolean {
  return typeof chunk === 'string' ? chunk.endsWith(MARK_TEXT) : chunk[chunk.length - 1] === MARK;
}
