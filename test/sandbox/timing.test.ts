import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONTACT_LIFETIME_MS } from '../../src/sandbox/contact-dto.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { client, contactBody, createContact, manualClock, ORG, start, T0 } from './helpers.js';

describe('assign: one request per 10 seconds per contact', () => {
  const clock = manualClock();
  let sandbox: Sandbox;
  let api: ReturnType<typeof client>;
  beforeAll(async () => {
    sandbox = await start({ clock: clock.now });
    api = client(sandbox);
  });
  afterAll(() => sandbox.close());
  beforeEach(() => clock.set(T0));

  it('202 at t, 429 with Retry-After at t+9.9 s, 202 at t+10 s', async () => {
    const id = await createContact(api);
    expect((await api.assign(id, { user_id: 'user-1' })).status).toBe(202);
    clock.set(T0 + 9_900);
    const early = await api.assign(id, { user_id: 'user-2' });
    expect(early.status).toBe(429);
    expect(early.headers.get('retry-after')).toBe('1');
    clock.set(T0 + 10_000);
    expect((await api.assign(id, { user_id: 'user-2' })).status).toBe(202);
    expect(sandbox.store.get(id)?.assignment).toMatchObject({ id: 'user-2', at: T0 + 10_000 });
  });

  it('counts Retry-After down in whole seconds, rounding up', async () => {
    const id = await createContact(api);
    await api.assign(id, { group_id: 'group-1' });
    clock.set(T0 + 1_000);
    expect((await api.assign(id, { group_id: 'group-1' })).headers.get('retry-after')).toBe('9');
    clock.set(T0 + 1_001);
    expect((await api.assign(id, { group_id: 'group-1' })).headers.get('retry-after')).toBe('9');
  });

  it('a refused assign does not restart the 10 s', async () => {
    const id = await createContact(api);
    await api.assign(id, { user_id: 'user-1' });
    clock.set(T0 + 5_000);
    expect((await api.assign(id, { user_id: 'user-1' })).status).toBe(429);
    clock.set(T0 + 10_000);
    expect((await api.assign(id, { user_id: 'user-1' })).status).toBe(202);
  });

  it('a 404 assign does not start the 10 s, and other contacts are not held', async () => {
    const id = await createContact(api);
    expect((await api.assign(id, { user_id: 'user-99' })).status).toBe(404);
    expect((await api.assign(id, { user_id: 'user-1' })).status).toBe(202);
    expect((await api.assign(await createContact(api), { user_id: 'user-1' })).status).toBe(202);
  });

  it('create_date follows the clock, and a contact expires a year after it', async () => {
    clock.set(T0 + 123_000);
    const phone = '+14155550111';
    const id = await createContact(api, { phone_number: phone });
    const [fresh] = (await api.byPhone(phone)).body as { create_date: string; is_expired: boolean; expiry_ts: string }[];
    expect(fresh).toMatchObject({ create_date: new Date(T0 + 123_000).toISOString(), is_expired: false });
    expect(fresh?.expiry_ts).toBe(new Date(T0 + 123_000 + CONTACT_LIFETIME_MS).toISOString());
    clock.advance(CONTACT_LIFETIME_MS);
    const [old] = (await api.byPhone(phone)).body as { id: string; is_expired: boolean }[];
    expect(old).toMatchObject({ id, is_expired: true });
  });
});

describe('--rate-limit N: over N requests a second in all answer 429', () => {
  const clock = manualClock();
  let sandbox: Sandbox;
  let api: ReturnType<typeof client>;
  beforeAll(async () => {
    sandbox = await start({ clock: clock.now, rateLimit: 3 });
    api = client(sandbox);
  });
  afterAll(() => sandbox.close());

  it('the 4th request of a second is 429 with Retry-After, whatever the operation; the next second is open', async () => {
    clock.set(T0 + 250);
    expect((await api.create(contactBody())).status).toBe(200);
    expect((await api.byPhone('+14155552671')).status).toBe(200);
    expect((await client(sandbox, 'wrong').byPhone('+14155552671')).status).toBe(401);
    const over = await api.create(contactBody());
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe('1');
    expect(over.body).toMatchObject({ error_code: 4290001 });
    expect((await api.update('c_1', { crm_id: 'x' })).status).toBe(429);
    clock.set(T0 + 1_000);
    expect((await api.create(contactBody())).status).toBe(200);
    expect(sandbox.store.listByOrg(ORG)).toHaveLength(2);
    expect(sandbox.stats().rateLimited).toBe(2);
  });
});

describe('dates: epoch', () => {
  it('sends opt_in_date, create_date and expiry_ts as epoch-seconds strings', async () => {
    const sandbox = await start({ dates: 'epoch', clock: () => T0 + 999 });
    try {
      const api = client(sandbox);
      const created = await api.create(contactBody({ phone_number: '+14155550199', opt_in_date: '2024-05-01T12:00:00Z' }));
      expect(created.body).toMatchObject({ opt_in_date: '1714564800', create_date: String(T0 / 1000) });
      const [found] = (await api.byPhone('+14155550199')).body as { expiry_ts: string }[];
      expect(found?.expiry_ts).toBe(String((T0 + CONTACT_LIFETIME_MS) / 1000));
    } finally {
      await sandbox.close();
    }
  });
});
