import type { ApiSession } from '../api/api-session.js';
import type { StateConfig } from '../config/index.js';
import type { Contact } from '../contacts/fields.js';
import type { ResultRow } from '../io/result-row.js';
import type { Closer } from '../run/closer.js';
import { nextStepAdvice } from '../run/next-steps.js';
import type { Ending } from '../run/run-ending.js';
import type { Tally } from '../run/tally.js';
import type { PlannedFigures } from '../run/summary.js';
import { SyncState, stateFilePath, type StateIdentity } from '../state/sync-state.js';
import { plannedSteps, type ImportMode } from './import-steps.js';
import { PLAN_KINDS, type PlanKind } from './online-plan.js';
import { lookUpPlan } from './plan-lookup.js';
import { stepFingerprints } from './step-fingerprints.js';

/** What a dry run planned for a row: online, its plan's kind; offline, only that it was planned. */
export type PlannedAs = PlanKind | 'offline';

/** A dry run's results row: `skipped` (or `failed` for a failed look-up), with its plan in the `plan` column. */
export type DryRunRow = ResultRow & { plan: string; plannedAs?: PlannedAs };

export interface DryRunOptions {
  mode: ImportMode;
  full: boolean;
  /** The run's mapping key (step-fingerprints.ts), as the import's fingerprints use it. */
  mapping: string;
  /** --online: the session to look rows up through; undefined plans offline. */
  session: ApiSession | undefined;
  /** --online: the sync state, read only; undefined when there is none (or --no-state). */
  state: SyncState | undefined;
}

/**
 * import --dry-run: each valid row's plan, and the plans' counts for the summary. Offline, the steps the row would
 * take; --online, what the import would do to the contact (online-plan.ts), from one read-only look-up.
 */
export class DryRunPlan {
  /** Rows planned, the online ones by plan. */
  private planned = 0;
  private readonly byPlan = Object.fromEntries(PLAN_KINDS.map((kind) => [kind, 0])) as Record<PlanKind, number>;

  constructor(private readonly options: DryRunOptions) {}

  plan(contact: Contact, base: ResultRow): DryRunRow | Promise<DryRunRow> {
    const { session, state, mode, full, mapping } = this.options;
    if (session === undefined) return { ...base, status: 'skipped', plan: plannedSteps(contact, mode), plannedAs: 'offline' };
    const stateView = state && { known: state.get(contact.crm_id), prints: stepFingerprints(contact, mapping), full };
    return lookUpPlan(contact, base, session, { mode, state: stateView }).then(({ row, plan }) =>
      plan === undefined ? { ...row, plan: '' } : { ...row, plan: plan.text, plannedAs: plan.kind },
    );
  }

  /** A results row written: its plan, if it has one, counts. */
  take({ plannedAs }: { plannedAs?: PlannedAs | undefined }): void {
    if (plannedAs === undefined) return;
    this.planned += 1;
    if (plannedAs !== 'offline') this.byPlan[plannedAs] += 1;
  }

  /** Rows whose plan says the import would not apply them: with invalid, duplicate and failed rows, exit 1. */
  get conflicts(): number {
    return this.byPlan.conflict;
  }

  figures(): PlannedFigures {
    return { rows: this.planned, ...(this.options.session === undefined ? {} : { byPlan: { ...this.byPlan } }) };
  }
}

/**
 * The sync state for an online dry run, read only (no lock, nothing created): the import would read it, so the plan
 * does; undefined without one. A --sandbox run's state is in memory and empty: nothing to read.
 */
export function readSyncState(config: StateConfig, identity: StateIdentity, closer: Closer): SyncState | undefined {
  if (config.kind !== 'dir') return undefined;
  const state = SyncState.openReadOnly(stateFilePath(config.dir, identity), identity);
  return state && closer.add(state, (opened) => opened.close());
}

/** Where the plan's sync state is and what it knows, as the run starts; undefined when there is nothing to say (--sandbox). */
export function planStateNotice(config: StateConfig, state: SyncState | undefined): string | undefined {
  if (config.kind === 'memory') return undefined;
  if (config.kind === 'off') return 'Sync state: not read (--no-state); each row is planned from SalesChat alone, as the import would send it.';
  if (state === undefined) return 'Sync state: none yet for this API and org; each row is planned from SalesChat alone.';
  return `Sync state: ${state.path}, read only, ${state.count().toLocaleString('en-US')} contact(s) known; rows it has as sent are planned as the import would take them.`;
}

/** An online dry run's words after the summary: nothing was sent, so there is nothing to resume, only to fix. */
export function dryRunWords(ending: Ending, abortReason: string | undefined, tally: Tally, conflicts: number): string[] {
  if (ending === 'interrupted') return [`  Stopped after ${tally.rows.toLocaleString('en-US')} rows; nothing was sent. Run the dry run again to plan every row.`];
  if (ending === 'aborted') return [`  Aborted: ${abortReason}.`, '  Rows not looked up are marked skipped (ABORTED); nothing was sent. Once fixed, run the dry run again.'];
  const advice: string[] = [];
  if (conflicts > 0) advice.push(`  ${conflicts.toLocaleString('en-US')} row(s) planned as conflict: the import would not apply them; the plan column says why.`);
  const rejected = tally.byStatus.invalid + tally.byStatus.duplicate;
  if (rejected > 0) advice.push(`  ${rejected.toLocaleString('en-US')} row(s) invalid or duplicate: error_message says why.`);
  return [...advice, ...nextStepAdvice(tally, { retry: 'run the dry run again', fix: 'fix them in the input' })];
}
