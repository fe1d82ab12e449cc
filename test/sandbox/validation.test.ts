import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { publishedDocument, type JsonSchema } from '../../src/sandbox/openapi.js';
import { anyString, client, contactBody, createContact, start } from './helpers.js';

type Api = ReturnType<typeof client>;
type Body = Record<string, unknown>;

/** How to send each request schema, with a body it accepts. */
const OPERATIONS: Record<string, { ok: number; valid: () => Body; send: (api: Api, body: unknown, org: string) => Promise<{ status: number; body: unknown }> }> = {
  ContactReqDto: { ok: 200, valid: () => contactBody(), send: (api, body, org) => api.create(body, org) },
  UpdateContactReqDto: { ok: 200, valid: () => ({ crm_id: 'renamed' }), send: async (api, body, org) => api.update(await createContact(api, {}, org), body, org) },
  UpdateContactDispositionReqV2Dto: { ok: 200, valid: () => ({ stage: 'NEW' }), send: async (api, body, org) => api.disposition(await createContact(api, {}, org), body, org) },
  AssignChatroomReqDto: { ok: 202, valid: () => ({ user_id: 'user-1' }), send: async (api, body, org) => api.assign(await createContact(api, {}, org), body, org) },
};

interface Case {
  schema: string;
  label: string;
  change: (body: Body) => unknown;
  status: number;
  message?: string;
}

const set = (field: string, value: unknown) => (body: Body) => ({ ...body, [field]: value });
const WRONG_TYPE: Record<string, unknown> = { string: 42, boolean: 'yes', object: 'text', integer: 1.5 };

/** Cases read off the published schemas: every required field, maxLength, pattern, enum and type. */
function casesFromSchemas(): Case[] {
  const cases: Case[] = [];
  for (const [schema, dto] of Object.entries(publishedDocument().components.schemas)) {
    if (!(schema in OPERATIONS)) continue;
    const ok = OPERATIONS[schema]?.ok ?? 200;
    for (const field of (dto.required as string[] | undefined) ?? []) {
      cases.push({ schema, label: `${field} missing`, change: ({ [field]: _, ...rest }) => rest, status: 422, message: `${field}: is required` });
    }
    for (const [field, property] of Object.entries(dto.properties as Record<string, JsonSchema>)) {
      const { maxLength, pattern, type } = property as { maxLength?: number; pattern?: string; type?: string };
      if (maxLength !== undefined) {
        cases.push({ schema, label: `${field} of ${maxLength}`, change: set(field, 'x'.repeat(maxLength)), status: ok });
        cases.push({ schema, label: `${field} of ${maxLength + 1}`, change: set(field, 'x'.repeat(maxLength + 1)), status: 422, message: `${field}: must NOT have more than ${maxLength} characters` });
      }
      if (pattern !== undefined) {
        const message = `${field}: must match pattern "${pattern}"`;
        cases.push({ schema, label: `${field} with *`, change: set(field, 'Ada*'), status: 422, message });
        cases.push({ schema, label: `${field} with a line break`, change: set(field, 'Ada\nLovelace'), status: 422, message });
        cases.push({ schema, label: `${field} plain`, change: set(field, "Zoë O'Brien-Smith"), status: ok });
      }
      for (const value of (property.enum as string[] | undefined) ?? []) cases.push({ schema, label: `${field} ${value}`, change: set(field, value), status: ok });
      if (property.enum) cases.push({ schema, label: `${field} outside the enum`, change: set(field, 'btrix'), status: 422, message: `${field}: must be one of ${(property.enum as string[]).join(', ')}` });
      if (type !== undefined && type in WRONG_TYPE) {
        cases.push({ schema, label: `${field} not of type ${type}`, change: set(field, WRONG_TYPE[type]), status: 422, message: `${field}: must be ${type}` });
      }
    }
  }
  return cases;
}

const PHONE_FORM = 'phone_number: must be a PhoneNumber object or an E.164 string such as "+14155552671"';
const NOT_A_NUMBER = 'phone_number: countryCode and nationalNumber must make an E.164 number (+, then 7 to 15 digits)';

/** The documented extensions and what no table above reaches. */
const EXTRA: Case[] = [
  { schema: 'ContactReqDto', label: 'phone_number as an E.164 string', change: set('phone_number', '+14155552671'), status: 200 },
  { schema: 'ContactReqDto', label: 'phone_number as a PhoneNumber object', change: set('phone_number', { countryCode: 44, nationalNumber: 2071838750, countryCodeSource: 'FROM_NUMBER_WITH_PLUS_SIGN' }), status: 200 },
  { schema: 'ContactReqDto', label: 'phone_number string not E.164', change: set('phone_number', '4155552671'), status: 422, message: PHONE_FORM },
  { schema: 'ContactReqDto', label: 'phone_number a number', change: set('phone_number', 14155552671), status: 422, message: PHONE_FORM },
  { schema: 'ContactReqDto', label: 'phone_number without nationalNumber', change: set('phone_number', { countryCode: 1 }), status: 422, message: NOT_A_NUMBER },
  { schema: 'ContactReqDto', label: 'phone_number without countryCode', change: set('phone_number', { nationalNumber: 4155552671 }), status: 422, message: NOT_A_NUMBER },
  { schema: 'ContactReqDto', label: 'phone_number too short', change: set('phone_number', { countryCode: 1, nationalNumber: 55 }), status: 422, message: NOT_A_NUMBER },
  { schema: 'ContactReqDto', label: 'countryCode a string', change: set('phone_number', { countryCode: '1', nationalNumber: 4155552671 }), status: 422, message: 'phone_number.countryCode: must be integer' },
  { schema: 'ContactReqDto', label: 'countryCode over int32', change: set('phone_number', { countryCode: 2 ** 31, nationalNumber: 4155552671 }), status: 422, message: 'phone_number.countryCode: must match format "int32"' },
  { schema: 'ContactReqDto', label: 'countryCodeSource outside its enum', change: set('phone_number', { countryCode: 1, nationalNumber: 4155552671, countryCodeSource: 'GUESSED' }), status: 422, message: 'phone_number.countryCodeSource: must be one of FROM_NUMBER_WITH_PLUS_SIGN, FROM_NUMBER_WITH_IDD, FROM_NUMBER_WITHOUT_PLUS_SIGN, FROM_DEFAULT_COUNTRY, UNSPECIFIED' },
  { schema: 'ContactReqDto', label: 'opt_in_date not a date-time', change: set('opt_in_date', 'yesterday'), status: 422, message: 'opt_in_date: must match format "date-time"' },
  { schema: 'ContactReqDto', label: 'opt_in_date a date only', change: set('opt_in_date', '2024-05-01'), status: 422, message: 'opt_in_date: must match format "date-time"' },
  { schema: 'ContactReqDto', label: 'opt_in_date with an offset', change: set('opt_in_date', '2024-05-01T12:00:00+02:00'), status: 200 },
  { schema: 'ContactReqDto', label: 'an empty first_name (minLength 0)', change: set('first_name', ''), status: 200 },
  { schema: 'ContactReqDto', label: 'an unknown property (ignored)', change: set('nickname', 'Ada'), status: 200 },
  { schema: 'ContactReqDto', label: 'a body that is an array', change: () => [], status: 422, message: 'body: must be object' },
  { schema: 'ContactReqDto', label: 'malformed JSON', change: () => '{"crm_id": "x",', status: 422 },
  { schema: 'ContactReqDto', label: 'no body', change: () => '', status: 422, message: 'body: is required (a JSON object)' },
  { schema: 'UpdateContactDispositionReqV2Dto', label: 'additionalFields of any JSON values', change: set('additionalFields', { n: 1, s: 'x', b: false, a: [1], o: {}, z: null }), status: 200 },
  { schema: 'UpdateContactDispositionReqV2Dto', label: 'additionalFields not an object', change: set('additionalFields', ['x']), status: 422, message: 'additionalFields: must be object' },
];

let sandbox: Sandbox;
let api: Api;
beforeAll(async () => {
  sandbox = await start();
  api = client(sandbox);
});
afterAll(() => sandbox.close());

describe('request validation', () => {
  const table = [...casesFromSchemas(), ...EXTRA].map((c, i) => ({ ...c, org: `validation-${i}` }));

  it('derives cases for every rule kind from the schemas', () => {
    const labels = casesFromSchemas().map((c) => c.label);
    for (const expected of ['crm_id missing', 'phone_number missing', 'opt_in_date missing', 'stage missing', 'first_name of 129', 'last_name with *', 'source outside the enum', 'is_inbound not of type boolean', 'user_id not of type string']) {
      expect(labels).toContain(expected);
    }
  });

  it.each(table)('$schema, $label: $status', async ({ schema, change, status, message, org }) => {
    const operation = OPERATIONS[schema];
    if (!operation) throw new Error(`no operation for ${schema}`);
    const reply = await operation.send(api, change(operation.valid()), org);
    expect(reply.status).toBe(status);
    if (status === 422) {
      expect(reply.body).toMatchObject({ error_code: 4220001, error_description: anyString() });
      if (message !== undefined) expect((reply.body as { error_message: string }).error_message).toBe(message);
    }
  });

  it('names the body in a malformed-JSON message', async () => {
    const reply = await api.request('POST', '/v2/org/x/contact', '{"crm_id":');
    expect((reply.body as { error_message: string }).error_message).toMatch(/^body: malformed JSON/);
  });

  it('stores an object phone number as E.164, Italian leading zero included', async () => {
    const id = await createContact(api, { phone_number: { countryCode: 39, nationalNumber: 612345678, italianLeadingZero: true } });
    expect(sandbox.store.get(id)?.phone).toBe('+390612345678');
  });
});
