import { setMaxListeners } from 'node:events';
import { ApiError, waitTooLongHint } from './api-error.js';
import { AssignSpacing } from './assign-spacing.js';
import { createApiClient, type ApiClient, type ApiClientOptions, type RequestStats } from './client.js';
import { preflight } from './preflight.js';
import { Throttle } from './throttle.js';
import type { ApiConfig } from '../config/index.js';
import { packageVersion } from '../version.js';

/** After an interrupt, how long requests already on the wire may still finish before they are cancelled. */
export const INTERRUPT_GRACE_MS = 2_000;

/** Everything a run needs to talk to the API, and the switches that stop it. */
export interface ApiSession {
  client: ApiClient;
  stats: RequestStats;
  throttle: Throttle;
  spacing: AssignSpacing;
  /**
   * Aborted when the run must stop sending (abort or interrupt): every wait ends, no request starts or is retried.
   * Its reason is an ApiError of kind 'aborted', so a wait cut short by it fails the row ABORTED.
   */
  signal: AbortSignal;
  /** 401, 403, too many failures: stop sending; requests on the wire finish (no create is left half-known). */
  abort(reason: string): void;
  /**
   * The first SIGINT/SIGTERM: everything abort() does, and requests still on the wire after INTERRUPT_GRACE_MS
   * are cancelled, so the run ends within about that long whatever it was waiting for.
   */
  interrupt(reason?: string): void;
  /** Why the run stopped sending, if it did (a method: it changes while a run awaits). */
  abortReason(): string | undefined;
  /** Where requests go, for messages ("the local sandbox at http://127.0.0.1:PORT" or the base URL). */
  target: string;
  /**
   * The quick check before the first row (see preflight.ts): one request around the client; throws the run's
   * error (exit 2 or 3) when the URL, the token or the org will not do; resolves to notices (a skewed clock).
   */
  preflight(): Promise<string[]>;
  close(): Promise<void>;
}

export interface SessionOptions {
  /** Calls interrupt() when this signal aborts (the command's SIGINT/SIGTERM signal), or at once if it has. */
  interruptOn?: AbortSignal;
  /** Retry back-off and Retry-After cap, when not the defaults (tests). */
  backoff?: ApiClientOptions['backoff'];
  /** How to come back later, when the API asks for too long a wait: import says "with --resume", which no other command takes. */
  again?: string | undefined;
}

/**
 * 401 and 403 mean every other request would fail the same way, and so does a 429 whose Retry-After is longer than the
 * tool waits (a daily quota used up), or a hold that has lasted longer (refused without a Retry-After that ended it):
 * why the run must stop (exit 3), or undefined. Without the last two, every row would wait for the one probe the
 * throttle lets through at a time, and be refused in turn: hours of a run that can do nothing.
 */
function abortReasonFor(error: ApiError, again: string | undefined): string | undefined {
  if (error.status === 401) return 'the API refused the token (401): check SALESCHAT_TOKEN or --token-file';
  if (error.status === 403) return `the API refused this organisation (403): check --org and the token's role`;
  if (error.waitTooLong !== undefined) return waitTooLongHint(error.waitTooLong, again);
  return undefined;
}

function interruptReason(signal: AbortSignal): string {
  return typeof signal.reason === 'string' ? `interrupted (${signal.reason})` : 'interrupted';
}

export async function openApiSession(config: ApiConfig, options: SessionOptions = {}): Promise<ApiSession> {
  // Loaded only for --sandbox: a real run has no use for the simulator's schemas in memory.
  const sandbox = config.sandbox ? await (await import('../sandbox/index.js')).startSandbox({ port: 0 }) : undefined;
  const controller = new AbortController();
  // Every throttle wait, back-off and assign spacing listens to this one signal.
  setMaxListeners(Math.max(64, config.concurrency * 8), controller.signal);
  const stats: RequestStats = { requests: 0, retries: 0, rateLimited: 0, unavailable: 0 };
  const throttle = new Throttle({ maxRate: config.rate });
  let abortReason: string | undefined;
  const stop = (reason: string) => {
    if (abortReason !== undefined) return;
    abortReason = reason;
    controller.abort(new ApiError('aborted', `not finished: ${reason}`));
  };
  let client: ApiClient;
  try {
    client = createApiClient({
      baseUrl: sandbox?.url ?? config.baseUrl,
      token: sandbox?.token ?? config.token,
      orgId: config.orgId,
      timeoutMs: config.timeoutMs,
      retries: config.retries,
      userAgent: `saleschat-bulk/${packageVersion()}`,
      throttle,
      stats,
      signal: controller.signal,
      again: options.again,
      // The one rule on answers: a 401, a 403 or too long a Retry-After stops the run the moment it comes, whichever
      // command sent it.
      onGivenUp: (error) => {
        const reason = abortReasonFor(error, options.again);
        if (reason !== undefined) stop(reason);
      },
      ...(options.backoff ? { backoff: options.backoff } : {}),
    });
  } catch (error) {
    await sandbox?.close();
    throw error;
  }
  let graceTimer: NodeJS.Timeout | undefined;
  const interrupt = (reason = 'interrupted') => {
    stop(reason);
    // Unref'd: a run whose rows all finish within the grace exits without waiting for it.
    graceTimer ??= setTimeout(() => client.cancelInFlight(), INTERRUPT_GRACE_MS).unref();
  };
  const onInterrupt = () => interrupt(interruptReason(options.interruptOn!));
  if (options.interruptOn?.aborted) onInterrupt();
  else options.interruptOn?.addEventListener('abort', onInterrupt, { once: true });

  return {
    client,
    stats,
    throttle,
    spacing: new AssignSpacing(),
    signal: controller.signal,
    abort: stop,
    interrupt,
    abortReason: () => abortReason,
    target: sandbox ? `the local sandbox at ${sandbox.url} (org ${config.orgId}): nothing is sent to SalesChat` : `${config.baseUrl} (org ${config.orgId})`,
    preflight: () =>
      preflight({
        baseUrl: sandbox?.url ?? config.baseUrl,
        token: sandbox?.token ?? config.token,
        orgId: config.orgId,
        timeoutMs: config.timeoutMs,
        userAgent: `saleschat-bulk/${packageVersion()}`,
        signal: controller.signal,
      }),
    async close() {
      options.interruptOn?.removeEventListener('abort', onInterrupt);
      clearTimeout(graceTimer);
      client.close();
      await sandbox?.close();
    },
  };
}
