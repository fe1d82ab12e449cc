/** The sandbox's --rate-limit as a schedule: `200,100@8s,300@16s`. Plain data and its grammar, no imports. */

/** From `fromMs` after the sandbox started, the limit is `limit`. */
export interface RateStep {
  fromMs: number;
  limit: number;
}

/** A limit over time: steps in increasing `fromMs`, the first from 0. */
export type RateSchedule = readonly RateStep[];

/** `8s`, or `1500ms` when not whole seconds. */
export function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** Why a schedule is unusable, or undefined when it is fine. */
export function scheduleProblem(schedule: RateSchedule): string | undefined {
  if (schedule.length === 0) return 'needs at least one limit';
  for (const [i, step] of schedule.entries()) {
    if (!Number.isInteger(step.limit) || step.limit < 1) return `limits must be integers >= 1, got ${step.limit}`;
    if (!Number.isFinite(step.fromMs) || step.fromMs < 0) return `times must be finite and >= 0, got ${step.fromMs} ms`;
    if (i === 0 && step.fromMs !== 0) return `the first limit must apply from the start (0 ms), got ${step.fromMs} ms`;
    const before = schedule[i - 1];
    if (before && step.fromMs <= before.fromMs) return `times must increase: ${formatMs(step.fromMs)} comes after ${formatMs(before.fromMs)}`;
  }
  return undefined;
}

const UNIT_MS = { ms: 1, s: 1000, m: 60_000 } as const;
const ITEM = /^(\d+)(?:@(\d+(?:\.\d+)?)(ms|s|m))?$/;

/** `200,100@8s,300@16s` -> steps; each later item is LIMIT@TIME with TIME in ms, s or m. */
export function parseRateSchedule(text: string): { ok: true; schedule: RateSchedule } | { ok: false; message: string } {
  const schedule: RateStep[] = [];
  for (const [i, raw] of text.split(',').entries()) {
    const item = raw.trim();
    const match = ITEM.exec(item);
    if (!match) return { ok: false, message: `'${item}' is not ${i === 0 ? 'N or ' : ''}N@TIME (N an integer >= 1, TIME like 8s, 500ms or 2m)` };
    const [, limit = '', amount, unit] = match;
    if (i > 0 && amount === undefined) return { ok: false, message: `'${item}' needs a time: N@TIME, e.g. ${item}@8s` };
    const fromMs = amount === undefined || unit === undefined ? 0 : Math.round(Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS]);
    schedule.push({ fromMs, limit: Number(limit) });
  }
  const problem = scheduleProblem(schedule);
  return problem === undefined ? { ok: true, schedule } : { ok: false, message: problem };
}
