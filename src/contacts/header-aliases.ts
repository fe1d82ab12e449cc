import type { ContactField } from './fields.js';

/**
 * Header names other tools write for our fields, from the exports of the CRMs people bring (HubSpot, Salesforce,
 * Pipedrive, Zoho CRM, Bitrix24) and from contact sheets (Excel, Google Contacts, Outlook). Matched like every header:
 * ignoring case, spaces, `_`, `-` and `.` (so Bitrix24's "Mobile phone" and Salesforce's "Mobile Phone" are one entry).
 *
 * Each list is in order of preference: when a file has several of a field's headers, the first listed wins and the
 * others are ignored, except for EACH_ROW_FIELDS, where the others are read, in this order, for a row whose cell is
 * empty. A header spelled as the field itself ("Phone Number" for phone_number) takes its place where the list names
 * it, else it comes first; one spelled exactly as the field (`phone_number`) was written for this tool and is read alone.
 *
 * Fields with no list here are left to their own names, and to --map, on purpose:
 * - contact_id: a CRM's "Contact ID" is that CRM's record id, i.e. our crm_id; sent as SalesChat's contact_id it makes
 *   every update a 404. Only `contact_id` itself, or `id` in this tool's own export file, feeds it (header-match.ts).
 * - user_id, group_id: an owner column ("Contact owner", "Owner", "Responsible", "Assigned to") holds a person's name
 *   or e-mail, or the CRM's own user id, never a SalesChat user id: every assign would fail with 404.
 * - source: SalesChat takes only BTRIX or CAMPAIGN; a CRM's "Lead Source" ("Web", "Referral") would fail every row.
 * - "Name" / "Full Name": a whole name, not a first name.
 * - "Status": too general (the export file's own status column says found / not_found).
 */
export const HEADER_ALIASES: Readonly<Partial<Record<ContactField, readonly string[]>>> = {
  crm_id: [
    'Record ID', // HubSpot; Zoho CRM writes "Record Id"
    'Contact ID', // Salesforce contact reports
    'Lead ID', // Salesforce lead reports
    'Person - ID', // Pipedrive
    'External ID', // an id the record carried from the system before
    'ID', // Bitrix24 (our own export file's `id` is its contact_id instead: header-match.ts)
  ],
  // Mobile before landline: SalesChat reaches people on WhatsApp, which lives on a mobile number. The WhatsApp
  // number itself comes first, as the one the person chose for it; work numbers last, as the least likely to be theirs.
  phone_number: [
    'WhatsApp', // spreadsheets
    'WhatsApp Number', // spreadsheets
    'WhatsApp Phone Number', // HubSpot
    'Mobile Phone Number', // HubSpot
    'Mobile Phone', // Salesforce leads, Outlook; Bitrix24 "Mobile phone"
    'Mobile', // Salesforce contacts, Zoho CRM
    'Person - Phone - Mobile', // Pipedrive
    'Mobile Number', // spreadsheets
    'Cell', // spreadsheets
    'Cell Phone', // spreadsheets
    'Phone Number', // HubSpot, spreadsheets (the field's own name, placed after the mobile ones)
    'Phone', // Salesforce, Zoho CRM, spreadsheets
    'Person - Phone', // Pipedrive, a single phone column
    'Telephone', // spreadsheets
    'Primary Phone', // Outlook
    'Phone 1 - Value', // Google Contacts
    'Person - Phone - Work', // Pipedrive: its default label, where most people type a mobile anyway
    'Work Phone', // Bitrix24 "Work phone"
    'Business Phone', // Outlook
  ],
  // One per file, never per row: a missing consent date must not be filled with the date the record was created.
  opt_in_date: [
    'Consent Date', // spreadsheets, GDPR exports
    'Create Date', // HubSpot, Salesforce lead reports
    'Created Date', // Salesforce contact reports
    'Created Time', // Zoho CRM
    'Created', // Bitrix24
    'Person - Person created', // Pipedrive
    'Date Created', // spreadsheets
    'Created At', // spreadsheets, database dumps
  ],
  first_name: [
    'Given Name', // Google Contacts (older exports)
    'Person - First name', // Pipedrive
    'Forename', // spreadsheets (UK)
  ],
  last_name: [
    'Surname', // spreadsheets (UK)
    'Family Name', // Google Contacts (older exports)
    'Person - Last name', // Pipedrive
  ],
  stage: [
    'Lifecycle Stage', // HubSpot
    'Lead Status', // HubSpot, Salesforce, Zoho CRM
  ],
};

/**
 * Fields whose headers are alternatives row by row: a row's first non-empty one is read. Only the phone: a contact
 * reached on its landline when it has no mobile is still that contact, whereas an id or a date taken from another
 * column would be another fact (see opt_in_date above). settled-rows.ts and dedupe.ts rely on crm_id being one column.
 */
export const EACH_ROW_FIELDS: ReadonlySet<ContactField> = new Set<ContactField>(['phone_number']);
