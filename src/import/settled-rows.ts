import type { Contact } from '../contacts/fields.js';
import type { HeaderMapping } from '../contacts/header-map.js';
import type { ResultRow } from '../io/result-row.js';
import type { Settle } from '../run/check-rows.js';
import type { Settlement, SyncState } from '../state/sync-state.js';
import type { RowKeyer } from './row-key.js';
import type { StepFingerprints } from './step-fingerprints.js';

/**
 * Rows unchanged since SalesChat confirmed them, found before they are checked: most rows of a nightly drop. A row
 * whose key is the one the sync state settled for its crm_id has the cells of a row that was valid, whose every
 * step SalesChat confirmed, and whose fingerprints still match: checking it again would find it unchanged.
 */

/** What the results row of a settled row needs from the state. */
export interface SettledRow {
  contactId: string;
  /** The row's key, for its --resume fingerprint. */
  key: string;
  /** The optional steps it asks for, as stored: 'disposition,assign', 'assign', ''. */
  steps: string;
}

/** Finds settled rows; undefined (left to the check) for all others, and for records a check would flag whatever their cells. */
export function settleUnchanged(state: SyncState, keyOf: RowKeyer, mapping: HeaderMapping): Settle<SettledRow> {
  const crmColumn = mapping.columns.get('crm_id');
  return (record) => {
    if (crmColumn === undefined || record.malformed !== undefined || record.oddBytes !== undefined) return undefined;
    // As the check reads it (check-record.ts: readCell, then trimmed); a different reading would only miss.
    const crmId = mapping.readCell(record.fields[crmColumn] ?? '').trim();
    if (crmId === '') return undefined;
    const known = state.get(crmId);
    if (known?.row == null) return undefined;
    const key = keyOf(record.fields);
    if (key !== known.row) return undefined;
    return { crmId, phone: known.phone, settled: { contactId: known.contactId, key, steps: known.rowSteps } };
  };
}

/** The results row of a settled row: as unchangedRow would give it once checked. */
export function settledResult(base: ResultRow, settled: SettledRow): ResultRow {
  const steps = settled.steps.split(',');
  return {
    ...base,
    status: 'ok',
    action: 'unchanged',
    contact_id: settled.contactId,
    disposition: steps.includes('disposition') ? 'ok' : '',
    assign: steps.includes('assign') ? 'ok' : '',
    attempts: 0,
  };
}

/**
 * What to settle for a row that ended ok with `contactId`: the state keeps it only if its fingerprints are the row's.
 * None when the row names another contact_id than the one used: checked, it would not be taken as unchanged.
 */
export function settlementFor(contact: Contact, prints: StepFingerprints, key: string, contactId: string): Settlement | undefined {
  if (contact.contact_id !== undefined && contact.contact_id !== contactId) return undefined;
  return { contactId, phone: contact.phone_number, row: key, contact: prints.contact, disposition: prints.disposition, assign: prints.assign };
}
