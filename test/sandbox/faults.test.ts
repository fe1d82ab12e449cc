import { describe, expect, it } from 'vitest';
import { client, contactBody, createContact, ORG, statuses, useSandboxes } from './helpers.js';

const open = useSandboxes();

describe('--fail-rate', () => {
  it('1 answers every request 500 before doing anything', async () => {
    const sandbox = await open({ failRate: 1 });
    const api = client(sandbox);
    const replies = await Promise.all([
      api.create(contactBody()),
      api.update('c_1', { crm_id: 'x' }),
      api.disposition('c_1', { stage: 'NEW' }),
      api.assign('c_1', { user_id: 'user-1' }),
      api.byPhone('+14155552671'),
      api.request('GET', '/no/such/path'),
    ]);
    expect(replies.map((r) => r.status)).toEqual([500, 500, 500, 500, 500, 500]);
    expect(replies[0]?.body).toMatchObject({ error_code: 5000001, error_message: 'INTERNAL_ERROR' });
    expect(sandbox.store.count()).toBe(0);
    expect(sandbox.stats().serverErrors).toBe(6);
  });

  it('with a seed fails the same requests every run, and other seeds differ', async () => {
    const runs = await Promise.all([7, 7, 8].map(async (seed) => statuses(await open({ failRate: 0.5, seed }), 24)));
    expect(runs[0]).toEqual(runs[1]);
    expect(runs[0]).not.toEqual(runs[2]);
    const failures = runs[0]?.filter((s) => s === 500).length ?? 0;
    expect(failures).toBeGreaterThan(4);
    expect(failures).toBeLessThan(20);
  });

  it('does not shift when latency is turned on (separate random streams)', async () => {
    const [plain, slow] = await Promise.all([open({ failRate: 0.5, seed: 3 }), open({ failRate: 0.5, seed: 3, latencyMs: 1 })]);
    expect(await statuses(slow, 16)).toEqual(await statuses(plain, 16));
  });
});

describe('--latency', () => {
  it('adds about that long (±20%) to every request', async () => {
    const api = client(await open({ latencyMs: 150, seed: 1 }));
    const began = performance.now();
    expect((await api.byPhone('+14155552671')).status).toBe(200);
    const took = performance.now() - began;
    expect(took).toBeGreaterThanOrEqual(115);
    expect(took).toBeLessThan(1_000);
  });

  it('does not hold close(): a request still waiting is dropped', async () => {
    const sandbox = await open({ latencyMs: 20_000 });
    const pending = client(sandbox).byPhone('+14155552671');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const began = performance.now();
    await sandbox.close();
    expect(performance.now() - began).toBeLessThan(1_000);
    await expect(pending).rejects.toThrow();
  });
});

describe('--fail-after-commit', () => {
  it('stores the contact, then answers 500 or drops the connection; a retry gets 409 and get-by-phone finds it', async () => {
    const sandbox = await open({ failAfterCommit: 1 });
    const api = client(sandbox);
    const first = contactBody({ phone_number: '+14155550001' });
    const second = contactBody({ phone_number: '+14155550002' });

    const failed = await api.create(first);
    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({ error_code: 5000001 });
    await expect(api.create(second)).rejects.toThrow();

    for (const body of [first, second]) {
      const retry = await api.create(body);
      expect(retry.status).toBe(409);
      expect(retry.body).toMatchObject({ error_code: 4090001, error_message: 'UQ_CONSTRAINT_FAILED' });
      const found = (await api.byPhone(body.phone_number as string)).body as { crm_id: string }[];
      expect(found.map((c) => c.crm_id)).toEqual([body.crm_id]);
    }
    expect(sandbox.store.listByOrg(ORG)).toHaveLength(2);
    expect(sandbox.stats()).toMatchObject({ serverErrors: 1, droppedConnections: 1, contacts: 2 });
  });

  it('leaves other operations alone', async () => {
    const sandbox = await open({ failAfterCommit: 1 });
    const api = client(sandbox);
    await api.create(contactBody({ crm_id: 'kept' })).catch(() => undefined);
    const id = sandbox.store.listByOrg(ORG)[0]?.id ?? '';
    expect((await api.update(id, { crm_id: 'kept-2' })).status).toBe(200);
    expect((await api.disposition(id, { stage: 'NEW' })).status).toBe(200);
  });

  it('0.5 with a seed hits some creates and not others', async () => {
    const api = client(await open({ failAfterCommit: 0.5, seed: 11 }));
    const outcomes: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      outcomes.push(await api.create(contactBody()).then((r) => String(r.status), () => 'dropped'));
    }
    expect(outcomes).toContain('200');
    expect(outcomes).toContain('500');
    expect(outcomes).toContain('dropped');
  });
});

describe('stats and reset', () => {
  it('counts requests by operation and status, and reset empties the store', async () => {
    const sandbox = await open({});
    const api = client(sandbox);
    await createContact(api);
    await api.create(contactBody({ crm_id: 42 }));
    await api.request('GET', '/nowhere');
    const stats = (await fetch(`${sandbox.url}/_sandbox/stats`).then((r) => r.json())) as Record<string, unknown>;
    expect(stats).toEqual({
      requests: 3,
      byOperation: { registerContactV2: { '200': 1, '422': 1 }, unmatched: { '404': 1 } },
      rateLimited: 0,
      serverErrors: 0,
      droppedConnections: 0,
      contacts: 1,
    });
    const reset = await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    expect(sandbox.store.count()).toBe(0);
    expect(sandbox.stats().contacts).toBe(0);
    expect((await fetch(`${sandbox.url}/_sandbox/reset`)).status).toBe(405);
    expect((await fetch(`${sandbox.url}/_sandbox/other`)).status).toBe(404);
  });

  it('logs one line per request with the phone masked and never the token', async () => {
    const lines: string[] = [];
    const sandbox = await open({ log: (line) => lines.push(line), token: 'secret-token-123' });
    const api = client(sandbox);
    await api.byPhone('+14155552671');
    await api.create(contactBody());
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^sandbox GET \/v2\/org\/demo-org\/contact\/pn\/\+141\*+71 200 \d+\.\dms$/);
    expect(lines[1]).toMatch(/^sandbox POST \/v2\/org\/demo-org\/contact 200 /);
    expect(lines.join('\n')).not.toContain('secret-token-123');
    expect(lines.join('\n')).not.toContain('4155552671');
  });
});
