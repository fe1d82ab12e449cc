import { ApiError } from '../api/api-error.js';
import type { RowTrace } from '../api/client.js';
import type { ApiSession } from '../api/api-session.js';
import { foundRow, notFoundRow, problemRow, type ExportRow } from './export-row.js';

/**
 * Every contact that holds `phone` (E.164), as export rows: one per contact, one not_found row when none does,
 * one failed row when the look-up failed for good. Never throws for an API failure: a failure is data.
 */
export async function lookUpPhone(phone: string, session: ApiSession): Promise<ExportRow[]> {
  const abortedBefore = session.abortReason();
  if (abortedBefore !== undefined) return [problemRow(phone, 'failed', 'ABORTED', `not looked up: ${abortedBefore}`)];
  const trace: RowTrace = { requests: 0, lastStatus: undefined };
  try {
    // Checked by the client: an answer without the list, or with a contact without a usable id, is UNEXPECTED_RESPONSE.
    const contacts = await session.client.findByPhone(phone, trace);
    return contacts.length === 0 ? [notFoundRow(phone)] : contacts.map((contact) => foundRow(phone, contact));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const abortedSince = error.kind === 'aborted' ? session.abortReason() : undefined;
    return [problemRow(phone, 'failed', error.code, abortedSince === undefined ? error.message : `not finished: ${abortedSince}`)];
  }
}
