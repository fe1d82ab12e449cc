/** What an operation answers, before it becomes bytes on a socket. */
export interface ApiResponse {
  status: number;
  /** Serialised as JSON; undefined sends no body. */
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
  /** Set by a create that stored its contact, so fail-after-commit knows the write happened. */
  committed?: boolean;
}

/** The published ErrorRespDto. */
export interface ErrorRespDto {
  error_code: number;
  error_message: string;
  error_description: string;
}

/** Only 4090001 and 4030001 are published; the others follow their pattern (status, then a serial). */
export const ERROR_CODES = {
  UNAUTHORIZED: 4010001,
  FORBIDDEN: 4030001,
  NOT_FOUND: 4040001,
  METHOD_NOT_ALLOWED: 4050001,
  PAYLOAD_TOO_LARGE: 4130001,
  UQ_CONSTRAINT_FAILED: 4090001,
  VALIDATION_FAILED: 4220001,
  RATE_LIMITED: 4290001,
  INTERNAL_ERROR: 5000001,
  SERVICE_UNAVAILABLE: 5030001,
} as const;

export type ErrorName = keyof typeof ERROR_CODES;

export function errorResponse(
  status: number,
  name: ErrorName,
  description: string,
  headers?: Readonly<Record<string, string>>,
  message: string = name,
): ApiResponse {
  const body: ErrorRespDto = { error_code: ERROR_CODES[name], error_message: message, error_description: description };
  return headers ? { status, body, headers } : { status, body };
}

/** `response` with `extra` headers too; its own (Retry-After, Allow, ...) win a clash. The same object when `extra` is empty. */
export function withHeaders(response: ApiResponse, extra: Readonly<Record<string, string>>): ApiResponse {
  if (Object.keys(extra).length === 0) return response;
  return { ...response, headers: { ...extra, ...response.headers } };
}

/** 422 whose error_message names the field, e.g. `crm_id: is required`. */
export const invalid = (message: string): ApiResponse =>
  errorResponse(422, 'VALIDATION_FAILED', 'Required fields are missing or invalid values are provided', undefined, message);

/** How a 429 states its wait; `now` (the sandbox's clock) is needed only for an HTTP-date. */
export type RetryAfter = { style: 'seconds' } | { style: 'date'; now: number } | { style: 'none' };

/**
 * 429 with Retry-After: whole seconds (at least 1, rounded up), as HTTP wants; or an HTTP-date rounded up to the
 * whole second, since the format has no finer unit and a client waiting until then must not be early; or none.
 * `status` 503 answers the same way with 503 SERVICE_UNAVAILABLE, as nginx's limit_req does unless told otherwise.
 */
export function tooManyRequests(waitMs: number, description: string, retryAfter: RetryAfter = { style: 'seconds' }, status: 429 | 503 = 429): ApiResponse {
  const code = status === 429 ? 'RATE_LIMITED' : 'SERVICE_UNAVAILABLE';
  switch (retryAfter.style) {
    case 'seconds':
      return errorResponse(status, code, description, { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))) });
    case 'date': {
      const at = Math.ceil((retryAfter.now + waitMs) / 1000) * 1000;
      return errorResponse(status, code, description, { 'retry-after': new Date(at).toUTCString() });
    }
    case 'none':
      return errorResponse(status, code, description);
  }
}
