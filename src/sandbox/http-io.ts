import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiResponse } from './responses.js';

/** Bodies of the five operations are a few hundred bytes; a megabyte is plenty and bounds memory. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The request body as text, or undefined when it is larger than `limit` bytes (read to the end all the same, so an answer can follow). */
export function readBody(req: IncomingMessage, limit: number = MAX_BODY_BYTES): Promise<string | undefined> {
  // Plain events rather than for-await: this runs for every request and the iterator costs measurably more.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > limit) resolve(undefined);
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/** The last Date header made, by the second it names: one string a second, not one a request. */
let dated = { second: Number.NaN, text: '' };

/** `now` as an HTTP-date (RFC 9110: whole seconds, GMT). */
export function httpDate(now: number): string {
  const second = Math.floor(now / 1000);
  if (second !== dated.second) dated = { second, text: new Date(second * 1000).toUTCString() };
  return dated.text;
}

/** Writes the response as JSON with an exact Content-Length (keep-alive friendly), dated `now`. */
export function send(res: ServerResponse, response: ApiResponse, now: number = Date.now()): void {
  const payload = response.body === undefined ? '' : JSON.stringify(response.body);
  const headers: Record<string, string | number> = { date: httpDate(now), ...response.headers, 'content-length': Buffer.byteLength(payload) };
  if (payload !== '') headers['content-type'] = 'application/json';
  res.writeHead(response.status, headers);
  res.end(payload);
}
