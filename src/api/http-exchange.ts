import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { TextDecoder } from 'node:util';

/**
 * One request, one answer: the API client's transport, on node:http and node:https with keep-alive sockets.
 *
 * Why not ky over a fetch: each try built an undici Request, Headers and Response, an AbortController and ky's
 * merged options, about 0.6 ms of CPU per request here (measured with --cpu-prof on an import at 50 ms latency),
 * which kept the main thread ~85% busy at 550 requests a second and made answers queue. The client keeps its own
 * retry loop, so all it needs from a try is its status, headers and body text. Deliberately:
 * - redirects are not followed: a 3xx is an answer like any other, so a POST is never re-sent elsewhere;
 * - `accept-encoding: identity` is asked for, so answers come uncompressed and are never decoded here;
 * - the timeout covers the whole exchange, from sending to the answer's last byte;
 * - an answer's body is read up to a cap (MAX_ANSWER_BYTES), so a server that sends without end cannot fill memory.
 */

/** Read access to an answer's headers: names in lower case, repeated fields joined with ", " (as fetch's Headers). */
export interface HeaderReader {
  get(name: string): string | null;
  keys(): Iterable<string>;
}

/** What a try got back; `text` is the whole body, read once. */
export interface Exchange {
  status: number;
  headers: HeaderReader;
  text: string;
  /** The body's bytes were not valid in its charset (named here, e.g. "UTF-8"): `text` holds U+FFFD in their place. */
  malformedIn?: string;
}

/** The answer was not 2xx: a failure the retry rules judge by its status and headers. */
export class HttpStatusError extends Error {
  readonly exchange: Exchange;
  constructor(exchange: Exchange) {
    super(`HTTP ${exchange.status}`);
    this.name = 'HttpStatusError';
    this.exchange = exchange;
  }
}

/** No whole answer within the timeout. */
export class ExchangeTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'ExchangeTimeoutError';
  }
}

/**
 * The largest answer body read: 8 MiB. The contact API answers with small JSON (a contact, or the few contacts on one
 * phone number: a few KB), so an answer this large is not the API's (a misdirected URL, a proxy's download, a runaway
 * server), and reading on would hold it all in memory, twice (the chunks, then their text), until the timeout.
 */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/** "8 MB", "64 KB", "100 bytes": a cap in words. */
function sizeWords(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} bytes`;
}

/** The answer's body was longer than the cap: it was not read further, and its connection was dropped. */
export class AnswerTooLargeError extends Error {
  /** The answer's HTTP status. */
  readonly status: number;
  /** The cap, in words ("8 MB"). */
  readonly limit: string;
  constructor(status: number, maxBytes: number) {
    const limit = sizeWords(maxBytes);
    super(`the API's answer (HTTP ${status}) was larger than ${limit}, far more than the contact API ever sends`);
    this.name = 'AnswerTooLargeError';
    this.status = status;
    this.limit = limit;
  }
}

/** A failed connection, as fetch reports one: the low-level error (ECONNREFUSED, a TLS code...) is the cause. */
function networkError(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

export interface ExchangeOptions {
  /** The API's root, e.g. https://apis.saleschat.pro or http://127.0.0.1:4010/prefix. */
  baseUrl: string;
  /** Sent with every request (authorization, user-agent). */
  headers: Readonly<Record<string, string>>;
  timeoutMs: number;
  /** The largest answer body read (default MAX_ANSWER_BYTES); a longer one fails the try with AnswerTooLargeError. */
  maxAnswerBytes?: number | undefined;
}

export interface HttpExchange {
  /**
   * `path` is relative to the base URL, already encoded. Rejects with HttpStatusError, ExchangeTimeoutError,
   * AnswerTooLargeError or a network TypeError.
   */
  send(method: string, path: string, bodyText?: string): Promise<Exchange>;
  /** Destroys every request still on the wire: each fails as a network error (an interrupted run's last step). */
  cancelInFlight(): void;
  /** Closes the keep-alive sockets (at the end of a run, when none is in use). */
  close(): void;
}

/** UTF-8, the charset of JSON (RFC 8259) and of an answer that declares none. */
const UTF8 = { name: 'UTF-8', decoder: new TextDecoder('utf-8', { fatal: true }) };

/** The charset a content-type declares, when TextDecoder knows it (`application/json; charset=ISO-8859-1`). */
function declaredCharset(contentType: string | undefined): { name: string; decoder: TextDecoder } | undefined {
  const label = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1];
  if (label === undefined || /^utf-?8$/i.test(label)) return undefined;
  try {
    return { name: label, decoder: new TextDecoder(label, { fatal: true }) };
  } catch {
    return undefined; // a label TextDecoder does not know: read as UTF-8, and any bad byte is named as such
  }
}

/**
 * The body as text: in the charset its content-type declares, else UTF-8; a leading byte-order mark dropped, as
 * fetch's text() does (some servers send one before their JSON, which JSON.parse refuses). Bytes that are not valid
 * in that charset become U+FFFD and are reported, so a name is never written out with them in silence.
 */
function answerText(body: Buffer, contentType: string | undefined): Pick<Exchange, 'text' | 'malformedIn'> {
  const charset = declaredCharset(contentType) ?? UTF8;
  try {
    return { text: charset.decoder.decode(body) };
  } catch {
    return { text: new TextDecoder(charset.decoder.encoding).decode(body), malformedIn: charset.name };
  }
}

/** node's parsed headers, read like fetch's Headers. */
function headerReader(headers: IncomingHttpHeaders): HeaderReader {
  return {
    get(name) {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
    keys: () => Object.keys(headers),
  };
}

export function createHttpExchange(options: ExchangeOptions): HttpExchange {
  const base = new URL(options.baseUrl);
  const secure = base.protocol === 'https:';
  const request = secure ? https.request : http.request;
  // One agent for the run: its destroy() ends the sockets in use too, so cancelling needs no per-request bookkeeping.
  const agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  const prefix = base.pathname.replace(/\/+$/, '');
  const target = { protocol: base.protocol, hostname: base.hostname.replace(/^\[(.*)\]$/, '$1'), port: base.port };
  const maxAnswerBytes = options.maxAnswerBytes ?? MAX_ANSWER_BYTES;
  const plainHeaders = { ...options.headers, 'accept-encoding': 'identity' };
  const jsonHeaders = { ...plainHeaders, 'content-type': 'application/json' };

  const destroySockets = () => agent.destroy();

  function send(method: string, path: string, bodyText?: string): Promise<Exchange> {
    const headers: Record<string, string> = bodyText === undefined ? { ...plainHeaders } : { ...jsonHeaders, 'content-length': String(Buffer.byteLength(bodyText)) };
    return new Promise<Exchange>((resolve, reject) => {
      const outgoing = request({ ...target, method, path: `${prefix}/${path}`, headers, agent });
      let settled = false;
      /** The first outcome wins: a timeout, an error, or the answer's end (a late error after it changes nothing). */
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        clearTimeout(timer);
        return true;
      };
      const fail = (error: Error) => {
        if (settle()) reject(error);
      };
      const timer = setTimeout(() => {
        fail(new ExchangeTimeoutError(options.timeoutMs));
        outgoing.destroy();
      }, options.timeoutMs);
      outgoing.on('error', (error) => fail(networkError(error)));
      outgoing.on('response', (incoming) => {
        const chunks: Buffer[] = [];
        let received = 0;
        // Dropping the connection stops the reading, so the memory held stays under the cap.
        const tooLarge = () => {
          chunks.length = 0;
          fail(new AnswerTooLargeError(incoming.statusCode ?? 0, maxAnswerBytes));
          outgoing.destroy();
        };
        incoming.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > maxAnswerBytes) tooLarge();
          else chunks.push(chunk);
        });
        incoming.on('error', (error) => fail(networkError(error)));
        incoming.on('close', () => {
          if (!incoming.complete) fail(networkError(new Error('the connection closed before the answer was complete')));
        });
        // A length announced past the cap fails before a byte is read.
        if (Number(incoming.headers['content-length'] ?? 0) > maxAnswerBytes) tooLarge();
        incoming.on('end', () => {
          const status = incoming.statusCode ?? 0;
          const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
          const exchange: Exchange = { status, headers: headerReader(incoming.headers), ...answerText(body, incoming.headers['content-type']) };
          if (status < 200 || status > 299) fail(new HttpStatusError(exchange));
          else if (settle()) resolve(exchange);
        });
      });
      outgoing.end(bodyText);
    });
  }

  return { send, cancelInFlight: destroySockets, close: destroySockets };
}
