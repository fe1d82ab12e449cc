import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, toApiError, type ApiErrorKind } from '../../src/api/api-error.js';
import { createApiClient, type ApiClient } from '../../src/api/client.js';
import { Throttle } from '../../src/api/throttle.js';
import type { ErrorRespDto } from '../../src/api/types.js';
import { registerSecret } from '../../src/secrets.js';
import { newTrace, startFakeApi, type FakeApi, type Reply } from '../run/fake-api.js';

/** How every way a request can fail becomes the results file's error_code and error_message. */

const TOKEN = 'tok-3f9a7c1e-secret';
registerSecret(TOKEN);

let api: FakeApi | undefined;
let server: Server | undefined;
let client: ApiClient | undefined;

afterEach(async () => {
  client?.close();
  await api?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  client = api = server = undefined;
});

function clientFor(url: string, timeoutMs = 5_000): ApiClient {
  const stats = { requests: 0, retries: 0, rateLimited: 0, unavailable: 0 };
  client = createApiClient({ baseUrl: url, token: TOKEN, orgId: 'org-1', timeoutMs, retries: 0, userAgent: 'test', throttle: new Throttle(), stats });
  return client;
}

/** The ApiError a look-up by phone fails with, and the status the row's trace recorded. */
async function failure(url: string, timeoutMs?: number): Promise<{ error: ApiError; lastStatus: number | undefined }> {
  const trace = newTrace();
  const error: unknown = await clientFor(url, timeoutMs).findByPhone('+14155552671', trace).then(
    () => expect.unreachable('the look-up succeeded'),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ApiError);
  return { error: error as ApiError, lastStatus: trace.lastStatus };
}

/** A loopback server whose every answer is written by `handler`. */
async function serve(handler: (response: ServerResponse) => void): Promise<string> {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => handler(response));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const dto = (error_code: number, error_message: string, error_description?: string): ErrorRespDto =>
  error_description === undefined ? { error_code, error_message } : { error_code, error_message, error_description };

describe('ApiError.code: stable names first, then the API\'s error_code, then the kind', () => {
  it.each<[string, ApiErrorKind, { status?: number; body?: ErrorRespDto }, string]>([
    ['401 whatever the body says', 'http', { status: 401, body: dto(4010001, 'UNAUTHORIZED') }, 'AUTH_FAILED'],
    ['429 whatever the body says', 'http', { status: 429, body: dto(4290001, 'RATE_LIMITED') }, 'RATE_LIMITED'],
    ['409 with the API\'s code', 'http', { status: 409, body: dto(4090001, 'UQ_CONSTRAINT_FAILED') }, '4090001'],
    ['403 with the API\'s code', 'http', { status: 403, body: dto(4030001, 'FORBIDDEN') }, '4030001'],
    ['500 with the API\'s code', 'http', { status: 500, body: dto(5000001, 'INTERNAL_ERROR') }, '5000001'],
    ['500 without a body', 'http', { status: 500 }, 'HTTP_500'],
    ['422 with a body without error_code', 'http', { status: 422, body: { error_message: 'bad' } }, 'HTTP_422'],
    ['a network failure', 'network', {}, 'NETWORK_ERROR'],
    ['a timeout', 'timeout', {}, 'TIMEOUT'],
    ['a stopped run', 'aborted', {}, 'ABORTED'],
    ['a 200 the tool cannot use', 'unexpected', { status: 200 }, 'UNEXPECTED_RESPONSE'],
    ['a refused path parameter', 'bad-id', {}, 'ID_INVALID'],
  ])('%s: %s -> %s', (_name, kind, details, code) => {
    expect(new ApiError(kind, 'm', details).code).toBe(code);
  });

  it.each<[string, { status: number; body?: ErrorRespDto }, boolean]>([
    ['409 4090001 UQ_CONSTRAINT_FAILED', { status: 409, body: dto(4090001, 'UQ_CONSTRAINT_FAILED') }, true],
    ['409 4090001, other words', { status: 409, body: dto(4090001, 'Duplicate crm_id') }, true],
    ['409 with another error_code', { status: 409, body: dto(4090099, 'another import for this org is running') }, false],
    ['409 without a body', { status: 409 }, false],
    ['409 with a body without error_code', { status: 409, body: { error_message: 'UQ_CONSTRAINT_FAILED' } }, false],
    ['422 with 4090001', { status: 422, body: dto(4090001, 'UQ_CONSTRAINT_FAILED') }, false],
    ['404', { status: 404 }, false],
  ])('%s is the crm_id conflict: %s', (_name, details, conflict) => {
    expect(new ApiError('http', 'm', details).isConflict).toBe(conflict);
  });
});

describe('an HTTP answer that is not 2xx, through the real client', () => {
  it.each<[string, Reply, string, string]>([
    [
      '401 with an ErrorRespDto',
      { status: 401, body: dto(4010001, 'UNAUTHORIZED', 'Authentication is required') },
      'AUTH_FAILED',
      'HTTP 401 - UNAUTHORIZED: Authentication is required - the token was refused (check SALESCHAT_TOKEN or --token-file)',
    ],
    [
      '403 FORBIDDEN',
      { status: 403, body: dto(4030001, 'FORBIDDEN') },
      '4030001',
      "HTTP 403 - FORBIDDEN - not allowed for this organisation (check --org and the token's role)",
    ],
    ['404 with description', { status: 404, body: dto(4040001, 'NOT_FOUND', 'Contact not found') }, '4040001', 'HTTP 404 - NOT_FOUND: Contact not found'],
    ['409 UQ_CONSTRAINT_FAILED', { status: 409, body: dto(4090001, 'UQ_CONSTRAINT_FAILED') }, '4090001', 'HTTP 409 - UQ_CONSTRAINT_FAILED'],
    ['422, error_message empty', { status: 422, body: { error_code: 4220001, error_message: '', error_description: 'bad phone' } }, '4220001', 'HTTP 422 - bad phone'],
    [
      '429 without Retry-After, no retries left',
      { status: 429, body: dto(4290001, 'RATE_LIMITED') },
      'RATE_LIMITED',
      'HTTP 429 - RATE_LIMITED - rate limited by the API, retries used up',
    ],
    ['500 as an HTML page', { status: 500, body: '<html><body>Internal error</body></html>', headers: { 'content-type': 'text/html' } }, 'HTTP_500', 'HTTP 500'],
    ['502 with an empty body', { status: 502, body: '' }, 'HTTP_502', 'HTTP 502'],
    ['503 with JSON null', { status: 503, body: null }, 'HTTP_503', 'HTTP 503'],
    ['400 with a list', { status: 400, body: [dto(4000001, 'BAD')] }, 'HTTP_400', 'HTTP 400'],
    [
      '301: redirects are not followed, and the message says where it pointed',
      { status: 301, body: '', headers: { location: 'https://elsewhere.example/' } },
      'HTTP_301',
      'HTTP 301 - the API redirected to https://elsewhere.example/, which this tool does not follow (the token is sent to --base-url only): check --base-url, or try again later',
    ],
  ])('%s', async (_name, reply, code, message) => {
    api = await startFakeApi({ findByPhone: reply });
    const { error, lastStatus } = await failure(api.url);
    expect({ kind: error.kind, code: error.code, message: error.message, status: error.status, lastStatus }).toEqual({
      kind: 'http', code, message, status: reply.status, lastStatus: reply.status,
    });
    expect(api.seen).toHaveLength(1);
  });

  it('429 asking for a longer wait than the cap: says how long and to --resume, without trying again', async () => {
    api = await startFakeApi({ findByPhone: { status: 429, body: dto(4290001, 'RATE_LIMITED'), headers: { 'retry-after': '3600' } } });
    const { error } = await failure(api.url);
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.message).toBe(
      'HTTP 429 - RATE_LIMITED - the API asked to wait 3600 s before trying again (Retry-After), longer than the 120 s this tool waits: run again later',
    );
    expect(api.seen).toHaveLength(1);
  });

  it('a token the server quotes back is cut out of the message and of apiMessage', async () => {
    const echo = dto(4010001, `bad token Bearer ${TOKEN}`, `token ${TOKEN} expired`);
    api = await startFakeApi({ findByPhone: { status: 401, body: echo } });
    const { error } = await failure(api.url);
    expect(error.message).toBe('HTTP 401 - bad token Bearer [redacted]: token [redacted] expired - the token was refused (check SALESCHAT_TOKEN or --token-file)');
    expect(error.apiMessage).toBe('bad token Bearer [redacted]');
    expect(error.apiCode).toBe(4010001);
  });
});

describe('no usable answer at all, through the real client', () => {
  it('connection refused: NETWORK_ERROR naming the code', async () => {
    const url = await serve(() => undefined);
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const { error, lastStatus } = await failure(url);
    expect({ kind: error.kind, code: error.code, message: error.message, status: error.status, lastStatus }).toEqual({
      kind: 'network', code: 'NETWORK_ERROR', message: 'network error: ECONNREFUSED', status: undefined, lastStatus: undefined,
    });
  });

  it('the connection reset mid-body of a 200: NETWORK_ERROR, not an answer read in part', async () => {
    const url = await serve((response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
      response.write('[{"id":"c_1","crm', () => response.socket?.destroy());
    });
    const { error, lastStatus } = await failure(url);
    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.message).toMatch(/^network error: (ECONNRESET|the connection closed before the answer was complete)$/);
    expect(lastStatus).toBeUndefined();
  });

  it('no answer before the timeout: TIMEOUT', async () => {
    api = await startFakeApi({ findByPhone: { status: 200, hold: true } });
    const { error } = await failure(api.url, 100);
    expect({ kind: error.kind, code: error.code, message: error.message }).toEqual({
      kind: 'timeout', code: 'TIMEOUT', message: 'no answer before the timeout (see --timeout)',
    });
  });
});

describe('toApiError on what fetch throws', () => {
  const fetchFailed = (cause: unknown) => new TypeError('fetch failed', { cause });
  it.each<[string, unknown, boolean, string, string]>([
    ['ECONNRESET', fetchFailed(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })), false, 'NETWORK_ERROR', 'network error: ECONNRESET'],
    ['a cause without a code', fetchFailed(new Error('socket hang up')), false, 'NETWORK_ERROR', 'network error: socket hang up'],
    ['no cause', new Error('boom'), false, 'NETWORK_ERROR', 'network error: boom'],
    ['a string', 'weird', false, 'NETWORK_ERROR', 'network error: weird'],
    ['anything once the run was stopped', fetchFailed(new Error('socket hang up')), true, 'ABORTED', 'not finished: the run was stopped'],
    [
      'an untrusted certificate',
      fetchFailed(Object.assign(new Error('self-signed'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' })),
      false,
      'NETWORK_ERROR',
      "network error: SELF_SIGNED_CERT_IN_CHAIN - the server's TLS certificate is not trusted (behind a proxy with its own CA, set NODE_EXTRA_CA_CERTS to its certificate file)",
    ],
  ])('%s', (_name, thrown, aborted, code, message) => {
    const error = toApiError(thrown, { aborted });
    expect({ code: error.code, message: error.message, cause: error.cause }).toEqual({ code, message, cause: thrown });
  });

  it('an ApiError passes through as it is', () => {
    const original = new ApiError('bad-id', 'no');
    expect(toApiError(original, { aborted: true })).toBe(original);
  });
});
