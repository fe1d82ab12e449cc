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

describe('create', () => {
  it('200 with a ContactRespDto', async () => {
    const body = contactBody({ first_name: 'Ada', last_name: 'Lovelace', governance_level_id: 'gl-7', source: 'CAMPAIGN', is_inbound: true });
    const reply = await api.create(body);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.body).toEqual({
      id: matching(/^c_\d+$/),
      crm_id: body.crm_id,
      opt_in_date: '2024-05-01T12:00:00.000Z',
      create_date: new Date(T0).toISOString(),
      first_name: 'Ada',
      last_name: 'Lovelace',
      governance_level: { id: 'gl-7', name: anyString() },
      is_expired: false,
    });
    const stored = sandbox.store.get((reply.body as { id: string }).id);
    expect(stored).toMatchObject({ orgId: ORG, phone: PHONE, source: 'CAMPAIGN', isInbound: true });
  });

  it('leaves out first_name, last_name and governance_level when not given', async () => {
    const reply = await api.create(contactBody());
    expect(Object.keys(reply.body as object).sort()).toEqual(['create_date', 'crm_id', 'id', 'is_expired', 'opt_in_date']);
  });

  it('gives every contact its own id', async () => {
    const ids = await Promise.all([1, 2, 3, 4].map(() => createContact(api)));
    expect(new Set(ids).size).toBe(4);
  });

  it('409 4090001 UQ_CONSTRAINT_FAILED for a crm_id already in the org, not for another org', async () => {
    const body = contactBody();
    expect((await api.create(body)).status).toBe(200);
    const again = await api.create({ ...body, phone_number: '+442071838750' });
    expect(again.status).toBe(409);
    expect(again.body).toEqual(errorBody(4090001, 'UQ_CONSTRAINT_FAILED'));
    expect((await api.create(body, 'other-org')).status).toBe(200);
  });

  it('422 naming the field', async () => {
    const reply = await api.create(contactBody({ crm_id: 42 }));
    expect(reply.status).toBe(422);
    expect(reply.body).toEqual(errorBody(4220001, 'crm_id: must be string'));
  });

  it.each([
    ['no header', null, {}],
    ['a wrong token', 'not-the-token', {}],
    ['another scheme', null, { authorization: 'Basic c2FuZGJveC10b2tlbg==' }],
  ])('401 with %s', async (_, token, headers) => {
    const reply = await client(sandbox, token).request('POST', `/v2/org/${ORG}/contact`, contactBody(), headers);
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual(errorBody(4010001));
  });

  it('accepts the scheme in any case', async () => {
    const reply = await client(sandbox, null).request('POST', `/v2/org/${ORG}/contact`, contactBody(), {
      authorization: `bearer ${sandbox.token}`,
    });
    expect(reply.status).toBe(200);
  });
});

describe('update', () => {
  it('200 with the updated ContactRespDto; fields not sent are kept', async () => {
    const id = await createContact(api, { first_name: 'Ada', last_name: 'Byron' });
    const reply = await api.update(id, { crm_id: 'renamed-1', last_name: 'Lovelace' });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id, crm_id: 'renamed-1', first_name: 'Ada', last_name: 'Lovelace', is_expired: false });
    expect((await api.create(contactBody({ crm_id: 'renamed-1' }))).status).toBe(409);
  });

  it('frees the old crm_id', async () => {
    const id = await createContact(api, { crm_id: 'old-crm' });
    expect((await api.update(id, { crm_id: 'new-crm' })).status).toBe(200);
    expect((await api.create(contactBody({ crm_id: 'old-crm' }))).status).toBe(200);
  });

  it('200 when keeping its own crm_id', async () => {
    const id = await createContact(api, { crm_id: 'same-crm' });
    expect((await api.update(id, { crm_id: 'same-crm', first_name: 'X' })).status).toBe(200);
  });

  it('404 for an unknown contact, and for a contact of another org', async () => {
    expect((await api.update('c_999999', { crm_id: 'x' })).body).toEqual(errorBody(4040001));
    const id = await createContact(api);
    expect((await api.update(id, { crm_id: 'x' }, 'other-org')).status).toBe(404);
  });

  it('409 4090001 when the crm_id belongs to another contact', async () => {
    await createContact(api, { crm_id: 'taken-crm' });
    const id = await createContact(api);
    const reply = await api.update(id, { crm_id: 'taken-crm' });
    expect(reply.status).toBe(409);
    expect(reply.body).toEqual(errorBody(4090001, 'UQ_CONSTRAINT_FAILED'));
  });

  it('422 without crm_id', async () => {
    const id = await createContact(api);
    expect((await api.update(id, { first_name: 'Ada' })).body).toEqual(errorBody(4220001, 'crm_id: is required'));
  });

  it('401 without a token', async () => {
    expect((await client(sandbox, null).update('c_1', { crm_id: 'x' })).status).toBe(401);
  });
});

describe('disposition', () => {
  it('200 with a JSON string, and stores stage, disposition and any-valued additionalFields', async () => {
    const id = await createContact(api);
    const additionalFields = { note: 'called', tries: 3, vip: true, tags: ['a'], nested: { a: 1 }, none: null };
    const reply = await api.disposition(id, { stage: 'QUALIFIED', disposition: 'INTERESTED', additionalFields });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('"Disposition updated"');
    expect(sandbox.store.get(id)).toMatchObject({ stage: 'QUALIFIED', disposition: 'INTERESTED', additionalFields });
  });

  it('404 for an unknown contact', async () => {
    expect((await api.disposition('c_999999', { stage: 'NEW' })).status).toBe(404);
  });

  it('422 without stage', async () => {
    const id = await createContact(api);
    expect((await api.disposition(id, { disposition: 'X' })).body).toEqual(errorBody(4220001, 'stage: is required'));
  });

  it('401 with a wrong token', async () => {
    expect((await client(sandbox, 'nope').disposition('c_1', { stage: 'NEW' })).status).toBe(401);
  });
});
