import { afterEach, describe, expect, it } from 'vitest';
import type { ApiSession } from '../../src/api/api-session.js';
import { lookUpPhone } from '../../src/export/export-lookup.js';
import { contact, importRow, isBrokenPath, openSession, startFakeApi, type FakeApi, type Reply, type Script } from './fake-api.js';

let api: FakeApi | undefined;
let session: ApiSession | undefined;

afterEach(async () => {
  await session?.close();
  await api?.close();
  session = undefined;
  api = undefined;
});

async function start(script: Script): Promise<ApiSession> {
  api = await startFakeApi(script);
  session = await openSession(api.url);
  return session;
}

/** Every request went to a published route, with no "undefined", "." or ".." where an id belongs. */
function expectOnlyWellFormedPaths(fake: FakeApi): void {
  expect(fake.seen.filter((request) => request.operation === undefined || isBrokenPath(request.path))).toEqual([]);
}

const HTML: Reply = { status: 200, body: '<html><body>Gateway says hi</body></html>', headers: { 'content-type': 'text/html' } };

/** 200 answers to create or update that carry no usable contact id. */
const BAD_CONTACT_ANSWERS: [string, Reply, RegExp][] = [
  ['no id', { status: 200, body: { crm_id: 'CRM-1' } }, /without a contact id/],
  ['id ""', { status: 200, body: { id: '' } }, /unusable contact id ""/],
  ['id "."', { status: 200, body: { id: '.' } }, /unusable contact id "\."/],
  ['id ".."', { status: 200, body: { id: '..' } }, /unusable contact id "\.\."/],
  ['id a number', { status: 200, body: { id: 42 } }, /contact id that is a number/],
  ['id null', { status: 200, body: { id: null } }, /without a contact id/],
  ['a list', { status: 200, body: [{ id: 'c-1' }] }, /without the contact it publishes \(a list\)/],
  ['an HTML page', HTML, /not JSON \(text\/html/],
  ['an empty body', { status: 200, body: '' }, /empty body/],
];

/** 200 answers to the look-up by phone that are not a list of contacts with usable ids. */
const BAD_LOOKUP_ANSWERS: [string, Reply, RegExp][] = [
  ['an object', { status: 200, body: { id: 'c-1', crm_id: 'CRM-1' } }, /without the list of contacts it publishes \(an object\)/],
  // The first element, with null and odd fields the tool only copies out, passes: the second is the one refused.
  [
    'an element without id',
    { status: 200, body: [{ id: 'c-1', crm_id: 'CRM-0', first_name: null, opt_in_date: 1714521600, is_expired: 'no' }, { crm_id: 'CRM-1' }] },
    /contact 2 of the list without a contact id/,
  ],
  ['an element with id ".."', { status: 200, body: [{ id: '..', crm_id: 'CRM-1' }] }, /contact 1 of the list with an unusable contact id "\.\."/],
  ['an element with a numeric crm_id', { status: 200, body: [{ id: 'c-1', crm_id: 1 }] }, /contact 1 of the list whose crm_id is not text/],
  ['an HTML page', HTML, /not JSON/],
  ['an empty body', { status: 200, body: '' }, /empty body/],
  ['a body compressed though asked for uncompressed', { status: 200, body: '\u001f\u008b', headers: { 'content-encoding': 'gzip' } }, /with a body compressed with gzip, though asked for uncompressed/],
];

const ASKS_EVERY_STEP = { stage: 'Qualified', user_id: 'user-1' };

describe('an answer the tool cannot use fails the row UNEXPECTED_RESPONSE, and nothing is built from it', () => {
  it.each(BAD_CONTACT_ANSWERS)('create answered with %s', async (_name, reply, message) => {
    const live = await start({ create: reply });
    const row = await importRow(live, contact(ASKS_EVERY_STEP));
    expect(row).toMatchObject({ status: 'failed', error_code: 'UNEXPECTED_RESPONSE', http_status: 200, action: 'none', contact_id: '', attempts: 1 });
    expect(row).toMatchObject({ disposition: 'failed', assign: 'failed' });
    expect(row.error_message).toMatch(message);
    expect(row.error_message).toMatch(/^contact: the API answered 200 to create .*--resume will find it/);
    // Not sent again, and neither disposition nor assign was sent with a made-up id.
    expect(api!.seen.map((request) => request.operation)).toEqual(['create']);
    expectOnlyWellFormedPaths(api!);
  });

  it.each(BAD_CONTACT_ANSWERS)('update answered with %s', async (_name, reply, message) => {
    const live = await start({ update: reply });
    const row = await importRow(live, contact({ ...ASKS_EVERY_STEP, contact_id: 'c-7' }), 'update');
    expect(row).toMatchObject({ status: 'failed', error_code: 'UNEXPECTED_RESPONSE', http_status: 200, disposition: 'failed', assign: 'failed' });
    expect(row.error_message).toMatch(message);
    expect(row.error_message).toContain('update: the API answered 200 to update');
    expect(api!.seen.map((request) => request.operation)).toEqual(['update']);
    expectOnlyWellFormedPaths(api!);
  });

  it.each(BAD_LOOKUP_ANSWERS)('the look-up after a 409 answered with %s', async (_name, reply, message) => {
    const live = await start({ create: { status: 409, body: { error_code: 4090001, error_message: 'UQ_CONSTRAINT_FAILED' } }, findByPhone: reply });
    const row = await importRow(live, contact(ASKS_EVERY_STEP));
    expect(row).toMatchObject({ status: 'failed', error_code: 'UNEXPECTED_RESPONSE', http_status: 200, contact_id: '' });
    expect(row.error_message).toMatch(message);
    expect(api!.seen.map((request) => request.operation)).toEqual(['create', 'findByPhone']);
    expectOnlyWellFormedPaths(api!);
  });

  it.each(BAD_LOOKUP_ANSWERS)('an export look-up answered with %s', async (_name, reply, message) => {
    const live = await start({ findByPhone: reply });
    const rows = await lookUpPhone('+14155552671', live);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'failed', error_code: 'UNEXPECTED_RESPONSE', id: '' });
    expect(rows[0]!.error_message).toMatch(message);
    expect(api!.seen).toHaveLength(1);
  });

});

describe('an export look-up answered with a contact listed twice', () => {
  it('writes it once: the same id twice is one contact (a second row would be a DUPLICATE_CRM_ID when imported)', async () => {
    const held = { id: 'c-1', crm_id: 'CRM-1', first_name: 'Ann' };
    const live = await start({ findByPhone: { status: 200, body: [held, { id: 'c-2', crm_id: 'CRM-2' }, held] } });
    const rows = await lookUpPhone('+14155552671', live);
    expect(rows.map((row) => [row.status, row.id, row.crm_id])).toEqual([['found', 'c-1', 'CRM-1'], ['found', 'c-2', 'CRM-2']]);
  });
});

describe('error bodies: only well-typed fields are taken', () => {
  it.each([
    ['error_code a string, error_message an object', { error_code: '4220001', error_message: { length: 3 } }, 'HTTP_422', 'contact: HTTP 422'],
    ['error_code not an integer', { error_code: 4220001.5, error_message: 'crm_id too long' }, 'HTTP_422', 'contact: HTTP 422 - crm_id too long'],
    ['error_message a list', { error_code: 4220001, error_message: ['<b>x</b>'], error_description: 'bad phone' }, '4220001', 'contact: HTTP 422 - bad phone'],
  ])('422 with %s', async (_name, body, code, message) => {
    const live = await start({ create: { status: 422, body } });
    const row = await importRow(live, contact());
    expect(row).toMatchObject({ status: 'failed', error_code: code, error_message: message, http_status: 422, attempts: 1 });
  });
});

describe('answers the tool does not use', () => {
  it.each([
    ['plain text and an HTML page', { status: 200, body: 'Disposition updated' }, HTML],
    ['an HTML page and plain text', HTML, { status: 202, body: 'Accepted' }],
  ] as [string, Reply, Reply][])('disposition and assign answered with %s: the steps are ok', async (_name, disposition, assign) => {
    const live = await start({ disposition, assign });
    const row = await importRow(live, contact(ASKS_EVERY_STEP));
    expect(row).toMatchObject({ status: 'ok', action: 'created', contact_id: 'c-1', disposition: 'ok', assign: 'ok', attempts: 3, error_code: '' });
    expect(api!.seen.map((request) => request.path)).toEqual([
      '/v2/org/org-1/contact',
      '/v2/orgs/org-1/contact/c-1/disposition',
      '/v3/orgs/org-1/contacts/c-1/assign',
    ]);
  });
});
