import { afterEach, describe, expect, it } from 'vitest';
import { lookUpPhone } from '../../src/export/export-lookup.js';
import { contact, importRow, newTrace, openSession, startFakeApi, type FakeApi } from '../run/fake-api.js';
import type { ApiSession } from '../../src/api/api-session.js';

/** The one rule on answers lives in the session: a 401 or 403 stops the run whichever command's request drew it. */
describe('the session stops the run on 401 and 403', () => {
  let api: FakeApi | undefined;
  let session: ApiSession | undefined;
  afterEach(async () => {
    await session?.close();
    await api?.close();
  });

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
