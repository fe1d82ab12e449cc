import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { anyString, client, contactBody, createContact, errorBody, manualClock, matching, ORG, PHONE, start, T0 } from './helpers.js';

const clock = manualClock();
let sandbox: Sandbox;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  sandbox = await start({ clock: clock.now });
  api = client(sandbox);
});
afterAll(() => sandbox.close());
beforeEach(() => clock.set(T0));

describe('assign', () => {
  it('202 with no body, and records the assignment', async () => {
    const id = await createContact(api);
    const reply = await api.assign(id, { user_id: 'user-3', assign_on_handover: true });
    expect(reply.status).toBe(202);
    expect(reply.text).toBe('');
    expect(sandbox.store.get(id)?.assignment).toEqual({ kind: 'user', id: 'user-3', onHandover: true, at: T0 });
  });

  it('202 for a known group', async () => {
    expect((await api.assign(await createContact(api), { group_id: 'group-2' })).status).toBe(202);
  });

  it('uses user_id when both are given', async () => {
    const id = await createContact(api);
    expect((await api.assign(id, { user_id: 'user-1', group_id: 'group-404' })).status).toBe(202);
    expect(sandbox.store.get(id)?.assignment?.kind).toBe('user');
    const other = await createContact(api);
    expect((await api.assign(other, { user_id: 'user-404', group_id: 'group-1' })).status).toBe(404);
  });

  it.each([
    ['an unknown contact', 'c_999999', { user_id: 'user-1' }],
    ['an unknown user', undefined, { user_id: 'user-6' }],
    ['an unknown group', undefined, { group_id: 'group-3' }],
  ])('404 for %s', async (_, contactId, body) => {
    const reply = await api.assign(contactId ?? (await createContact(api)), body);
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual(errorBody(4040001));
  });

  it('422 with neither user_id nor group_id', async () => {
    const reply = await api.assign(await createContact(api), { assign_on_handover: true });
    expect(reply.status).toBe(422);
    expect((reply.body as { error_message: string }).error_message).toMatch(/^user_id: /);
  });

  it('429 with Retry-After for the same contact within 10 s', async () => {
    const id = await createContact(api);
    expect((await api.assign(id, { user_id: 'user-1' })).status).toBe(202);
    const again = await api.assign(id, { group_id: 'group-1' });
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('10');
    expect(again.body).toEqual(errorBody(4290001));
  });
});

describe('get by phone number', () => {
  it('200 with every contact of the number in the org, whichever form the create used', async () => {
    const phone = '+4915123456789';
    const a = await createContact(api, { phone_number: phone, first_name: 'A' });
    const b = await createContact(api, { phone_number: { countryCode: 49, nationalNumber: 15123456789 } });
    await createContact(api, { phone_number: phone }, 'other-org');
    const reply = await api.byPhone(phone);
    expect(reply.status).toBe(200);
    const list = reply.body as Record<string, unknown>[];
    expect(list.map((c) => c.id)).toEqual([a, b]);
    expect(list[0]).toEqual({
      id: a,
      crm_id: anyString(),
      opt_in_date: '2024-05-01T12:00:00.000Z',
      create_date: new Date(T0).toISOString(),
      first_name: 'A',
      is_expired: false,
      expiry_ts: matching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('200 with [] for a number nobody has', async () => {
    const reply = await api.byPhone('+15550000000');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual([]);
  });

  it('takes a literal + as well as %2B', async () => {
    await createContact(api, { phone_number: '+33612345678' });
    const reply = await api.request('GET', `/v2/org/${ORG}/contact/pn/+33612345678`);
    expect((reply.body as unknown[]).length).toBe(1);
  });

  it.each(['14155552671', '+0123456789', '+12345', 'abc', '+1415555267123456'])('422 for %s, not E.164', async (phone) => {
    const reply = await api.byPhone(phone);
    expect(reply.status).toBe(422);
    expect((reply.body as { error_message: string }).error_message).toMatch(/^phoneNumber: /);
  });

  it('422 for a malformed escape', async () => {
    expect((await api.request('GET', `/v2/org/${ORG}/contact/pn/%E0%A4%A`)).status).toBe(422);
  });

  it('401 without a token', async () => {
    expect((await client(sandbox, null).byPhone(PHONE)).status).toBe(401);
  });
});

describe('routing', () => {
  it.each(['/v2/org/demo/contacts', '/v1/orgs/demo/contact', '/', '/v2/org//contact', '/v2/org/demo/contact/'])('404 ErrorRespDto at %s', async (path) => {
    const reply = await api.request('POST', path, contactBody());
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual(errorBody(4040001));
  });

  it.each([
    ['GET', `/v2/org/${ORG}/contact`, 'POST'],
    ['DELETE', `/v1/orgs/${ORG}/contact/c_1`, 'PUT'],
    ['POST', `/v2/orgs/${ORG}/contact/c_1/disposition`, 'PUT'],
    ['GET', `/v3/orgs/${ORG}/contacts/c_1/assign`, 'POST'],
    ['POST', `/v2/org/${ORG}/contact/pn/%2B14155552671`, 'GET'],
  ])('405 for %s %s with Allow: %s', async (method, path, allow) => {
    const reply = await api.request(method, path);
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe(allow);
    expect(reply.body).toEqual(errorBody(4050001));
  });

  it('413 for a body over 1 MiB, and the server still answers afterwards', async () => {
    const reply = await api.create(contactBody({ first_name: 'x'.repeat(1024 * 1024) }));
    expect(reply.status).toBe(413);
    expect(reply.body).toEqual(errorBody(4130001));
    expect((await api.byPhone(PHONE)).status).toBe(200);
  });

  it('ignores a query string', async () => {
    expect((await api.request('GET', `/v2/org/${ORG}/contact/pn/%2B14155552671?x=1`)).status).toBe(200);
  });
});
