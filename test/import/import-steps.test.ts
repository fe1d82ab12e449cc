import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/api-error.js';
import type { ApiSession } from '../../src/api/api-session.js';
import { createBody } from '../../src/api/bodies.js';
import type { PhoneFormat } from '../../src/api/types.js';
import type { Contact } from '../../src/contacts/fields.js';
import { importContact, plannedSteps, type ImportMode } from '../../src/import/import-steps.js';
import type { ResultRow } from '../../src/io/result-row.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { contact, newTrace, openSession, startFakeApi, type FakeApi, type Script } from '../run/fake-api.js';

/** Each import step and mode, over real HTTP: against the sandbox, and a scripted server for what it never answers. */

const ORG = 'org-1';
const OTHER_PHONE = '+14155550199';

let sandbox: Sandbox | undefined;
let fake: FakeApi | undefined;
let session: ApiSession | undefined;

afterEach(async () => {
  await session?.close();
  await sandbox?.close();
  await fake?.close();
  session = sandbox = fake = undefined;
});

/** A fresh sandbox (ids start at c_1) holding `seeds`, each made from contact() with first_name "Old". */
async function onSandbox(seeds: Partial<Contact>[] = []): Promise<ApiSession> {
  sandbox = await startSandbox({ port: 0 });
  session = await openSession(sandbox.url, { token: sandbox.token, orgId: ORG, retries: 0 });
  for (const seed of seeds) await session.client.createContact(createBody(contact({ first_name: 'Old', ...seed }), 'e164'), newTrace());
  return session;
}

async function onFake(script: Script, retries = 0): Promise<ApiSession> {
  fake = await startFakeApi(script);
  session = await openSession(fake.url, { orgId: ORG, retries }, { backoff: { baseDelayMs: 1, maxDelayMs: 1 } });
  return session;
}

function base(subject: Contact): ResultRow {
  return {
    row: 1, crm_id: subject.crm_id, phone_number: subject.phone_number, status: 'ok', action: 'none', contact_id: '', disposition: '', assign: '',
    http_status: '', error_code: '', error_message: '', attempts: 0, line: 2,
  };
}

function run(subject: Contact, mode: ImportMode = 'upsert', phoneFormat: PhoneFormat = 'object', signal = session!.signal): Promise<ResultRow> {
  return importContact(subject, { api: session!.client, mode, phoneFormat, spacing: session!.spacing, signal }, base(subject)).then((imported) => imported.row);
}

/** [crm_id, first_name] of every contact the sandbox holds. */
const stored = () => sandbox!.store.listByOrg(ORG).map((record) => [record.crmId, record.firstName]);
const OK = { status: 'ok', error_code: '', error_message: '', http_status: 200 } as const;
const notFound = (contactId = '') => ({ status: 'failed', action: 'none', contact_id: contactId, error_code: 'CONTACT_NOT_FOUND' }) as const;
const HELD_ELSEWHERE = /^contact: SalesChat already has this crm_id \(409 UQ_CONSTRAINT_FAILED\) but under another phone number; .*--mode update$/;
const NOTHING_TO_UPDATE = /^update: no contact with this phone number and crm_id to update \(give contact_id, or import with --mode upsert\)$/;

describe('the contact step, by mode, against the sandbox', () => {
  it.each<[string, ImportMode, Partial<Contact>[], Partial<Contact>, Partial<ResultRow>, RegExp, (string | undefined)[][]]>([
    ['upsert, new: created', 'upsert', [], {}, { ...OK, action: 'created', contact_id: 'c_1', attempts: 1 }, /^$/, [['CRM-1', 'New']]],
    ['upsert, crm_id exists: 409, look-up, update', 'upsert', [{}], {}, { ...OK, action: 'updated', contact_id: 'c_1', attempts: 3 }, /^$/, [['CRM-1', 'New']]],
    [
      'upsert, the phone has two contacts: the one with this crm_id is updated', 'upsert', [{ crm_id: 'CRM-0' }, {}], {},
      { ...OK, action: 'updated', contact_id: 'c_2', attempts: 3 }, /^$/, [['CRM-0', 'Old'], ['CRM-1', 'New']],
    ],
    ['upsert, crm_id held under another phone', 'upsert', [{ phone_number: OTHER_PHONE }], {}, { ...notFound(), attempts: 2 }, HELD_ELSEWHERE, [['CRM-1', 'Old']]],
    ['create, new: created', 'create', [], {}, { ...OK, action: 'created', contact_id: 'c_1', attempts: 1 }, /^$/, [['CRM-1', 'New']]],
    ['create, crm_id exists: exists, not updated', 'create', [{}], {}, { ...OK, action: 'exists', contact_id: 'c_1', attempts: 2 }, /^$/, [['CRM-1', 'Old']]],
    ['create, crm_id held under another phone', 'create', [{ phone_number: OTHER_PHONE }], {}, { ...notFound(), attempts: 2 }, HELD_ELSEWHERE, [['CRM-1', 'Old']]],
    ['update by contact_id', 'update', [{}], { contact_id: 'c_1' }, { ...OK, action: 'updated', contact_id: 'c_1', attempts: 1 }, /^$/, [['CRM-1', 'New']]],
    [
      'update by contact_id needs no look-up, whatever the phone', 'update', [{ phone_number: OTHER_PHONE }], { contact_id: 'c_1' },
      { ...OK, action: 'updated', contact_id: 'c_1', attempts: 1 }, /^$/, [['CRM-1', 'New']],
    ],
    ['update by phone look-up', 'update', [{}], {}, { ...OK, action: 'updated', contact_id: 'c_1', attempts: 2 }, /^$/, [['CRM-1', 'New']]],
    ['update, the phone has only another crm_id', 'update', [{ crm_id: 'CRM-0' }], {}, { ...notFound(), attempts: 1, http_status: 200 }, NOTHING_TO_UPDATE, [['CRM-0', 'Old']]],
    ['update, no contact has the phone', 'update', [], {}, { ...notFound(), attempts: 1 }, NOTHING_TO_UPDATE, []],
    [
      'update by an unknown contact_id', 'update', [{}], { contact_id: 'c_99' },
      { status: 'failed', action: 'none', contact_id: '', error_code: '4040001', http_status: 404, attempts: 1 }, /^update: HTTP 404 - NOT_FOUND: Contact not found/, [['CRM-1', 'Old']],
    ],
    [
      'upsert, the API refuses the body (422)', 'upsert', [], { first_name: 'A*' },
      { status: 'failed', action: 'none', error_code: '4220001', http_status: 422, attempts: 1 }, /^contact: HTTP 422 - .*first_name/, [],
    ],
  ])('%s', async (_name, mode, seeds, overrides, expected, message, after) => {
    await onSandbox(seeds);
    const row = await run(contact({ first_name: 'New', ...overrides }), mode);
    expect(row).toMatchObject(expected);
    expect(row.error_message).toMatch(message);
    expect(stored()).toEqual(after);
  });

  it.each<[PhoneFormat, string]>([
    ['object', '+14155552671'],
    ['e164', '+14155552671'],
    ['object', '+390612345678'],
    ['e164', '+390612345678'],
  ])('--phone-format %s: %s is stored as sent, and found again by the look-up', async (format, phone) => {
    await onSandbox();
    const subject = contact({ phone_number: phone });
    expect(await run(subject, 'upsert', format)).toMatchObject({ ...OK, action: 'created', contact_id: 'c_1' });
    expect(sandbox!.store.get('c_1')?.phone).toBe(phone);
    expect(await run(subject, 'upsert', format)).toMatchObject({ ...OK, action: 'updated', contact_id: 'c_1', attempts: 3 });
  });
});

describe('the disposition and assign steps, against the sandbox', () => {
  const EVERY = { stage: 'Qualified', disposition: 'Interested', additional: { budget: '1000' }, user_id: 'user-1', assign_on_handover: true };
  it.each<[string, ImportMode, Partial<Contact>[], Partial<Contact>, Partial<ResultRow>, object]>([
    ['stage only', 'upsert', [], { stage: 'Lead' }, { ...OK, action: 'created', disposition: 'ok', assign: '', attempts: 2 }, { stage: 'Lead' }],
    [
      'every step', 'upsert', [], EVERY, { ...OK, http_status: 202, disposition: 'ok', assign: 'ok', attempts: 3 },
      { stage: 'Qualified', disposition: 'Interested', additionalFields: { budget: '1000' }, assignment: { kind: 'user', id: 'user-1', onHandover: true } },
    ],
    [
      'every step after the 409 path', 'upsert', [{}], EVERY, { ...OK, http_status: 202, action: 'updated', disposition: 'ok', assign: 'ok', attempts: 5 },
      { firstName: 'Old', stage: 'Qualified', assignment: { kind: 'user', id: 'user-1' } },
    ],
    [
      'create mode, the contact exists: the other steps still run', 'create', [{}], EVERY,
      { ...OK, http_status: 202, action: 'exists', disposition: 'ok', assign: 'ok', attempts: 4 }, { firstName: 'Old', stage: 'Qualified', assignment: { id: 'user-1' } },
    ],
    ['group only', 'upsert', [], { group_id: 'group-2' }, { ...OK, http_status: 202, disposition: '', assign: 'ok', attempts: 2 }, { assignment: { kind: 'group', id: 'group-2', onHandover: false } }],
  ])('%s', async (_name, mode, seeds, overrides, expected, record) => {
    await onSandbox(seeds);
    const row = await run(contact(overrides), mode);
    expect(row).toMatchObject({ contact_id: 'c_1', ...expected });
    expect(sandbox!.store.get('c_1')).toMatchObject(record);
  });

  it('an unknown user: the contact is created and its disposition set, the row fails on assign', async () => {
    await onSandbox();
    const row = await run(contact({ stage: 'Lead', user_id: 'user-9' }));
    expect(row).toMatchObject({
      status: 'failed', action: 'created', contact_id: 'c_1', disposition: 'ok', assign: 'failed', error_code: '4040001', http_status: 404, attempts: 3,
    });
    expect(row.error_message).toMatch(/^assign: HTTP 404 - NOT_FOUND: User \/ Group not found: no user 'user-9'/);
    expect(sandbox!.store.get('c_1')).toMatchObject({ stage: 'Lead' });
    expect(sandbox!.store.get('c_1')?.assignment).toBeUndefined();
  });

  it('a failed contact step fails the steps it could not run, and sends nothing for them', async () => {
    await onSandbox();
    const row = await run(contact({ first_name: 'A*', stage: 'Lead', user_id: 'user-1' }));
    expect(row).toMatchObject({ status: 'failed', action: 'none', contact_id: '', disposition: 'failed', assign: 'failed', attempts: 1, http_status: 422 });
    expect(sandbox!.stats().byOperation).toEqual({ registerContactV2: { 422: 1 } });
  });

  it('a stopped run: the row is skipped ABORTED and nothing is sent', async () => {
    (await onSandbox()).abort('stopped by the test');
    const row = await run(contact({ stage: 'Lead' }));
    expect(row).toMatchObject({ status: 'skipped', error_code: 'ABORTED', error_message: 'contact: not finished: stopped by the test', attempts: 0, http_status: '', disposition: 'failed' });
    expect(sandbox!.stats().requests).toBe(0);
  });

  it('the wait between two assigns of a contact, cut short by the stop: the assign is ABORTED, what was done is kept', async () => {
    const live = await onSandbox();
    await live.spacing.waitTurn('c_1');
    const stop = new AbortController();
    stop.abort(new ApiError('aborted', 'not finished: interrupted'));
    const row = await run(contact({ user_id: 'user-1' }), 'upsert', 'object', stop.signal);
    expect(row).toMatchObject({ status: 'failed', action: 'created', contact_id: 'c_1', assign: 'failed', error_code: 'ABORTED', error_message: 'assign: not finished: interrupted', attempts: 1 });
    expect(sandbox!.store.get('c_1')?.assignment).toBeUndefined();
  });
});

describe('answers the sandbox never gives, from a scripted server', () => {
  const html = { status: 502, body: '<html>Bad gateway</html>', headers: { 'content-type': 'text/html' } };
  const dto = (status: number, error_code: number, error_message: string) => ({ status, body: { error_code, error_message } });
  it.each<[string, Script, number, Partial<ResultRow>, string, string[]]>([
    [
      'create answered 502 twice (one retry)', { create: html }, 1,
      { status: 'failed', error_code: 'HTTP_502', http_status: 502, attempts: 2, disposition: 'failed', assign: 'failed' }, 'contact: HTTP 502', ['create', 'create'],
    ],
    [
      'the look-up after a 409 answered 500', { create: dto(409, 4090001, 'UQ_CONSTRAINT_FAILED'), findByPhone: dto(500, 5000001, 'INTERNAL_ERROR') }, 0,
      { status: 'failed', error_code: '5000001', http_status: 500, attempts: 2, contact_id: '' }, 'contact: HTTP 500 - INTERNAL_ERROR', ['create', 'findByPhone'],
    ],
    [
      'the update after a 409 refused 409 (the crm_id moved meanwhile)',
      { create: dto(409, 4090001, 'UQ_CONSTRAINT_FAILED'), findByPhone: { status: 200, body: [{ id: 'c-7', crm_id: 'CRM-1' }] }, update: dto(409, 4090001, 'UQ_CONSTRAINT_FAILED') }, 0,
      { status: 'failed', error_code: '4090001', http_status: 409, attempts: 3, contact_id: '' }, 'contact: HTTP 409 - UQ_CONSTRAINT_FAILED', ['create', 'findByPhone', 'update'],
    ],
    [
      'disposition 500 and assign 404: both said, the first one\'s code', { disposition: dto(500, 5000001, 'INTERNAL_ERROR'), assign: dto(404, 4040001, 'NOT_FOUND') }, 0,
      { status: 'failed', action: 'created', contact_id: 'c-1', disposition: 'failed', assign: 'failed', error_code: '5000001', http_status: 404, attempts: 3 },
      'disposition: HTTP 500 - INTERNAL_ERROR; assign: HTTP 404 - NOT_FOUND', ['create', 'disposition', 'assign'],
    ],
    [
      'create answered 401', { create: dto(401, 4010001, 'UNAUTHORIZED') }, 1,
      { status: 'failed', error_code: 'AUTH_FAILED', http_status: 401, attempts: 1 },
      'contact: HTTP 401 - UNAUTHORIZED - the token was refused (check SALESCHAT_TOKEN or --token-file)', ['create'],
    ],
  ])('%s', async (_name, script, retries, expected, message, operations) => {
    await onFake(script, retries);
    const row = await run(contact({ stage: 'Lead', user_id: 'user-1' }));
    expect(row).toMatchObject({ ...expected, error_message: message });
    expect(fake!.seen.map((request) => request.operation)).toEqual(operations);
  });
});

describe('a 409 that is not UQ_CONSTRAINT_FAILED, from a scripted server: the row fails with it, nothing looked up or changed', () => {
  const found = { status: 200, body: [{ id: 'c-7', crm_id: 'CRM-1' }] };
  const busy = { status: 409, body: { error_code: 4090099, error_message: 'another import for this org is running' } };
  const NO_CODE = "HTTP 409 - the answer has no SalesChat error_code, so it is not known to be UQ_CONSTRAINT_FAILED (4090001, the crm_id exists): the contact was not looked up or changed";
  it.each<[string, ImportMode, Script, string, string]>([
    ['another error_code, nothing found by phone (upsert)', 'upsert', { create: busy }, '4090099', 'contact: HTTP 409 - another import for this org is running'],
    ['another error_code, the contact there (upsert)', 'upsert', { create: busy, findByPhone: found }, '4090099', 'contact: HTTP 409 - another import for this org is running'],
    ['another error_code, the contact there (create)', 'create', { create: busy, findByPhone: found }, '4090099', 'contact: HTTP 409 - another import for this org is running'],
    ['an empty body (upsert)', 'upsert', { create: { status: 409, body: '' }, findByPhone: found }, 'HTTP_409', `contact: ${NO_CODE}`],
    ['an empty body (create)', 'create', { create: { status: 409, body: '' }, findByPhone: found }, 'HTTP_409', `contact: ${NO_CODE}`],
    [
      "a proxy's HTML page (create)", 'create',
      { create: { status: 409, body: '<html><body>409 Conflict</body></html>', headers: { 'content-type': 'text/html' } }, findByPhone: found }, 'HTTP_409', `contact: ${NO_CODE}`,
    ],
    ['JSON without error_code (upsert)', 'upsert', { create: { status: 409, body: { error_message: 'Conflict' } }, findByPhone: found }, 'HTTP_409', `contact: HTTP 409 - Conflict - ${NO_CODE.slice('HTTP 409 - '.length)}`],
  ])('%s', async (_name, mode, script, code, message) => {
    await onFake(script);
    const row = await run(contact(), mode);
    expect(row).toMatchObject({ status: 'failed', action: 'none', contact_id: '', http_status: 409, attempts: 1, error_code: code, error_message: message });
    expect(fake!.seen.map((request) => request.operation)).toEqual(['create']);
  });

  it.each<[ImportMode, Partial<ResultRow>]>([
    ['upsert', { action: 'updated', attempts: 3 }],
    ['create', { action: 'exists', attempts: 2 }],
  ])('%s: 4090001 is the conflict whatever its error_message says', async (mode, expected) => {
    await onFake({ create: { status: 409, body: { error_code: 4090001, error_message: 'Duplicate crm_id' } }, findByPhone: found, update: { status: 200, body: { id: 'c-7' } } });
    expect(await run(contact(), mode)).toMatchObject({ ...OK, contact_id: 'c-7', ...expected });
  });
});

describe('plannedSteps: what --dry-run says each row would do', () => {
  it.each<[ImportMode, Partial<Contact>, string]>([
    ['upsert', {}, 'create, or update if it exists'],
    ['upsert', { contact_id: 'c_1' }, 'create, or update if it exists'],
    ['create', {}, 'create'],
    ['update', { contact_id: 'c_1' }, 'update by contact_id'],
    ['update', {}, 'find by phone, update'],
    ['upsert', { stage: 'Lead' }, 'create, or update if it exists; disposition'],
    ['upsert', { disposition: 'Interested', additional: { a: '1' } }, 'create, or update if it exists'],
    ['create', { user_id: 'user-1' }, 'create; assign'],
    ['create', { group_id: 'group-1' }, 'create; assign'],
    ['create', { remote_waba_id: 'w', assign_on_handover: true }, 'create'],
    ['update', { contact_id: 'c_1', stage: 'Lead', group_id: 'group-1' }, 'update by contact_id; disposition; assign'],
  ])('%s %j: %s', (mode, overrides, planned) => {
    expect(plannedSteps(contact(overrides), mode)).toBe(planned);
  });
});
