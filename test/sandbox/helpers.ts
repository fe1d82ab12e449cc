import { afterEach, expect } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';

export const ORG = 'demo-org';
export const PHONE = '+14155552671';
export const PHONE_OBJECT = { countryCode: 1, nationalNumber: 4155552671 };
export const T0 = Date.parse('2025-01-01T00:00:00Z');

/** A clock a test moves by hand. */
export function manualClock(start = T0): { now: () => number; set: (ms: number) => void; advance: (ms: number) => void } {
  let current = start;
  return { now: () => current, set: (ms) => void (current = ms), advance: (ms) => void (current += ms) };
}

export const start = (options: SandboxOptions = {}): Promise<Sandbox> => startSandbox({ port: 0, ...options });

export interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

let crmSerial = 0;
/** A valid create body with a fresh crm_id. */
export function contactBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  crmSerial += 1;
  return { crm_id: `crm-${crmSerial}`, phone_number: PHONE_OBJECT, opt_in_date: '2024-05-01T12:00:00Z', ...overrides };
}

/** The five operations over real HTTP, plus a raw request. */
export function client(sandbox: Sandbox, token: string | null = sandbox.token) {
  async function request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const init: RequestInit = { method, headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const res = await fetch(`${sandbox.url}${path}`, init);
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }
  const e = encodeURIComponent;
  return {
    request,
    create: (body: unknown, org = ORG) => request('POST', `/v2/org/${e(org)}/contact`, body),
    update: (id: string, body: unknown, org = ORG) => request('PUT', `/v1/orgs/${e(org)}/contact/${e(id)}`, body),
    disposition: (id: string, body: unknown, org = ORG) => request('PUT', `/v2/orgs/${e(org)}/contact/${e(id)}/disposition`, body),
    assign: (id: string, body: unknown, org = ORG) => request('POST', `/v3/orgs/${e(org)}/contacts/${e(id)}/assign`, body),
    byPhone: (phone: string, org = ORG) => request('GET', `/v2/org/${e(org)}/contact/pn/${e(phone)}`),
  };
}

/** Creates a contact and returns its id, failing loudly if the sandbox refused. */
export async function createContact(api: ReturnType<typeof client>, overrides: Record<string, unknown> = {}, org = ORG): Promise<string> {
  const reply = await api.create(contactBody(overrides), org);
  if (reply.status !== 200) throw new Error(`create answered ${reply.status}: ${reply.text}`);
  return (reply.body as { id: string }).id;
}

/** Typed wrappers of vitest's asymmetric matchers, which return `any`. */
export const anyString = (): unknown => expect.any(String);
export const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);
export const containing = (text: string): unknown => expect.stringContaining(text);
/** An ErrorRespDto with this code (and message, when given). */
export const errorBody = (code: number, message?: string): unknown =>
  expect.objectContaining({ error_code: code, error_description: anyString(), ...(message ? { error_message: message } : {}) });

/** Sandboxes started by a test file, each closed after its test: `const open = useSandboxes();` at the top of the file. */
export function useSandboxes(): (options: SandboxOptions) => Promise<Sandbox> {
  let sandboxes: Sandbox[] = [];
  afterEach(async () => {
    await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
    sandboxes = [];
  });
  return async (options) => {
    const sandbox = await start(options);
    sandboxes.push(sandbox);
    return sandbox;
  };
}

/** Sends `count` look-ups one after another over HTTP; their statuses in order. */
export async function statuses(sandbox: Sandbox, count: number): Promise<number[]> {
  const api = client(sandbox);
  const result: number[] = [];
  for (let i = 0; i < count; i += 1) result.push((await api.byPhone(PHONE)).status);
  return result;
}
