import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * import and export send one look-up of a fictional number before their first row (the pre-flight, doctor's
 * request). Tests that count what the rows sent take it out; tests of what rows meet when the API fails or
 * refuses put `healthyAtFirst` in front of the sandbox, so the run gets past its pre-flight as it would against
 * an API that was healthy when the run started.
 */

/** Requests the pre-flight sends against a healthy API: one look-up, answered 200. */
export const PREFLIGHT_REQUESTS = 1;

type Counts = Record<string, Record<string, number>>;

/** Counts by operation and status without the pre-flight's one 200 look-up (for each of `runs`), zeros dropped. */
export function withoutPreflight(counts: Counts, runs = 1): Counts {
  const out: Counts = structuredClone(counts);
  const lookups = out['getContactByPhoneV2'];
  if (lookups?.['200'] !== undefined) {
    lookups['200'] -= PREFLIGHT_REQUESTS * runs;
    if (lookups['200'] === 0) delete lookups['200'];
    if (Object.keys(lookups).length === 0) delete out['getContactByPhoneV2'];
  }
  return out;
}

export interface Front {
  url: string;
  /** Requests it answered itself (the pre-flights). */
  answered(): number;
  close(): Promise<void>;
}

/**
 * A tiny server in front of `target` (a base URL, or a function giving the one in use now): its first `healthy`
 * requests are answered as a healthy API answers a look-up of an unknown number (200, `[]`), every later one is
 * passed on to the target untouched.
 */
export async function healthyAtFirst(target: string | (() => string), healthy = 1): Promise<Front> {
  const targetUrl = typeof target === 'string' ? () => target : target;
  let seen = 0;
  const server: Server = createServer((req, res) => {
    seen += 1;
    if (seen <= healthy) {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      return;
    }
    const upstream = httpRequest(`${targetUrl()}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answered: () => Math.min(seen, healthy),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
