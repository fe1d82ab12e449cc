import type { FoundContact } from './answers.js';
import { ApiError } from './api-error.js';
import type { ApiSession } from './api-session.js';
import type { RowTrace } from './client.js';

/**
 * The one read-only look-up every reading command makes per row (export, verify, import --dry-run --online):
 * through the session's throttle, retries and abort rule. Never throws for an API failure: the run's stop and a
 * look-up that failed for good are outcomes, which each command words as its own rows.
 */
export type PhoneLookUp =
  | { kind: 'found'; contacts: FoundContact[]; trace: RowTrace }
  /** The run stopped sending: `before` the look-up was sent, or while it was under way. */
  | { kind: 'aborted'; reason: string; before: boolean; trace: RowTrace }
  | { kind: 'failed'; error: ApiError; trace: RowTrace };

export async function lookUpByPhone(session: ApiSession, phone: string): Promise<PhoneLookUp> {
  const trace: RowTrace = { requests: 0, lastStatus: undefined };
  const abortedBefore = session.abortReason();
  if (abortedBefore !== undefined) return { kind: 'aborted', reason: abortedBefore, before: true, trace };
  try {
    // Checked by the client: an answer without the list, or with a contact without a usable id, is UNEXPECTED_RESPONSE.
    return { kind: 'found', contacts: await session.client.findByPhone(phone, trace), trace };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const abortedSince = error.kind === 'aborted' ? session.abortReason() : undefined;
    if (abortedSince !== undefined) return { kind: 'aborted', reason: abortedSince, before: false, trace };
    return { kind: 'failed', error, trace };
  }
}
