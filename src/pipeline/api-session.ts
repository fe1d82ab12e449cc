import { setMaxListeners } from 'node:events';
import { AssignSpacing } from '../api/assign-spacing.js';
import { createApiClient, type ApiClient, type RequestStats } from '../api/client.js';
import { Throttle } from '../api/throttle.js';
import type { ApiConfig } from '../config.js';
import { packageVersion } from '../version.js';
import { preferSmallHeap } from './small-heap.js';

/** Everything a run needs to talk to the API, and the one switch that stops it (401, 403, too many failures). */
export interface ApiSession {
  client: ApiClient;
  stats: RequestStats;
  throttle: Throttle;
  spacing: AssignSpacing;
  /** Aborted when the run must stop sending: requests in flight are cancelled. */
  signal: AbortSignal;
  abort(reason: string): void;
  /** Why the run was aborted, if it was (a method: it changes while a run awaits). */
  abortReason(): string | undefined;
  /** Where requests go, for messages ("the local sandbox at http://127.0.0.1:PORT" or the base URL). */
  target: string;
  close(): Promise<void>;
}

/** 401 and 403 mean every other request would fail the same way: why the run must stop (exit 3), or undefined. */
export function abortReasonFor(status: number | '' | undefined): string | undefined {
  if (status === 401) return 'the API refused the token (401): check SALESCHAT_TOKEN or --token-file';
  if (status === 403) return `the API refused this organisation (403): check --org and the token's role`;
  return undefined;
}

export async function openApiSession(config: ApiConfig): Promise<ApiSession> {
  preferSmallHeap();
  // Loaded only for --sandbox: a real run has no use for the simulator's schemas in memory.
  const sandbox = config.sandbox ? await (await import('../sandbox/index.js')).startSandbox({ port: 0 }) : undefined;
  const controller = new AbortController();
  // Every request in flight (and every throttle wait) listens to this one signal.
  setMaxListeners(Math.max(64, config.concurrency * 8), controller.signal);
  const stats: RequestStats = { requests: 0, retries: 0, rateLimited: 0 };
  const throttle = new Throttle({ maxRate: config.rate });
  const client = createApiClient({
    baseUrl: sandbox?.url ?? config.baseUrl,
    token: sandbox?.token ?? config.token,
    orgId: config.orgId,
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    userAgent: `saleschat-bulk/${packageVersion()}`,
    throttle,
    stats,
    signal: controller.signal,
  });
  let abortReason: string | undefined;
  return {
    client,
    stats,
    throttle,
    spacing: new AssignSpacing(),
    signal: controller.signal,
    abort(reason) {
      if (abortReason !== undefined) return;
      abortReason = reason;
      controller.abort(new Error(reason));
    },
    abortReason: () => abortReason,
    target: sandbox ? `the local sandbox at ${sandbox.url} (org ${config.orgId}): nothing is sent to SalesChat` : `${config.baseUrl} (org ${config.orgId})`,
    async close() {
      client.close();
      await sandbox?.close();
    },
  };
}
