import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RowTrace } from '../../src/api/client.js';
import type { ApiConfig } from '../../src/config/index.js';
import type { Contact } from '../../src/contacts/fields.js';
import { openApiSession, type ApiSession, type SessionOptions } from '../../src/api/api-session.js';
import { importContact, type ImportMode } from '../../src/import/import-steps.js';
import type { ResultRow } from '../../src/io/result-row.js';

/**
 * A scripted stand-in for the contact API, for what the sandbox never does (a 200 without an id, an HTML page,
 * a Retry-After of an hour, a request held forever). It records the path of every request it receives.
 */

export type Operation = 'create' | 'update' | 'disposition' | 'assign' | 'findByPhone';

export interface Reply {
  status: number;
  /** A string is sent as it is; anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer (the test ends it by closing the server). */
  hold?: boolean;
  /** Answer after this many ms. */
  delayMs?: number;
}

export interface Seen {
  method: string;
  path: string;
  operation: Operation | undefined;
}

const ROUTES: [Operation, string, RegExp][] = [
  ['create', 'POST', /^\/v2\/org\/[^/]+\/contact$/],
  ['update', 'PUT', /^\/v1\/orgs\/[^/]+\/contact\/[^/]+$/],
  ['disposition', 'PUT', /^\/v2\/orgs\/[^/]+\/contact\/[^/]+\/disposition$/],
  ['assign', 'POST', /^\/v3\/orgs\/[^/]+\/contacts\/[^/]+\/assign$/],
  ['findByPhone', 'GET', /^\/v2\/org\/[^/]+\/contact\/pn\/[^/]+$/],
];

const DEFAULT_REPLIES: Record<Operation, Reply> = {
  create: { status: 200, body: { id: 'c-1', crm_id: 'CRM-1' } },
  update: { status: 200, body: { id: 'c-1', crm_id: 'CRM-1' } },
  disposition: { status: 200, body: '"ok"' },
  assign: { status: 202, body: '' },
  findByPhone: { status: 200, body: [] },
};

export type Script = Partial<Record<Operation, Reply | ((count: number) => Reply)>>;

export interface FakeApi {
  url: string;
  seen: Seen[];
  /** Resolves once the server has received `count` requests. */
  received(count: number): Promise<void>;
  close(): Promise<void>;
}

function operationOf(method: string, path: string): Operation | undefined {
  return ROUTES.find(([, routeMethod, pattern]) => routeMethod === method && pattern.test(path))?.[0];
}

function answer(response: ServerResponse, reply: Reply): void {
  if (reply.hold) return;
  const send = () => {
    const text = typeof reply.body === 'string' ? reply.body : reply.body === undefined ? '' : JSON.stringify(reply.body);
    const type = typeof reply.body === 'string' ? 'text/plain' : 'application/json';
    response.writeHead(reply.status, { 'content-type': type, ...reply.headers });
    response.end(text);
  };
  // Unref'd: a reply still pending when a test ends must not keep the worker alive.
  if (reply.delayMs) setTimeout(send, reply.delayMs).unref();
  else send();
}

export async function startFakeApi(script: Script = {}): Promise<FakeApi> {
  const seen: Seen[] = [];
  const counts = new Map<Operation, number>();
  const waiters: { count: number; resolve: () => void }[] = [];
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    request.on('end', () => {
      const method = request.method ?? '';
      const path = request.url ?? '';
      const operation = operationOf(method, path);
      seen.push({ method, path, operation });
      for (const waiter of waiters.filter((w) => seen.length >= w.count)) waiter.resolve();
      if (operation === undefined) {
        answer(response, { status: 404, body: { error_code: 4040000, error_message: 'no such route' } });
        return;
      }
      const count = (counts.get(operation) ?? 0) + 1;
      counts.set(operation, count);
      const scripted = script[operation] ?? DEFAULT_REPLIES[operation];
      answer(response, typeof scripted === 'function' ? scripted(count) : scripted);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    received: (count) => new Promise((resolve) => (seen.length >= count ? resolve() : waiters.push({ count, resolve }))),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export function apiConfig(url: string, overrides: Partial<ApiConfig> = {}): ApiConfig {
  return { baseUrl: url, token: 'test-token', orgId: 'org-1', sandbox: false, concurrency: 4, rate: undefined, retries: 2, timeoutMs: 10_000, maxErrors: 50, ...overrides };
}

export async function openSession(url: string, overrides: Partial<ApiConfig> = {}, options: SessionOptions = {}): Promise<ApiSession> {
  return openApiSession(apiConfig(url, overrides), options);
}

export function contact(overrides: Partial<Contact> = {}): Contact {
  return { crm_id: 'CRM-1', phone_number: '+14155552671', opt_in_date: '2024-05-01T00:00:00.000Z', additional: {}, ...overrides };
}

function baseRow(subject: Contact): ResultRow {
  return {
    row: 1, crm_id: subject.crm_id, phone_number: subject.phone_number, status: 'ok', action: 'none', contact_id: '', disposition: '', assign: '',
    http_status: '', error_code: '', error_message: '', attempts: 0, line: 2,
  };
}

/** Runs the row's steps through the session, as an import does. */
export function importRow(session: ApiSession, subject: Contact, mode: ImportMode = 'upsert'): Promise<ResultRow> {
  const context = { api: session.client, mode, phoneFormat: 'e164' as const, spacing: session.spacing, signal: session.signal };
  return importContact(subject, context, baseRow(subject)).then((imported) => imported.row);
}

export function newTrace(): RowTrace {
  return { requests: 0, lastStatus: undefined };
}

/** A path that no request built from a usable id can have. */
export function isBrokenPath(path: string): boolean {
  return /undefined|null|\/\.\.?(\/|$)|\/\//.test(path);
}
