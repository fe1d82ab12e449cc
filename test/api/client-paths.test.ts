import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/api-error.js';
import { createApiClient, type ApiClient, type RequestStats } from '../../src/api/client.js';
import { Throttle } from '../../src/api/throttle.js';
import { UsageError } from '../../src/errors.js';
import { newTrace, startFakeApi, type FakeApi } from '../run/fake-api.js';

let api: FakeApi | undefined;
let client: ApiClient | undefined;

afterEach(async () => {
  client?.close();
  await api?.close();
  client = undefined;
  api = undefined;
});

function clientFor(url: string, orgId = 'org-1'): ApiClient {
  const stats: RequestStats = { requests: 0, retries: 0, rateLimited: 0, unavailable: 0 };
  return createApiClient({ baseUrl: url, token: 't', orgId, timeoutMs: 5_000, retries: 2, userAgent: 'test', throttle: new Throttle(), stats });
}

describe('path parameters that would change the path are refused before any request', () => {
  it.each(['', '.', '..'])('contact id %j: update, disposition and assign fail ID_INVALID, nothing is sent for them', async (id) => {
    api = await startFakeApi();
    client = clientFor(api.url);
    const calls = [
      client.updateContact(id, { crm_id: 'CRM-1' }, newTrace()),
      client.updateDisposition(id, { stage: 'Lead' }, newTrace()),
      client.assign(id, { user_id: 'user-1' }, newTrace()),
    ];
    for (const call of calls) {
      const error: unknown = await call.catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe('ID_INVALID');
      expect((error as ApiError).message).toContain('would change the request');
    }
    // Any other id is sent whole, encoded as one path segment.
    await client.updateContact(`${id}/a b`, { crm_id: 'CRM-1' }, newTrace());
    expect(api.seen.map((request) => request.path)).toEqual([`/v1/orgs/org-1/contact/${encodeURIComponent(id)}%2Fa%20b`]);
  });

  it.each(['', '.', '..'])('organisation %j: the client is not even made', async (org) => {
    api = await startFakeApi();
    expect(() => clientFor(api!.url, org)).toThrow(UsageError);
    expect(api.seen).toEqual([]);
  });

});
