import { setMaxListeners } from 'node:events';
import { createServer } from 'node:http';
import { createApi } from './api.js';
import type { SandboxStoreView } from './contact.js';
import { Faults } from './faults.js';
import { publishedDocument } from './openapi.js';
import { resolveOptions, type SandboxOptions } from './options.js';
import { createRouter } from './routes.js';
import { compileValidators } from './schema-validation.js';
import { baseUrl, closeServer, createRequestListener, listen } from './server.js';
import { SandboxError } from './errors.js';
import { readStateFile, writeStateFile, type StateSnapshot } from './state-file.js';
import { StateSaver } from './state-saver.js';
import { StatsCounter, type SandboxStats } from './stats.js';
import { ContactStore } from './store.js';

/** A running sandbox. */
export interface Sandbox {
  /** Base URL, e.g. `http://127.0.0.1:4010`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly token: string;
  readonly store: SandboxStoreView;
  stats(): SandboxStats;
  /** Empties the store (ids keep counting up); the request counters stay. */
  reset(): void;
  /** Stops listening, drops open connections and saves the state file; safe to call twice. */
  close(): Promise<void>;
}

async function openState(path: string, store: ContactStore, log: ((line: string) => void) | undefined): Promise<StateSaver> {
  const saved = await readStateFile(path);
  if (saved) store.load(saved.contacts, saved.sequence);
  const snapshot = (): StateSnapshot => ({ version: 1, sequence: store.lastSequence, contacts: [...store.all()] });
  // A path that cannot be written should stop the start, not fail silently at the first change.
  if (!saved) {
    await writeStateFile(path, snapshot()).catch((error: unknown) => {
      throw new SandboxError('STATE_FILE_UNWRITABLE', `cannot write state file ${path}: ${(error as Error).message}`, { cause: error });
    });
  }
  const saver = new StateSaver(path, snapshot, (error) => log?.(`sandbox: cannot save state to ${path}: ${(error as Error).message}`));
  store.onChange = () => saver.changed();
  return saver;
}

/** Starts the SalesChat API sandbox; resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const resolved = resolveOptions(options);
  const store = new ContactStore();
  const saver = resolved.statePath === undefined ? undefined : await openState(resolved.statePath, store, resolved.log);
  const doc = publishedDocument();
  const stats = new StatsCounter();
  const admin = { stats: () => stats.snapshot(store.count()), reset: () => store.clear() };
  const api = createApi({
    token: resolved.token,
    orgs: resolved.orgs,
    route: createRouter(doc),
    validators: compileValidators(doc),
    faults: new Faults(resolved),
    ctx: { store, clock: resolved.clock, dates: resolved.dates },
  });
  const closing = new AbortController();
  // Every request waiting out --latency listens to this one signal; hundreds at once is normal, not a leak.
  setMaxListeners(0, closing.signal);
  const server = createServer(createRequestListener({ api, admin, stats, log: resolved.log, closing: closing.signal, clock: resolved.clock }));

  let address;
  try {
    address = await listen(server, resolved.port, resolved.host);
  } catch (error) {
    await saver?.close();
    throw error;
  }

  let closed: Promise<void> | undefined;
  return {
    url: baseUrl(resolved.host, address.port),
    host: resolved.host,
    port: address.port,
    token: resolved.token,
    store,
    stats: admin.stats,
    reset: admin.reset,
    close: () =>
      (closed ??= (async () => {
        closing.abort();
        await closeServer(server);
        await saver?.close();
      })()),
  };
}
