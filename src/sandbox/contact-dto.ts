import type { ContactRecord } from './contact.js';
import type { DateStyle } from './options.js';

/** The sandbox lets a contact expire a year after it was created (the published page does not say when). */
export const CONTACT_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;

/** RFC 3339 by default; `epoch` sends epoch seconds as a string, as the document's descriptions say. */
export function formatDate(ms: number, style: DateStyle): string {
  return style === 'epoch' ? String(Math.floor(ms / 1000)) : new Date(ms).toISOString();
}

/** The fields ContactRespDto and GetContactRespDto share, in the published order. */
function commonFields(contact: ContactRecord, style: DateStyle) {
  return {
    id: contact.id,
    crm_id: contact.crmId,
    opt_in_date: formatDate(contact.optInDate, style),
    create_date: formatDate(contact.createDate, style),
    first_name: contact.firstName,
    last_name: contact.lastName,
  };
}

/** The published ContactRespDto: answer of create and update. */
export function toContactResp(contact: ContactRecord, style: DateStyle, now: number) {
  return {
    ...commonFields(contact, style),
    governance_level:
      contact.governanceLevelId === undefined
        ? undefined
        : { id: contact.governanceLevelId, name: `Governance level ${contact.governanceLevelId}` },
    is_expired: now >= contact.createDate + CONTACT_LIFETIME_MS,
  };
}

/** The published GetContactRespDto: one element of the get-by-phone answer. */
export function toGetContactResp(contact: ContactRecord, style: DateStyle, now: number) {
  const expiry = contact.createDate + CONTACT_LIFETIME_MS;
  return { ...commonFields(contact, style), is_expired: now >= expiry, expiry_ts: formatDate(expiry, style) };
}
