import type { ServerResponse } from 'node:http';

/**
 * Streams `head`, then JSON white space up to `total` bytes in all, then `tail`: a valid JSON answer of any size
 * without holding it in memory. Written as fast as the client reads, and stopped when it drops the connection;
 * `written()` is what left the server by then.
 */
export function streamPaddedJson(response: ServerResponse, total: number, head = '', tail = ''): { written: () => number } {
  const chunk = Buffer.alloc(16 * 1024, ' ');
  let written = 0;
  const write = (bytes: Buffer | string): boolean => {
    written += Buffer.byteLength(bytes);
    return response.write(bytes);
  };
  const more = () => {
    while (written < total - tail.length && !response.destroyed) {
      if (!write(chunk)) return void response.once('drain', more);
    }
    if (!response.destroyed) response.end(tail);
  };
  write(head);
  more();
  return { written: () => written };
}
