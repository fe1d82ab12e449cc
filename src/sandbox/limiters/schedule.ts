import { formatMs, type RateSchedule } from '../../config/rate-schedule.js';

// The schedule's grammar lives in config/, which checks --rate-limit; the limiters only use a checked schedule.
export { parseRateSchedule, scheduleProblem, type RateSchedule, type RateStep } from '../../config/rate-schedule.js';

/** The limit in force `elapsedMs` after start (the first step's before it, should the clock go back). */
export function limitAt(schedule: RateSchedule, elapsedMs: number): number {
  let limit = schedule[0]?.limit ?? Number.POSITIVE_INFINITY;
  for (const step of schedule) if (step.fromMs <= elapsedMs) limit = step.limit;
  return limit;
}

/** `200/s, 100/s from 8s, 300/s from 16s`, with `unit` after each limit. */
export function formatSchedule(schedule: RateSchedule, unit: string): string {
  return schedule.map((step) => `${step.limit}${unit}${step.fromMs === 0 ? '' : ` from ${formatMs(step.fromMs)}`}`).join(', ');
}
