import http from 'node:http';
import https from 'node:https';

/**
 * A fetch for ky built on node:http and node:https with keep-alive sockets.
 *
 * Why not the platform's fetch: undici's fetch cost ~1.3 ms of CPU per request here against ~0.25 ms for a
 * keep-alive node:http request (measured), which capped an import near 1,000 requests a second on one core and
 * made responses queue behind one another. ky keeps doing everything else: retries, hooks, timeouts, errors.
 *
 * Differences from the platform's fetch, all deliberate for an API client:
 * - redirects are not followed: a 3xx comes back as it is (ky turns it into an HTTPError), so a POST is never
 *   silently re-sent elsewhere;
 * - no `accept-encoding` is offered, so answers come uncompressed and are never decoded here;
 * - a request's body can be given ready-made as `init.bodyText` (ky passes options it does not know to fetch),
 *   which spares building and reading a stream for every request.
 */

export interface HttpFetchInit extends RequestInit {
  /** The request body as a string, used instead of reading `request.body`. */
  bodyText?: string;
}

export interface HttpFetch {
  fetch: (input: Request | string | URL, init?: HttpFetchInit) => Promise<Response>;
  /** Destroys every request still on the wire: each fails as a network error (an interrupted run's last step). */
  cancelInFlight(): void;
  /** Closes the keep-alive sockets (at the end of a run, when none is in use). */
  close(): void;
}

/** Statuses whose response must not carry a body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** What the platform's fetch throws when the connection fails: ky retries it, the cause carries the code. */
function networkError(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

/** Why an aborted request failed: the signal's reason, as the platform's fetch rejects with. */
function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('This operation was aborted', 'AbortError');
}

function responseHeaders(rawHeaders: string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) headers.append(rawHeaders[i]!, rawHeaders[i + 1]!);
  return headers;
}

export function createHttpFetch(): HttpFetch {
  const transports: Record<string, { request: typeof http.request; agent: http.Agent }> = {
    'http:': { request: http.request, agent: new http.Agent({ keepAlive: true }) },
    'https:': { request: https.request, agent: new https.Agent({ keepAlive: true }) },
  };

  // An agent's destroy() ends the sockets in use as well as the idle ones, so cancelling needs no per-request
  // bookkeeping (a Set of the requests in flight measurably slowed every request).
  const destroySockets = () => {
    for (const { agent } of Object.values(transports)) agent.destroy();
  };

  function send(request: Request, body: Buffer | string | undefined): Promise<Response> {
    const url = new URL(request.url);
    const transport = transports[url.protocol];
    if (transport === undefined) return Promise.reject(networkError(new Error(`unsupported protocol ${url.protocol}`)));
    const { signal } = request;
    if (signal.aborted) return Promise.reject(abortError(signal));

    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));

    return new Promise<Response>((resolve, reject) => {
      const outgoing = transport.request(url, { method: request.method, headers, agent: transport.agent });
      const onAbort = () => outgoing.destroy();
      const fail = (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(signal.aborted ? abortError(signal) : networkError(error));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      outgoing.on('error', fail);
      outgoing.on('response', (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', fail);
        incoming.on('close', () => {
          if (!incoming.complete) fail(new Error('the connection closed before the answer was complete'));
        });
        incoming.on('end', () => {
          signal.removeEventListener('abort', onAbort);
          const status = incoming.statusCode ?? 0;
          try {
            resolve(new Response(NULL_BODY_STATUSES.has(status) ? null : Buffer.concat(chunks), {
              status,
              statusText: incoming.statusMessage ?? '',
              headers: responseHeaders(incoming.rawHeaders),
            }));
          } catch (error) {
            // A status outside 200-599 or a header fetch would refuse: the answer cannot be used.
            reject(networkError(error));
          }
        });
      });
      outgoing.end(body);
    });
  }

  return {
    async fetch(input, init) {
      const request = input instanceof Request ? input : new Request(input, init);
      if (init?.bodyText !== undefined) return send(request, init.bodyText);
      return send(request, request.body === null ? undefined : Buffer.from(await request.arrayBuffer()));
    },
    cancelInFlight: destroySockets,
    close: destroySockets,
  };
}
