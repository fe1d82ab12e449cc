import { sleep } from '../sleep.js';
import { isCertificateError } from './api-error.js';
import { AnswerTooLargeError, createHttpExchange, ExchangeTimeoutError, HttpStatusError, type Exchange, type HeaderReader } from './http-exchange.js';
import { retryAfterMs } from './retry.js';

/**
 * The one read-only request doctor and the pre-flight of import and export send: get contacts by phone number, for
 * a number nobody holds. Its answer (or its failure) is judged by probe-verdict.ts; this file only sends it.
 */

/**
 * A London number from Ofcom's range for drama (020 7946 0xxx): valid for libphonenumber-js, so the API takes
 * the look-up as it would a real one, and fictional, so no contact of anybody's holds it.
 */
export const PROBE_PHONE = '+442079460123';

/** Where the probe goes and as whom; the token goes only into the Authorization header. */
export interface ProbeTarget {
  readonly baseUrl: string;
  readonly token: string;
  readonly orgId: string;
  readonly timeoutMs: number;
  readonly userAgent: string;
  /** Ends the wait (an interrupt): the probe then answers as a network failure, and the caller checks the signal. */
  readonly signal?: AbortSignal;
}

/** What came back from one request, with the local times around it (for the clock check). */
export type ProbeAnswer =
  | {
      readonly kind: 'answer';
      readonly status: number;
      readonly headers: HeaderReader;
      readonly body: string;
      /** Local epoch ms when the request left and when the answer was in. */
      readonly sentAt: number;
      readonly receivedAt: number;
    }
  | { readonly kind: 'timeout'; readonly timeoutMs: number }
  /** An answer whose body ran past the transport's cap: not read, so judged by its size alone. */
  | { readonly kind: 'too-large'; readonly status: number; readonly limit: string }
  /** code: the low-level code (ECONNREFUSED, ENOTFOUND, a TLS code) when there is one. */
  | { readonly kind: 'network'; readonly code: string | undefined; readonly certificate: boolean; readonly reason: string };

/** The probe's path under the base URL: org and phone each one encoded segment (as client.ts builds them). */
export function probePath(orgId: string): string {
  return `v2/org/${encodeURIComponent(orgId)}/contact/pn/${encodeURIComponent(PROBE_PHONE)}`;
}

function networkCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/** Sends the probe once; never throws for anything the network or the server does. */
export async function probeOnce(target: ProbeTarget): Promise<ProbeAnswer> {
  if (target.signal?.aborted) return { kind: 'network', code: undefined, certificate: false, reason: 'interrupted' };
  // The client's own transport: a non-2xx answer is an answer here, judged by probe-verdict.ts.
  const transport = createHttpExchange({
    baseUrl: target.baseUrl,
    timeoutMs: target.timeoutMs,
    headers: { authorization: `Bearer ${target.token}`, accept: 'application/json', 'user-agent': target.userAgent },
  });
  const interrupt = () => transport.cancelInFlight();
  target.signal?.addEventListener('abort', interrupt, { once: true });
  const sentAt = Date.now();
  try {
    const answer: Exchange = await transport.send('GET', probePath(target.orgId)).catch((error: unknown) => {
      if (error instanceof HttpStatusError) return error.exchange;
      throw error;
    });
    return { kind: 'answer', status: answer.status, headers: answer.headers, body: answer.text, sentAt, receivedAt: Date.now() };
  } catch (error) {
    if (error instanceof ExchangeTimeoutError) return { kind: 'timeout', timeoutMs: target.timeoutMs };
    if (error instanceof AnswerTooLargeError) return { kind: 'too-large', status: error.status, limit: error.limit };
    const code = networkCode(error);
    const cause = (error as { cause?: { message?: unknown } } | undefined)?.cause;
    const reason = code ?? (typeof cause?.message === 'string' ? cause.message : String(error));
    return { kind: 'network', code, certificate: isCertificateError(error), reason };
  } finally {
    target.signal?.removeEventListener('abort', interrupt);
    transport.close();
  }
}

/** A connection refused or a name that does not resolve: a wrong address, which a second try would not fix. */
const WRONG_ADDRESS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Worth one more try: the server busy or failing, a connection dropped. Not a timeout (the user's --timeout has
 * been waited once already, and a silent address is more often wrong than slow), an untrusted certificate, a
 * wrong address or an answer past the size cap (not the API's, and as large again): those are reported at once.
 */
export function worthRetrying(answer: ProbeAnswer): boolean {
  if (answer.kind === 'timeout' || answer.kind === 'too-large') return false;
  if (answer.kind === 'network') return !answer.certificate && !WRONG_ADDRESS.has(answer.code ?? '');
  return answer.status === 429 || answer.status >= 500;
}

/** The pause before the one retry: the server's Retry-After when it asks for one no longer than `maxWaitMs`, else `pauseMs`. */
export function retryPauseMs(answer: ProbeAnswer, pauseMs: number, maxWaitMs: number): number {
  if (answer.kind !== 'answer') return pauseMs;
  const asked = retryAfterMs(answer.headers.get('retry-after'));
  return asked === undefined ? pauseMs : Math.min(asked, maxWaitMs);
}

export interface ProbeRetry {
  /** Pause before the retry when the server asks for none. */
  readonly pauseMs: number;
  /** Longest Retry-After waited for. */
  readonly maxWaitMs: number;
}

/** The probe, tried once more when worthRetrying: a passing hiccup must not stop a long run; one that persists is reported. */
export async function probe(target: ProbeTarget, retry: ProbeRetry = { pauseMs: 500, maxWaitMs: 2_000 }): Promise<ProbeAnswer> {
  const first = await probeOnce(target);
  if (!worthRetrying(first)) return first;
  try {
    await sleep(retryPauseMs(first, retry.pauseMs, retry.maxWaitMs), target.signal);
  } catch {
    return first;
  }
  return probeOnce(target);
}
