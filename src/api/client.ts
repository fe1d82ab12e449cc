import { UsageError } from '../errors.js';
import { isUsablePathSegment } from '../path-segment.js';
import { readContactAnswer, readFoundContacts, type Answer, type ContactAnswer, type FoundContact } from './answers.js';
import { ApiError, isCertificateError, mayHaveArrived, toApiError, type WaitTooLong } from './api-error.js';
import { AnswerTooLargeError, createHttpExchange, ExchangeTimeoutError, HttpStatusError, type Exchange, type HttpExchange } from './http-exchange.js';
import { answerRetryAfterMs, decideRetry, DEFAULT_BACKOFF, type RetryDecision, type RetryPolicy, type TryFailure } from './retry.js';
import { sleep } from '../sleep.js';
import { readRateLimitHeaders } from './rate-limit-headers.js';
import type { Outcome, Throttle, Ticket } from './throttle.js';
import { ThrottleGate } from './throttle-gate.js';
import type { AssignChatroomReqDto, ContactReqDto, UpdateContactDispositionReqV2Dto, UpdateContactReqDto } from './types.js';

/** Requests made for one row: the results file's `attempts` and `http_status`. */
export interface RowTrace {
  requests: number;
  lastStatus: number | undefined;
  /**
   * A request that changes SalesChat (not a look-up) ended without an answer (a timeout, a reset, cancelled by an
   * interrupt): the server may have carried it out. A row stopped after it is not "skipped", since it may be stored.
   */
  unanswered?: boolean;
}

/** Counters for the whole run (progress line and summary). */
export interface RequestStats {
  requests: number;
  retries: number;
  rateLimited: number;
  /** Answered 503: a server overloaded, or a limit answered so (nginx's limit_req does unless told otherwise). */
  unavailable: number;
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
  /**
   * Aborted when the run stops sending (401/403, --max-errors, an interrupt): every wait ends at once, no request
   * starts and none is retried. Its reason, when an ApiError, is what the rows stopped this way report.
   */
  signal?: AbortSignal;
  /** Hears every request's final failure, just before it is thrown: where the session's abort rule reads the answers. */
  onGivenUp?: (error: ApiError) => void;
  /** Back-off between tries and the Retry-After cap; DEFAULT_BACKOFF unless given. */
  backoff?: Partial<Omit<RetryPolicy, 'retries'>>;
  /** How to come back later, in a message that asks for it; only import can say "with --resume". */
  again?: string | undefined;
}

type Operation = 'create' | 'update' | 'disposition' | 'assign' | 'findByPhone';

export interface ApiClient {
  createContact(body: ContactReqDto, trace: RowTrace): Promise<ContactAnswer>;
  updateContact(contactId: string, body: UpdateContactReqDto, trace: RowTrace): Promise<ContactAnswer>;
  /** The answer is not used, so any 2xx body (JSON or not) is success. */
  updateDisposition(contactId: string, body: UpdateContactDispositionReqV2Dto, trace: RowTrace): Promise<void>;
  assign(contactId: string, body: AssignChatroomReqDto, trace: RowTrace): Promise<void>;
  findByPhone(e164: string, trace: RowTrace): Promise<FoundContact[]>;
  /** Destroys the requests still on the wire; they fail ABORTED once the signal is aborted. */
  cancelInFlight(): void;
  /** Closes the idle keep-alive connections. */
  close(): void;
}

/** Reads a 2xx answer (its text, read once) into what the operation returns, or says why it cannot be used. */
type ReadAnswer<T> = (text: string, response: Exchange) => Answer<T>;

const ignoreAnswer: ReadAnswer<void> = () => ({ ok: true, value: undefined });

/** A path parameter that would change the request's path is refused before any request is built. */
function pathSegment(value: string, what: string): string {
  if (!isUsablePathSegment(value)) {
    throw new ApiError('bad-id', `${JSON.stringify(value)} cannot be ${what}: it would change the request's path`);
  }
  return encodeURIComponent(value);
}

/** `sentAt`: Date.now() when the try left, to read a Retry-After date on the server's clock. */
function failureOf(error: unknown, sentAt: number): TryFailure {
  if (error instanceof HttpStatusError) {
    const { headers, status } = error.exchange;
    return { kind: 'status', status, retryAfterMs: answerRetryAfterMs(headers, sentAt), hint: readRateLimitHeaders(headers) };
  }
  if (error instanceof ExchangeTimeoutError) return { kind: 'timeout' };
  if (error instanceof AnswerTooLargeError) return { kind: 'too-large', status: error.status };
  return { kind: 'network', certificate: isCertificateError(error) };
}

/**
 * What a failed try tells the throttle. A 503 may be a limit too: nginx's limit_req refuses with it unless told
 * otherwise, and an overloaded server asks for the same, to be sent less; the throttle tells it from a backend that
 * fails now and then. assign's 429 is its own limit of one call per contact per 10 s: not the run's.
 */
function throttleOutcome(operation: Operation, failure: TryFailure): Outcome {
  if (failure.kind !== 'status' || operation === 'assign') return { kind: 'other' };
  const { retryAfterMs, hint } = failure;
  if (failure.status === 429) return { kind: 'rate-limited', retryAfterMs, hint };
  if (failure.status === 503) return { kind: 'unavailable', retryAfterMs, hint };
  return { kind: 'other' };
}

/**
 * The five operations of the contact API: one exchange per try (http-exchange.ts keeps the timeout and turns a
 * non-2xx answer into HttpStatusError), tried again by our own loop so that every wait hears the signal. (ky's retry
 * waits, used before, could only be cut short with a per-request signal merged through AbortSignal.any(): CPU on
 * every request, and memory that kept
 * growing on Node 20 with one long-lived signal.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  // The configuration refuses such an org first (exit 2); this is the last line of defence, before any request.
  if (!isUsablePathSegment(options.orgId)) throw new UsageError(`the organisation id ${JSON.stringify(options.orgId)} (--org or SALESCHAT_ORG_ID) would change the request's path`);
  const { stats, signal } = options;
  const gate = new ThrottleGate(options.throttle);
  const policy: RetryPolicy = { ...DEFAULT_BACKOFF, ...options.backoff, retries: options.retries };
  const transport: HttpExchange = createHttpExchange({
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    headers: { authorization: `Bearer ${options.token}`, 'user-agent': options.userAgent },
  });
  const org = encodeURIComponent(options.orgId);

  const stopped = (): ApiError =>
    signal?.reason instanceof ApiError ? signal.reason : new ApiError('aborted', 'not finished: the run was stopped');

  /** Waits `ms` unless the run stops first (then throws the stop). */
  async function pause(ms: number): Promise<void> {
    if (ms <= 0) return;
    try {
      await sleep(ms, signal);
    } catch {
      throw stopped();
    }
  }

  function countTry(trace: RowTrace, retriesDone: number): void {
    trace.requests += 1;
    stats.requests += 1;
    if (retriesDone > 0) stats.retries += 1;
  }

  /** Waits for the throttle's place and slot, then counts the try; throws instead once the run has stopped. */
  function takeTurn(trace: RowTrace, retriesDone: number): Ticket | Promise<Ticket> {
    const taken = gate.take(signal);
    // No promise when the throttle lets the request go now: most requests.
    if (!(taken instanceof Promise)) {
      countTry(trace, retriesDone);
      return taken;
    }
    return taken.then(
      (ticket) => {
        countTry(trace, retriesDone);
        return ticket;
      },
      () => {
        throw stopped();
      },
    );
  }

  /** Waits before another try: a refused request in the gate (which may let it go early), anything else as asked. */
  async function waitBeforeRetry(ms: number, rateLimited: boolean, probedEarly: boolean): Promise<boolean> {
    if (!rateLimited) {
      await pause(ms);
      return false;
    }
    try {
      return await gate.waitToRetry(ms, probedEarly, signal);
    } catch {
      throw stopped();
    }
  }

  async function call<T>(operation: Operation, method: 'GET' | 'PUT' | 'POST', pathOf: () => string, trace: RowTrace, json: unknown, read: ReadAnswer<T>): Promise<T> {
    // Built here, so a refused id rejects the call like any other failure.
    const path = pathOf();
    // No per-request signal (see above): an interrupted run cancels what is on the wire through the transport.
    const bodyText = json === undefined ? undefined : JSON.stringify(json);
    let probedEarly = false;
    for (let retriesDone = 0; ; retriesDone += 1) {
      const turn = takeTurn(trace, retriesDone);
      const ticket = turn instanceof Promise ? await turn : turn;
      let response: Exchange;
      const sentAt = Date.now();
      try {
        response = await transport.send(method, path, bodyText);
      } catch (error) {
        const failure = failureOf(error, sentAt);
        const refusal = gate.settle(ticket, throttleOutcome(operation, failure)) === 'rate-limited';
        if (failure.kind === 'status') noteFailedStatus(failure, trace);
        else if (failure.kind === 'too-large') trace.lastStatus = failure.status;
        else if (method !== 'GET' && mayHaveArrived(error)) trace.unanswered = true;
        // Refused for longer than a Retry-After the tool would wait: the server may be down, or a quota used up
        // without saying so; every other row would be refused in turn, a probe at a time, for hours.
        const heldTooLong: WaitTooLong | undefined =
          refusal && gate.heldForMs > policy.maxRetryAfterMs ? { source: 'hold', ms: gate.heldForMs, capMs: policy.maxRetryAfterMs } : undefined;
        const decision: RetryDecision = heldTooLong ? { retry: false } : decideRetry(failure, retriesDone, policy);
        // A try cut short by the stop (cancelled socket, or one that would be retried) ends the row ABORTED.
        if (signal?.aborted && (decision.retry || failure.kind !== 'status')) throw stopped();
        if (!decision.retry) {
          const waitTooLong: WaitTooLong | undefined =
            decision.waitAskedMs === undefined ? heldTooLong : { source: 'retry-after', ms: decision.waitAskedMs, capMs: policy.maxRetryAfterMs };
          const givenUp = toApiError(error, { aborted: signal?.aborted ?? false, waitTooLong, again: options.again });
          options.onGivenUp?.(givenUp);
          throw givenUp;
        }
        probedEarly = await waitBeforeRetry(decision.delayMs, refusal, probedEarly);
        continue;
      }
      trace.lastStatus = response.status;
      gate.settle(ticket, { kind: 'accepted', hint: readRateLimitHeaders(response.headers) });
      const answer = read(response.text, response);
      // An answer we cannot use is not tried again: a create may have been stored, and --resume resolves it by 409.
      if (!answer.ok) throw new ApiError('unexpected', answer.problem, { status: response.status });
      return answer.value;
    }
  }

  function noteFailedStatus(failure: Extract<TryFailure, { kind: 'status' }>, trace: RowTrace): void {
    trace.lastStatus = failure.status;
    if (failure.status === 429) stats.rateLimited += 1;
    if (failure.status === 503) stats.unavailable += 1;
  }

  const contact = (contactId: string) => pathSegment(contactId, 'a contact id');
  const readCreated: ReadAnswer<ContactAnswer> = (text, response) => readContactAnswer('create', text, response);
  const readUpdated: ReadAnswer<ContactAnswer> = (text, response) => readContactAnswer('update', text, response);
  return {
    createContact: (body, trace) => call('create', 'POST', () => `v2/org/${org}/contact`, trace, body, readCreated),
    updateContact: (contactId, body, trace) => call('update', 'PUT', () => `v1/orgs/${org}/contact/${contact(contactId)}`, trace, body, readUpdated),
    updateDisposition: (contactId, body, trace) =>
      call('disposition', 'PUT', () => `v2/orgs/${org}/contact/${contact(contactId)}/disposition`, trace, body, ignoreAnswer),
    assign: (contactId, body, trace) => call('assign', 'POST', () => `v3/orgs/${org}/contacts/${contact(contactId)}/assign`, trace, body, ignoreAnswer),
    findByPhone: (e164, trace) =>
      call('findByPhone', 'GET', () => `v2/org/${org}/contact/pn/${pathSegment(e164, 'a phone number')}`, trace, undefined, readFoundContacts),
    cancelInFlight: () => transport.cancelInFlight(),
    close: () => transport.close(),
  };
}
