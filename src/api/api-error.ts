import { AnswerTooLargeError, ExchangeTimeoutError, HttpStatusError } from './http-exchange.js';
import { readErrorBody } from './answers.js';
import type { ErrorRespDto } from './types.js';
import { redact } from '../secrets.js';

/** The API's error_code for UQ_CONSTRAINT_FAILED: create's 409 when the crm_id is already in the org. */
export const UQ_CONSTRAINT_FAILED = 4090001;

/** unexpected: a 2xx answer the tool cannot use (no contact id, not JSON) · bad-id: a path parameter refused before sending. */
export type ApiErrorKind = 'http' | 'network' | 'timeout' | 'aborted' | 'unexpected' | 'bad-id';

/** A request that failed for good (after any retries), in terms a results row can carry. Never holds the token. */
export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** The API's own `error_code` from an ErrorRespDto, when it sent one. */
  readonly apiCode: number | undefined;
  readonly apiMessage: string | undefined;
  /** Given up because the server's Retry-After was longer than the tool waits: both, in ms. */
  readonly waitTooLong: WaitTooLong | undefined;

  constructor(kind: ApiErrorKind, message: string, details: { status?: number; body?: ErrorRespDto; cause?: unknown; waitTooLong?: WaitTooLong } = {}) {
    // The server's words may quote the token back (an echoing proxy, a verbose 401): cut out before they reach a results row.
    super(redact(message), { cause: details.cause });
    this.name = 'ApiError';
    this.kind = kind;
    this.status = details.status;
    this.apiCode = typeof details.body?.error_code === 'number' ? details.body.error_code : undefined;
    this.apiMessage = details.body?.error_message === undefined ? undefined : redact(details.body.error_message);
    this.waitTooLong = details.waitTooLong;
  }

  /**
   * The results file's error_code. 401 and 429 always read AUTH_FAILED and RATE_LIMITED (stable names scripts can
   * match, whatever the body says); otherwise the API's own error_code, else HTTP_<status>, NETWORK_ERROR, TIMEOUT, ABORTED,
   * UNEXPECTED_RESPONSE, ID_INVALID.
   */
  get code(): string {
    if (this.kind === 'unexpected') return 'UNEXPECTED_RESPONSE';
    if (this.kind === 'bad-id') return 'ID_INVALID';
    if (this.status === 401) return 'AUTH_FAILED';
    if (this.status === 429) return 'RATE_LIMITED';
    if (this.apiCode !== undefined) return String(this.apiCode);
    switch (this.kind) {
      case 'network':
        return 'NETWORK_ERROR';
      case 'timeout':
        return 'TIMEOUT';
      case 'aborted':
        return 'ABORTED';
      default:
        return `HTTP_${this.status ?? 0}`;
    }
  }

  /**
   * 409 with error_code 4090001 (UQ_CONSTRAINT_FAILED, the one 409 the create page documents): a contact with this
   * crm_id already exists in the org. Any other 409, a body-less or HTML one too, is not: SalesChat always sends its
   * ErrorRespDto, so a 409 without the code says nothing about the crm_id, and taking it for one would report a
   * contact as `exists` or update it on a guess.
   */
  get isConflict(): boolean {
    return this.status === 409 && this.apiCode === UQ_CONSTRAINT_FAILED;
  }
}

const HINTS: Record<number, string> = {
  401: 'the token was refused (check SALESCHAT_TOKEN or --token-file)',
  403: 'not allowed for this organisation (check --org and the token\'s role)',
  429: 'rate limited by the API, retries used up',
};

/** How to come back later, in words, when the command has no better ones (import's are "run again later with --resume"). */
export const RUN_AGAIN_LATER = 'run again later';

/** The server asked for a longer pause than the tool waits, or refused for longer: say how long, and what to do. */
export function waitTooLongHint({ source, ms, capMs }: WaitTooLong, again = RUN_AGAIN_LATER): string {
  const what = source === 'retry-after' ? `asked to wait ${Math.ceil(ms / 1000)} s before trying again (Retry-After)` : `has refused every request for ${Math.ceil(ms / 1000)} s`;
  return `the API ${what}, longer than the ${capMs / 1000} s this tool waits: ${again}`;
}

/**
 * A redirect is an answer, never followed (http-exchange.ts): a request, and its token, go to --base-url only. Say
 * where it pointed (redacted with the message: a login page may quote the token back) and what to do.
 */
function redirectHint(status: number, location: string | null): string | undefined {
  if (status < 300 || status > 399) return undefined;
  const where = location === null ? '' : ` to ${location}`;
  return `the API redirected${where}, which this tool does not follow (the token is sent to --base-url only): check --base-url, or try again later`;
}

function describeHttp(status: number, body: ErrorRespDto | undefined, hint: string | undefined): string {
  const detail = [body?.error_message, body?.error_description].filter((part) => part && part.length > 0).join(': ');
  return [`HTTP ${status}`, detail, hint ?? HINTS[status]].filter(Boolean).join(' - ');
}

/** The low-level code of a failed connection (ECONNREFUSED, a TLS verification code...), if it has one. */
function networkCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/** The server's TLS certificate was not trusted: every request would fail alike, so it is not retried. */
export function isCertificateError(error: unknown): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(networkCode(error) ?? '');
}

/** Failures of a connection that never carried the request: the server cannot have acted on it. */
const NEVER_SENT = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN)$|CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;

/** A try that ended without an answer (a timeout, a reset, a cancel) may still have been carried out by the server. */
export function mayHaveArrived(error: unknown): boolean {
  return !NEVER_SENT.test(networkCode(error) ?? '');
}

/** Why a request was given up, beyond the failure itself. */
export interface GiveUp {
  /** The run was stopped (abort or interrupt): a failure that is not an HTTP answer becomes ABORTED. */
  aborted: boolean;
  /** The wait that was longer than the cap, and the cap. */
  waitTooLong?: WaitTooLong | undefined;
  /** How to come back later, for the command that runs (default RUN_AGAIN_LATER). */
  again?: string | undefined;
}

/** A wait longer than the tool waits (`capMs`): asked for in a Retry-After, or a hold that has lasted `ms` already. */
export interface WaitTooLong {
  source: 'retry-after' | 'hold';
  ms: number;
  capMs: number;
}

/** Turns whatever a try threw (http-exchange.ts) into an ApiError; the URL and headers (which hold the token) are left out. */
export function toApiError(error: unknown, { aborted, waitTooLong, again }: GiveUp): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HttpStatusError) {
    const body = readErrorBody(error.exchange.text);
    const { status } = error.exchange;
    const hint = (waitTooLong && waitTooLongHint(waitTooLong, again)) ?? redirectHint(status, error.exchange.headers.get('location'));
    return new ApiError('http', describeHttp(status, body, hint), {
      status,
      ...(body ? { body } : {}),
      ...(waitTooLong ? { waitTooLong } : {}),
      cause: error,
    });
  }
  if (error instanceof ExchangeTimeoutError) {
    return new ApiError('timeout', 'no answer before the timeout (see --timeout)', { cause: error });
  }
  if (error instanceof AnswerTooLargeError) {
    // Not the API's answer (a proxy's page, a download, another server): the row's outcome is not known.
    return new ApiError('unexpected', `${error.message}, so it was not read (check --base-url and any proxy)`, { status: error.status, cause: error });
  }
  if (aborted) return new ApiError('aborted', 'not finished: the run was stopped', { cause: error });
  if (isCertificateError(error)) {
    const hint = 'the server\'s TLS certificate is not trusted (behind a proxy with its own CA, set NODE_EXTRA_CA_CERTS to its certificate file)';
    return new ApiError('network', `network error: ${networkCode(error)} - ${hint}`, { cause: error });
  }
  const cause = (error as { cause?: { message?: string } })?.cause;
  const reason = networkCode(error) ?? cause?.message ?? (error as Error)?.message ?? String(error);
  return new ApiError('network', `network error: ${reason}`, { cause: error });
}
