import { setTimeout as sleep } from 'node:timers/promises';
import type { Faults } from './faults.js';
import type { HandlerContext } from './handler-context.js';
import { HANDLERS } from './handlers.js';
import { errorResponse, invalid, withHeaders, type ApiResponse } from './responses.js';
import type { RouteMatch } from './routes.js';
import type { OperationValidator } from './schema-validation.js';

/** An HTTP request reduced to what the API looks at. */
export interface ApiRequest {
  method: string;
  pathname: string;
  authorization: string | undefined;
  body: string;
}

/** The answer, or `drop` to destroy the connection without one; `operation` labels the stats. */
export interface ApiOutcome {
  operation: string;
  response: ApiResponse | 'drop';
}

export interface ApiDeps {
  token: string;
  /** The orgs the token may use; undefined: any. */
  orgs: ReadonlySet<string> | undefined;
  route: (method: string, pathname: string) => RouteMatch;
  validators: ReadonlyMap<string, OperationValidator>;
  faults: Faults;
  ctx: HandlerContext;
}

const UNAUTHORIZED = errorResponse(401, 'UNAUTHORIZED', 'Unauthorized - Authentication is required');

const forbidden = (orgId: string): ApiResponse =>
  errorResponse(403, 'FORBIDDEN', `Forbidden - You don't have permission to access this resource (org '${orgId}')`);

function authorized(header: string | undefined, token: string): boolean {
  // The scheme is case-insensitive (RFC 9110); the token is compared whole.
  return header !== undefined && /^bearer /i.test(header) && header.slice(7).trim() === token;
}

function parseBody(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: `body: malformed JSON (${(error as Error).message})` };
  }
}

/** Checks params and body against the schemas, then runs the operation. */
function runOperation(deps: ApiDeps, operationId: string, params: Record<string, string>, text: string): ApiResponse {
  const validator = deps.validators.get(operationId);
  const handler = HANDLERS[operationId];
  if (!validator || !handler) return errorResponse(500, 'INTERNAL_ERROR', `operation ${operationId} is not simulated`);
  const paramsCheck = validator.params(params);
  if (!paramsCheck.ok) return invalid(paramsCheck.message);
  let body: unknown;
  if (validator.body) {
    if (text.trim() === '') {
      if (validator.bodyRequired) return invalid('body: is required (a JSON object)');
    } else {
      const parsed = parseBody(text);
      if (!parsed.ok) return invalid(parsed.message);
      const bodyCheck = validator.body(parsed.value);
      if (!bodyCheck.ok) return invalid(bodyCheck.message);
      body = parsed.value;
    }
  }
  return handler(deps.ctx, { params, body });
}

/** Everything after the slot in flight: latency, rate limit, then the rest; an answer the rate limiter judged states its quota. */
async function admitted(deps: ApiDeps, request: ApiRequest, match: RouteMatch, signal: AbortSignal): Promise<ApiResponse | 'drop'> {
  const { faults } = deps;
  const hold = faults.latency();
  if (hold > 0) await sleep(hold, undefined, { signal });
  const verdict = faults.judgeRate();
  if (verdict?.retryAfterMs !== undefined) return faults.rateLimited(verdict.retryAfterMs, verdict.headers);
  const response = served(deps, request, match);
  return verdict === undefined || response === 'drop' ? response : withHeaders(response, verdict.headers);
}

/** Past the rate limit: fail rate, routing, auth, validation, the operation, fail-after-commit. */
function served(deps: ApiDeps, request: ApiRequest, match: RouteMatch): ApiResponse | 'drop' {
  const { faults } = deps;
  if (faults.failNow()) return errorResponse(500, 'INTERNAL_ERROR', 'Internal Exception (injected by --fail-rate)');

  if (match.kind === 'not-found') return errorResponse(404, 'NOT_FOUND', `No operation at ${request.method} ${request.pathname}`);
  if (match.kind === 'method-not-allowed') {
    const description = `${request.method} is not allowed here; allowed: ${match.allow}`;
    return errorResponse(405, 'METHOD_NOT_ALLOWED', description, { allow: match.allow });
  }
  if (!authorized(request.authorization, deps.token)) return UNAUTHORIZED;
  const orgId = match.params['orgId'];
  if (deps.orgs !== undefined && orgId !== undefined && !deps.orgs.has(orgId)) return forbidden(orgId);
  if (match.badParam !== undefined) return invalid(`${match.badParam}: malformed percent-encoding`);

  const response = runOperation(deps, match.operationId, match.params, request.body);
  if (!response.committed) return response;
  const fault = faults.afterCommit();
  if (fault === 'drop') return 'drop';
  if (fault === 'error') return errorResponse(500, 'INTERNAL_ERROR', 'Internal Exception (injected by --fail-after-commit; the contact was stored)');
  return response;
}

/**
 * The request flow: a slot in flight (limiter concurrency), latency, rate limit, fail rate, routing, auth, validation,
 * the operation, then fail-after-commit. The slot is taken before --latency, since the time a request is held is
 * the time it occupies the server, and freed once the answer is ready.
 */
export function createApi(deps: ApiDeps): (request: ApiRequest, signal: AbortSignal) => Promise<ApiOutcome> {
  const { faults } = deps;
  return async (request, signal) => {
    const match = deps.route(request.method, request.pathname);
    const operation = match.kind === 'operation' ? match.operationId : 'unmatched';
    const answer = (response: ApiResponse | 'drop'): ApiOutcome => ({ operation, response });

    const full = faults.enter();
    if (full !== undefined) return answer(faults.rateLimited(full));
    try {
      return answer(await admitted(deps, request, match, signal));
    } finally {
      faults.leave();
    }
  };
}
