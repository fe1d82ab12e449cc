import ky, { HTTPError, type KyInstance, type Options } from 'ky';
import { isCertificateError, toApiError } from './api-error.js';
import { createHttpFetch, type HttpFetch, type HttpFetchInit } from './http-fetch.js';
import { sleep, type Throttle } from './throttle.js';
import type {
  AssignChatroomReqDto,
  ContactReqDto,
  ContactRespDto,
  GetContactRespDto,
  UpdateContactDispositionReqV2Dto,
  UpdateContactReqDto,
} from './types.js';

/** Requests made for one row: the results file's `attempts` and `http_status`. */
export interface RowTrace {
  requests: number;
  lastStatus: number | undefined;
}

/** Counters for the whole run (progress line and summary). */
export interface RequestStats {
  requests: number;
  retries: number;
  rateLimited: number;
}

export interface ApiClientOptions {
  baseUrl: string;
  /** Sent only in the Authorization header; never logged or put in an error. */
  token: string;
  orgId: string;
  timeoutMs: number;
  retries: number;
  userAgent: string;
  throttle: Throttle;
  stats: RequestStats;
  /** Aborts every request in flight (401/403 abort, second Ctrl-C). */
  signal?: AbortSignal;
}

type Operation = 'create' | 'update' | 'disposition' | 'assign' | 'findByPhone';

interface CallContext extends Record<string, unknown> {
  trace: RowTrace;
  operation: Operation;
}

/** Thrown by the hooks once the run is aborted; becomes an ApiError of kind 'aborted'. */
class RunAborted extends Error {}

/** Statuses worth another try; 400, 401, 403, 404, 409 and 422 would only fail again. */
const RETRY_STATUSES = [408, 429, 500, 502, 503, 504];
/** Longest Retry-After we honour before giving the request up. */
const MAX_RETRY_AFTER_MS = 120_000;

export function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function createKy(options: ApiClientOptions, transport: HttpFetch): KyInstance {
  const { throttle, stats } = options;
  return ky.create({
    fetch: transport.fetch,
    prefixUrl: options.baseUrl,
    timeout: options.timeoutMs,
    headers: { authorization: `Bearer ${options.token}`, 'user-agent': options.userAgent },
    retry: {
      limit: options.retries,
      // create (POST) is retried too: a 409 afterwards is resolved to the contact that exists, never a duplicate.
      methods: ['get', 'put', 'post'],
      statusCodes: RETRY_STATUSES,
      afterStatusCodes: [429, 503],
      maxRetryAfter: MAX_RETRY_AFTER_MS,
      retryOnTimeout: true,
      delay: (attempt) => 250 * 2 ** (attempt - 1),
      backoffLimit: 15_000,
      jitter: (delay) => delay * (0.5 + Math.random() * 0.5),
      shouldRetry: ({ error }) => (options.signal?.aborted || isCertificateError(error) ? false : undefined),
    },
    hooks: {
      beforeRequest: [
        (_request, requestOptions, { retryCount }) => {
          // An aborted run starts nothing new; requests already sent finish, so no create is left half-known.
          if (options.signal?.aborted) throw new RunAborted();
          const context = requestOptions.context as CallContext;
          context.trace.requests += 1;
          stats.requests += 1;
          if (retryCount > 0) stats.retries += 1;
          const wait = throttle.reserve();
          // Synchronous when the throttle lets the request go now: most requests.
          return wait > 0 ? sleep(wait, options.signal) : undefined;
        },
      ],
      beforeError: [
        (error) => {
          const status = error.response.status;
          const context = error.options.context as CallContext;
          context.trace.lastStatus = status;
          if (status === 429) {
            stats.rateLimited += 1;
            // assign's 429 is its own limit of one call per contact per 10 s: it must not slow the whole run.
            if (context.operation !== 'assign') throttle.onRateLimited(retryAfterMs(error.response.headers.get('retry-after')));
          }
          return error;
        },
      ],
    },
  });
}

export interface ApiClient {
  createContact(body: ContactReqDto, trace: RowTrace): Promise<ContactRespDto>;
  updateContact(contactId: string, body: UpdateContactReqDto, trace: RowTrace): Promise<ContactRespDto>;
  updateDisposition(contactId: string, body: UpdateContactDispositionReqV2Dto, trace: RowTrace): Promise<unknown>;
  assign(contactId: string, body: AssignChatroomReqDto, trace: RowTrace): Promise<void>;
  findByPhone(e164: string, trace: RowTrace): Promise<GetContactRespDto[]>;
  /** Closes the idle keep-alive connections. */
  close(): void;
}

const JSON_BODY = { 'content-type': 'application/json' };

/** The five operations of the contact API, with retries, the shared throttle and typed errors. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const transport = createHttpFetch();
  const http = createKy(options, transport);
  const org = encodeURIComponent(options.orgId);
  async function call<T>(operation: Operation, method: 'get' | 'put' | 'post', path: string, trace: RowTrace, json?: unknown): Promise<T> {
    // No per-request signal: ky would combine it with its own through AbortSignal.any(), which costs on every
    // request and, with one long-lived signal, kept memory growing on Node 20. Aborting is done in the hooks.
    const request: Options & HttpFetchInit = { method, context: { trace, operation } satisfies CallContext };
    if (json !== undefined) {
      // Handed to the fetch as a string (see http-fetch.ts): no body stream to build and read on every request.
      request.bodyText = JSON.stringify(json);
      request.headers = JSON_BODY;
    }
    try {
      const response = await http(path, request);
      trace.lastStatus = response.status;
      options.throttle.onSuccess();
      const text = await response.text();
      return (text === '' ? undefined : JSON.parse(text)) as T;
    } catch (error) {
      if (error instanceof HTTPError) trace.lastStatus = error.response.status;
      throw await toApiError(error, options.signal?.aborted ?? false);
    }
  }

  const id = encodeURIComponent;
  return {
    createContact: (body, trace) => call('create', 'post', `v2/org/${org}/contact`, trace, body),
    updateContact: (contactId, body, trace) => call('update', 'put', `v1/orgs/${org}/contact/${id(contactId)}`, trace, body),
    updateDisposition: (contactId, body, trace) =>
      call('disposition', 'put', `v2/orgs/${org}/contact/${id(contactId)}/disposition`, trace, body),
    assign: (contactId, body, trace) => call('assign', 'post', `v3/orgs/${org}/contacts/${id(contactId)}/assign`, trace, body),
    findByPhone: (e164, trace) => call('findByPhone', 'get', `v2/org/${org}/contact/pn/${id(e164)}`, trace),
    close: () => transport.close(),
  };
}
