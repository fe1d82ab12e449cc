import { afterEach, describe, expect, it } from 'vitest';
import { lookUpPhone } from '../../src/export/export-lookup.js';
import { contact, importRow, newTrace, openSession, startFakeApi, type FakeApi } from '../run/fake-api.js';
import type { ApiSession } from '../../src/api/api-session.js';

// Each test opens its own fake API and session; both are closed after it, whatever it found.
let api: FakeApi | undefined;
let session: ApiSession | undefined;
afterEach(async () => {
  await session?.close();
  await api?.close();
  session = undefined;
  api = undefined;
});

/** The one rule on answers lives in the session: a 401 or 403 stops the run whichever command's request drew it. */
describe('the session stops the run on 401 and 403', () => {

  it.each([
    [401, 'the API refused the token (401)'],
    [403, 'the API refused this organisation (403)'],
  ])('%i: the client alone, no command involved', async (status, reason) => {
    api = await startFakeApi({ findByPhone: { status, body: { error_code: 'x', message: 'no' } } });
    session = await openSession(api.url);
    await expect(session.client.findByPhone('+14155552671', newTrace())).rejects.toMatchObject({ status });
    expect(session.abortReason()).toContain(reason);
    expect(session.signal.aborted).toBe(true);
  });

  it('import: the row that drew the 401 fails AUTH_FAILED, and the run is stopped for the rest', async () => {
    api = await startFakeApi({ create: { status: 401, body: { error_code: 'x', message: 'bad token' } } });
    session = await openSession(api.url);
    const row = await importRow(session, contact());
    expect(row).toMatchObject({ status: 'failed', error_code: 'AUTH_FAILED' });
    expect(session.abortReason()).toContain('401');
  });

  it('export: a look-up refused 403 stops the run too', async () => {
    api = await startFakeApi({ findByPhone: { status: 403, body: { error_code: 'x', message: 'forbidden' } } });
    session = await openSession(api.url);
    const [row] = await lookUpPhone('+14155552671', session);
    expect(row).toMatchObject({ status: 'failed' });
    expect(session.abortReason()).toContain('403');
  });

  it('a 404 or a 500 does not', async () => {
    api = await startFakeApi({ findByPhone: { status: 404, body: { error_code: 'x', message: 'no' } }, create: { status: 500, body: 'oops' } });
    session = await openSession(api.url, { retries: 0 });
    await expect(session.client.findByPhone('+14155552671', newTrace())).rejects.toMatchObject({ status: 404 });
    await importRow(session, contact());
    expect(session.abortReason()).toBeUndefined();
  });
});

/**
 * Refused with no Retry-After to say for how long, the run holds: one probe at a time, ever further apart. A server
 * that refuses everything for longer than the longest Retry-After the tool waits (down, or a quota used up without
 * saying so) stops the run the same way, instead of holding for hours while its rows fail one probe at a time.
 */
describe('the session stops the run when a hold lasts longer than the longest wait', () => {

  it('a proxy answering every write with an HTML 429: the row fails saying so, and the run is stopped', async () => {
    api = await startFakeApi({ create: { status: 429, body: '<html><body>Too Many Requests</body></html>', headers: { 'content-type': 'text/html' } } });
    // The cap (120 s in a run) made short; enough retries that only the hold can end the row.
    session = await openSession(api.url, { retries: 1_000 }, { backoff: { baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1_500 } });
    const rows = await Promise.all(Array.from({ length: 4 }, (_, i) => importRow(session!, contact({ crm_id: `CRM-${i}` }))));
    expect(rows.map((row) => row.error_code).sort()).toEqual(['ABORTED', 'ABORTED', 'ABORTED', 'RATE_LIMITED']);
    const refused = rows.find((row) => row.error_code === 'RATE_LIMITED')!;
    const words = /the API has refused every request for \d+ s, longer than the 1.5 s this tool waits: run again later$/;
    expect(refused.error_message).toMatch(new RegExp(`^contact: HTTP 429 - ${words.source}`));
    expect(session.abortReason()).toMatch(new RegExp(`^${words.source}`));
    // One probe at a time after the first answers: far fewer tries than 4 rows' 1,000 retries.
    expect(api.seen.length).toBeLessThan(40);
  });
});
