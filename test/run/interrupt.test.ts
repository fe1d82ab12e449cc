import { afterEach, describe, expect, it } from 'vitest';
import { INTERRUPT_GRACE_MS, type ApiSession } from '../../src/api/api-session.js';
import type { ResultRow } from '../../src/io/result-row.js';
import { contact, importRow, openSession, startFakeApi, type FakeApi, type Script } from './fake-api.js';

let api: FakeApi | undefined;
let session: ApiSession | undefined;

afterEach(async () => {
  await session?.close();
  await api?.close();
  session = undefined;
  api = undefined;
});

/** Imports one row, interrupts once the server has seen `requests` requests (plus `settleMs`), and times the end. */
async function interruptAfter(requests: number, row: Promise<ResultRow>, settleMs = 200): Promise<{ row: ResultRow; afterInterruptMs: number }> {
  await api!.received(requests);
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const interruptedAt = performance.now();
  session!.interrupt('interrupted (SIGINT)');
  const result = await row;
  return { row: result, afterInterruptMs: performance.now() - interruptedAt };
}

const SKIPPED = { status: 'skipped', error_code: 'ABORTED', error_message: 'contact: not finished: interrupted (SIGINT)' };
/** A row whose request was cut off unanswered: it may be stored, so it was attempted, not skipped. */
const MAY_BE_STORED = {
  status: 'failed',
  error_code: 'ABORTED',
  error_message: 'contact: not finished: interrupted (SIGINT); a request was cut off before its answer, so SalesChat may have stored it: --resume will find out and finish the row',
};

describe('a Retry-After longer than the cap', () => {
  it('fails the row RATE_LIMITED at once, saying how long the server asked to wait', async () => {
    api = await startFakeApi({ create: { status: 429, body: { error_code: 4290000 }, headers: { 'retry-after': '3600' } } });
    session = await openSession(api.url, { retries: 5 });
    const started = performance.now();
    const row = await importRow(session, contact());
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(row).toMatchObject({ status: 'failed', error_code: 'RATE_LIMITED', http_status: 429, attempts: 1 });
    expect(row.error_message).toContain('asked to wait 3600 s');
    expect(row.error_message).toContain('longer than the 120 s this tool waits');
    expect(api.seen).toHaveLength(1);
  });

});

describe('interrupt(): every wait ends at once, and the row is recorded as it stands', () => {
  it('during a Retry-After of 100 s', async () => {
    api = await startFakeApi({ create: { status: 429, headers: { 'retry-after': '100' } } });
    session = await openSession(api.url, { retries: 5 });
    const { row, afterInterruptMs } = await interruptAfter(1, importRow(session, contact()));
    expect(afterInterruptMs).toBeLessThan(500);
    expect(row).toMatchObject({ ...SKIPPED, http_status: 429, attempts: 1, action: 'none' });
    expect(api.seen).toHaveLength(1);
  });

  it('during a long back-off after a 500', async () => {
    api = await startFakeApi({ create: { status: 500, body: { error_code: 5000001 } } });
    session = await openSession(api.url, { retries: 5 }, { backoff: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    const { row, afterInterruptMs } = await interruptAfter(1, importRow(session, contact()));
    expect(afterInterruptMs).toBeLessThan(500);
    expect(row).toMatchObject({ ...SKIPPED, http_status: 500, attempts: 1 });
    expect(api.seen).toHaveLength(1);
  });

  it('during the 10 s spacing between two assigns of one contact: the contact step stays done', async () => {
    api = await startFakeApi();
    session = await openSession(api.url);
    const first = await importRow(session, contact({ user_id: 'user-1' }));
    expect(first).toMatchObject({ status: 'ok', assign: 'ok' });
    const second = importRow(session, contact({ user_id: 'user-2' }));
    const { row, afterInterruptMs } = await interruptAfter(3, second);
    expect(afterInterruptMs).toBeLessThan(500);
    expect(row).toMatchObject({ status: 'failed', error_code: 'ABORTED', action: 'created', contact_id: 'c-1', assign: 'failed', attempts: 1 });
    expect(row.error_message).toBe('assign: not finished: interrupted (SIGINT)');
    expect(api.seen.map((request) => request.operation)).toEqual(['create', 'assign', 'create']);
  });

  it('during a create the server holds for 30 s: cancelled after the grace, failed since SalesChat may have stored it', async () => {
    api = await startFakeApi({ create: { status: 200, body: { id: 'c-1' }, delayMs: 30_000 } });
    session = await openSession(api.url, { timeoutMs: 60_000 });
    const { row, afterInterruptMs } = await interruptAfter(1, importRow(session, contact()));
    expect(afterInterruptMs).toBeGreaterThanOrEqual(INTERRUPT_GRACE_MS - 50);
    expect(afterInterruptMs).toBeLessThan(INTERRUPT_GRACE_MS + 500);
    expect(row).toMatchObject({ ...MAY_BE_STORED, http_status: '', attempts: 1, action: 'none' });
  });

  it('during a back-off after a create that timed out: failed, since the timed-out create may have been stored', async () => {
    api = await startFakeApi({ create: { status: 200, body: { id: 'c-1' }, delayMs: 30_000 } });
    session = await openSession(api.url, { retries: 5, timeoutMs: 300 }, { backoff: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    const { row, afterInterruptMs } = await interruptAfter(1, importRow(session, contact()), 500);
    expect(afterInterruptMs).toBeLessThan(500);
    expect(row).toMatchObject({ ...MAY_BE_STORED, attempts: 1 });
  });

  it('during a look-up the server holds, after a 409: skipped, since a GET stores nothing', async () => {
    api = await startFakeApi({ create: { status: 409, body: { error_code: 4090001 } }, findByPhone: { status: 200, body: [], hold: true } });
    session = await openSession(api.url, { timeoutMs: 60_000 });
    const { row } = await interruptAfter(2, importRow(session, contact()));
    expect(row).toMatchObject({ ...SKIPPED, http_status: 409, attempts: 2, action: 'none' });
  });

  it('a request answered within the grace counts, and the steps after it are not sent', async () => {
    api = await startFakeApi({ create: { status: 200, body: { id: 'c-1' }, delayMs: 700 } });
    session = await openSession(api.url);
    const { row, afterInterruptMs } = await interruptAfter(1, importRow(session, contact({ stage: 'Lead', user_id: 'user-1' })), 0);
    expect(afterInterruptMs).toBeLessThan(INTERRUPT_GRACE_MS);
    expect(row).toMatchObject({ status: 'failed', error_code: 'ABORTED', action: 'created', contact_id: 'c-1', disposition: 'failed', assign: 'failed', attempts: 1 });
    expect(api.seen.map((request) => request.operation)).toEqual(['create']);
  });

  it('after it, no request starts', async () => {
    api = await startFakeApi();
    session = await openSession(api.url);
    session.interrupt();
    const row = await importRow(session, contact({ stage: 'Lead' }));
    expect(row).toMatchObject({ status: 'skipped', error_code: 'ABORTED', attempts: 0, error_message: 'contact: not finished: interrupted' });
    expect(api.seen).toEqual([]);
  });

  it('is called by the signal given as interruptOn, with its reason', async () => {
    const script: Script = { create: { status: 429, headers: { 'retry-after': '100' } } };
    api = await startFakeApi(script);
    const controller = new AbortController();
    session = await openSession(api.url, {}, { interruptOn: controller.signal });
    const row = importRow(session, contact());
    await api.received(1);
    controller.abort('SIGTERM');
    expect(await row).toMatchObject({ status: 'skipped', error_code: 'ABORTED', error_message: 'contact: not finished: interrupted (SIGTERM)' });
    expect(session.abortReason()).toBe('interrupted (SIGTERM)');
  });
});
