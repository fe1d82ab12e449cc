/** The canonical input columns: the API's own field names (CONTRACT.md, "Input columns"). */
export const CONTACT_FIELDS = [
  'crm_id',
  'phone_number',
  'opt_in_date',
  'first_name',
  'last_name',
  'governance_level_id',
  'is_inbound',
  'source',
  'contact_id',
  'stage',
  'disposition',
  'user_id',
  'group_id',
  'remote_waba_id',
  'remote_phone_id',
  'assign_on_handover',
] as const;

export type ContactField = (typeof CONTACT_FIELDS)[number];

export const REQUIRED_FIELDS = ['crm_id', 'phone_number', 'opt_in_date'] as const satisfies readonly ContactField[];

/** A column named `additional.<key>` becomes `additionalFields[<key>]` of the disposition call. */
export const ADDITIONAL_PREFIX = 'additional.';

/** Raw cell values of one record, keyed by canonical field; a field the file lacks is absent. */
export type RawContact = Partial<Record<ContactField, string>> & { additional: Record<string, string> };

export const SOURCES = ['BTRIX', 'CAMPAIGN'] as const;
export type Source = (typeof SOURCES)[number];

/** One record after normalisation: trimmed, empty cells dropped, phone in E.164, dates in RFC 3339 UTC. */
export interface Contact {
  crm_id: string;
  /** E.164, e.g. "+14155552671". */
  phone_number: string;
  /** RFC 3339 UTC date-time, e.g. "2024-01-15T10:00:00.000Z". */
  opt_in_date: string;
  first_name?: string;
  last_name?: string;
  governance_level_id?: string;
  is_inbound?: boolean;
  source?: Source;
  contact_id?: string;
  stage?: string;
  disposition?: string;
  user_id?: string;
  group_id?: string;
  remote_waba_id?: string;
  remote_phone_id?: string;
  assign_on_handover?: boolean;
  /** From `additional.<key>` columns; only non-empty cells. */
  additional: Record<string, string>;
}
