import { z } from 'zod';
import type { CountryCode } from 'libphonenumber-js/max';
import type { Contact, ContactField, RawContact } from './fields.js';
import { normalisePhone } from './phone.js';
import type { RowIssue, ValidationCode } from './row-issue.js';
import { anyText, cell, crmId, maxLength, name, optInDate, pathId, phone, source, yesNo } from './rules.js';

export { parseDefaultCountry } from './phone.js';

export interface CheckOptions {
  /** Country for phone numbers written without + or 00 (--default-country). */
  defaultCountry?: CountryCode;
  /** How opt-in dates are written, as the person said with --date-format: the only form read besides ISO 8601 and epoch. */
  dateFormat?: string;
  /**
   * Without --date-format: the format a preset brings, or the order the file's slashed dates showed. It decides the
   * cells the forms read by themselves cannot (slashed dates), and never turns those forms off. Absent with
   * dateFormat = ISO 8601, epoch and the unambiguous forms.
   */
  impliedDateFormat?: string;
  /** IANA zone of date-times written without one (--timezone); absent = UTC. */
  timezone?: string;
}

export type CheckResult =
  | { ok: true; contact: Contact }
  | { ok: false; issues: RowIssue[]; /** normalised E.164 if the phone was valid, else the trimmed input */ phone: string; crmId: string };

/** The one schema every command uses: normalises and validates a whole row, reporting every problem. */
function buildSchema({ defaultCountry, dateFormat, impliedDateFormat, timezone }: CheckOptions) {
  const shape = {
    crm_id: cell(crmId, true),
    phone_number: cell(phone(defaultCountry), true),
    opt_in_date: cell(optInDate({ dateFormat, impliedDateFormat, timezone }), true),
    first_name: cell(name, false),
    last_name: cell(name, false),
    governance_level_id: cell(maxLength, false),
    is_inbound: cell(yesNo, false),
    source: cell(source, false),
    contact_id: cell(pathId, false),
    stage: cell(anyText, false),
    disposition: cell(anyText, false),
    user_id: cell(anyText, false),
    group_id: cell(anyText, false),
    remote_waba_id: cell(anyText, false),
    remote_phone_id: cell(anyText, false),
    assign_on_handover: cell(yesNo, false),
    additional: z.transform(nonEmptyTrimmed),
  } satisfies Record<ContactField | 'additional', z.ZodType>;
  return z.object(shape).transform(toContact);
}

function nonEmptyTrimmed(values: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const key in values) {
    const value = values[key]?.trim();
    if (value) kept[key] = value;
  }
  return kept;
}

/** zod keeps a present-but-empty cell as `key: undefined`; a Contact leaves it out. Required cells are set here, or the row failed. */
function toContact(parsed: Record<string, unknown>): Contact {
  const contact: Record<string, unknown> = {};
  for (const key in parsed) if (parsed[key] !== undefined) contact[key] = parsed[key];
  return contact as unknown as Contact;
}

type ContactSchema = ReturnType<typeof buildSchema>;

/**
 * One schema per set of options, built on first use (a run uses one). A run passes the same CheckOptions object for
 * every row, so the lookup is by that object first; equal options from elsewhere (a worker's copy, a test's literal)
 * find the same schema by value, and the date reader's parsers are compiled once either way.
 */
const schemasByValue = new Map<string, ContactSchema>();
const schemasByObject = new WeakMap<CheckOptions, ContactSchema>();

export function contactSchema(options: CheckOptions = {}): ContactSchema {
  let schema = schemasByObject.get(options);
  if (schema !== undefined) return schema;
  const key = JSON.stringify([options.defaultCountry, options.dateFormat, options.impliedDateFormat, options.timezone]);
  schema = schemasByValue.get(key);
  if (schema === undefined) schemasByValue.set(key, (schema = buildSchema(options)));
  schemasByObject.set(options, schema);
  return schema;
}

/** Normalises and validates one row; a bad row is data (every issue, in canonical field order), never an exception. */
export function checkContact(raw: RawContact, options: CheckOptions): CheckResult {
  const result = contactSchema(options).safeParse(raw);
  if (result.success) return { ok: true, contact: result.data };
  const phoneText = raw.phone_number?.trim() ?? '';
  const phone = phoneText === '' ? '' : normalisePhone(phoneText, options.defaultCountry); // memoised: no second parse
  return {
    ok: false,
    issues: result.error.issues.map(toRowIssue),
    phone: typeof phone === 'string' ? phone : phoneText,
    crmId: raw.crm_id?.trim() ?? '',
  };
}

function toRowIssue(issue: z.core.$ZodIssue): RowIssue {
  const code: unknown = issue.code === 'custom' ? issue.params?.code : undefined;
  const field = issue.path.map(String).join('.');
  // Only our rules raise issues on string input; anything else means a caller passed a non-string.
  if (typeof code !== 'string') throw new TypeError(`contact schema: unexpected ${issue.code} issue at "${field}"`);
  return { code: code as ValidationCode, field, reason: issue.message };
}
