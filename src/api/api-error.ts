import { HTTPError, TimeoutError } from 'ky';
import type { ErrorRespDto } from './types.js';

export type ApiErrorKind = 'http' | 'network' | 'timeout' | 'aborted';

/** A request that failed for good (after any retries), in terms a results row can carry. Never holds the token. */
export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** The API's own `error_code` from an ErrorRespDto, when it sent one. */
  readonly apiCode: number | undefined;
  readonly apiMessage: string | undefined;

  constructor(kind: ApiErrorKind, message: string, details: { status?: number; body?: ErrorRespDto; cause?: unknown } = {}) {
    super(message, { cause: details.cause });
    this.name = 'ApiError';
    this.kind = kind;
    this.status = details.status;
    this.apiCode = typeof details.body?.error_code === 'number' ? details.body.error_code : undefined;
    this.apiMessage = details.body?.error_message;
  }

  /**
   * The results file's error_code. 401 and 429 always read AUTH_FAILED and RATE_LIMITED (stable names scripts can
   * match, whatever the body says); otherwise the API's own error_code, else HTTP_<status>, NETWORK_ERROR, TIMEOUT, ABORTED.
   */
  get code(): string {
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
      case 'http':
        return `HTTP_${this.status ?? 0}`;
    }
  }

  /** 409 with error_code 4090001: a contact with this crm_id already exists in the org. */
  get isConflict(): boolean {
    return this.status === 409;
  }
}

async function readErrorBody(response: Response): Promise<ErrorRespDto | undefined> {
  try {
    const text = await response.text();
    const body: unknown = text === '' ? undefined : JSON.parse(text);
    return typeof body === 'object' && body !== null ? body : undefined;
  } catch {
    return undefined;
  }
}

function describeHttp(status: number, body: ErrorRespDto | undefined): string {
  const detail = [body?.error_message, body?.error_description].filter((part) => part && part.length > 0).join(': ');
  const hints: Record<number, string> = {
    401: 'the token was refused (check SALESCHAT_TOKEN or --token-file)',
    403: 'not allowed for this organisation (check --org and the token\'s role)',
    429: 'rate limited by the API, retries used up',
  };
  return [`HTTP ${status}`, detail, hints[status]].filter(Boolean).join(' - ');
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

/** Turns whatever ky or fetch threw into an ApiError; the URL and headers (which hold the token) are left out. */
export async function toApiError(error: unknown, aborted: boolean): Promise<ApiError> {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPError) {
    const body = await readErrorBody(error.response);
    const status = error.response.status;
    return new ApiError('http', describeHttp(status, body), { status, ...(body ? { body } : {}), cause: error });
  }
  if (error instanceof TimeoutError) {
    return new ApiError('timeout', 'no answer before the timeout (see --timeout)', { cause: error });
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
