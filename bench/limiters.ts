import { parseRateSchedule, type RateSchedule } from '../src/sandbox/limiters/index.js';
import { startSandboxProcess, type SandboxProcess } from './sandbox-process.js';
import { startSteadyClient, type SteadyAnswer } from './steady-client.js';
import { importFor, type TimedImport } from './timed-import.js';

/** The targets of issue 11, for every shape. */
const CAPACITY_TARGET = 0.95;
const REJECTED_TARGET = 0.02;
const CONCURRENCY = 32;
const ENV = { SALESCHAT_TOKEN: 'sandbox-token' };

/** One way a server limits, as sandbox flags. */
interface Shape {
  name: string;
  /** --rate-limit, given the run's length in seconds so a schedule's steps fall inside a short run too. */
  limit: (seconds: number) => string;
  /** The other sandbox flags. */
  flags: string[];
  /** Token bucket: admitted at once on top of the rate, so part of the capacity. */
  burst?: number;
  /** A second client of the same org sends this many requests a second against the same limit. */
  shared?: number;
  /** A cap on requests in flight, measured against the same server uncapped at that concurrency. */
  cap?: { inFlight: number; serverFlags: string[] };
}

const fixed = () => '200';
const SHAPES: Shape[] = [
  { name: 'fixed one-second windows', limit: fixed, flags: [] },
  { name: 'sliding one-second window', limit: fixed, flags: ['--limiter', 'sliding'] },
  { name: 'token bucket, burst 200 (large)', limit: fixed, flags: ['--limiter', 'token-bucket', '--burst', '200'], burst: 200 },
  { name: 'token bucket, burst 10 (small)', limit: fixed, flags: ['--limiter', 'token-bucket', '--burst', '10'], burst: 10 },
  { name: 'token bucket, burst 1 (evenly spaced)', limit: fixed, flags: ['--limiter', 'token-bucket', '--burst', '1'], burst: 1 },
  {
    name: 'cap of 8 in flight, 20 ms latency',
    limit: () => '8',
    flags: ['--limiter', 'concurrency', '--latency', '20', '--seed', '1'],
    cap: { inFlight: 8, serverFlags: ['--latency', '20', '--seed', '1'] },
  },
  { name: 'limit halves, then rises', limit: (s) => `200,100@${0.35 * s}s,300@${0.7 * s}s`, flags: [] },
  { name: 'shared with a steady 100/s client', limit: fixed, flags: [], shared: 100 },
  { name: '429s without Retry-After', limit: fixed, flags: ['--retry-after', 'none'] },
  // nginx's limit_req with `burst=20 nodelay`: a token bucket that refuses with 503 and no Retry-After.
  {
    name: '503s, no Retry-After, burst 20 (nginx limit_req)',
    limit: fixed,
    flags: ['--limiter', 'token-bucket', '--burst', '20', '--rate-limit-status', '503', '--retry-after', 'none'],
    burst: 20,
  },
];

export interface LimiterRow {
  shape: string;
  sandbox: string;
  /** Our accepted requests a second, and what they are measured against. */
  accepted: string;
  capacityShare: number;
  rejectedShare: number;
  requests: number;
}

/** Requests a schedule allows between two instants (ms after the sandbox started): the integral of the limit. */
export function allowedBetween(schedule: RateSchedule, fromMs: number, toMs: number): number {
  let total = 0;
  for (const [i, step] of schedule.entries()) {
    const end = schedule[i + 1]?.fromMs ?? Number.POSITIVE_INFINITY;
    const overlapMs = Math.min(end, toMs) - Math.max(step.fromMs, fromMs);
    if (overlapMs > 0) total += (step.limit * overlapMs) / 1000;
  }
  return total;
}

/** What the importer alone sent and got accepted over the run: the sandbox's counts less the other client's. */
function ourCounts(run: TimedImport, other: SteadyAnswer[]): { requests: number; rejected: number; otherAccepted: number } {
  const theirs = other.filter((answer) => answer.status !== 0 && answer.at >= run.startedAt && answer.at < run.endedAt);
  const theirRejected = theirs.filter((answer) => answer.status === 429).length;
  return {
    requests: run.after.requests - run.before.requests - theirs.length,
    rejected: run.after.rateLimited - run.before.rateLimited - theirRejected,
    otherAccepted: theirs.length - theirRejected,
  };
}

function importArgs(path: string, sandbox: SandboxProcess, org: string, concurrency: number): string[] {
  return [path, '--base-url', sandbox.url, '--org', org, '--concurrency', String(concurrency), '--quiet', '--results', '/dev/null'];
}

/** Accepted requests a second of `import --concurrency inFlight` against the server with no cap: the cap's capacity. */
async function uncappedRate(shape: Shape & { cap: NonNullable<Shape['cap']> }, path: string, seconds: number): Promise<number> {
  const sandbox = await startSandboxProcess(shape.cap.serverFlags);
  try {
    const run = await importFor(sandbox, importArgs(path, sandbox, 'bench-limiters-uncapped', shape.cap.inFlight), seconds, ENV);
    const accepted = run.after.requests - run.before.requests - (run.after.rateLimited - run.before.rateLimited);
    return accepted / ((run.endedAt - run.startedAt) / 1000);
  } finally {
    await sandbox.stop();
  }
}

async function measureShape(shape: Shape, index: number, path: string, seconds: number): Promise<LimiterRow> {
  const limit = shape.limit(seconds);
  const parsed = parseRateSchedule(limit);
  if (!parsed.ok) throw new Error(`bench shape ${shape.name}: ${parsed.message}`);
  const flags = ['--rate-limit', limit, ...shape.flags];
  const org = `bench-limiters-${index}`;
  const sandbox = await startSandboxProcess(flags);
  const other = shape.shared === undefined ? undefined : startSteadyClient(sandbox.url, org, sandbox.token, shape.shared);
  let run: TimedImport;
  try {
    run = await importFor(sandbox, importArgs(path, sandbox, org, CONCURRENCY), seconds, ENV);
  } finally {
    await other?.stop();
    await sandbox.stop();
  }
  const elapsed = (run.endedAt - run.startedAt) / 1000;
  const ours = ourCounts(run, other?.answers ?? []);
  const accepted = ours.requests - ours.rejected;
  const rate = (n: number) => `${(n / elapsed).toFixed(1)}/s`;
  let capacity: number;
  let against: string;
  if (shape.cap !== undefined) {
    const uncapped = await uncappedRate({ ...shape, cap: shape.cap }, path, seconds);
    capacity = uncapped * elapsed;
    against = `of ${uncapped.toFixed(1)}/s uncapped at concurrency ${shape.cap.inFlight}`;
  } else {
    const allowed = allowedBetween(parsed.schedule, run.startedAt - sandbox.readyAt, run.endedAt - sandbox.readyAt) + (shape.burst ?? 0);
    capacity = allowed - ours.otherAccepted;
    against = `of ${rate(capacity)} allowed${shape.shared === undefined ? '' : ` (${rate(allowed)} less the other client's ${rate(ours.otherAccepted)})`}`;
  }
  return {
    shape: shape.name,
    sandbox: flags.join(' '),
    accepted: `${rate(accepted)} ${against}`,
    capacityShare: accepted / capacity,
    rejectedShare: ours.requests === 0 ? 0 : ours.rejected / ours.requests,
    requests: ours.requests,
  };
}

/** Runs `import --concurrency 32` for `seconds` against each shape in turn (a fresh sandbox each), telling each row as it comes. */
export async function measureLimiters(path: string, seconds: number, onRow: (row: LimiterRow) => void): Promise<LimiterRow[]> {
  const rows: LimiterRow[] = [];
  // BENCH_SHAPES=burst,sliding runs only the shapes whose names contain one of these words.
  const only = process.env['BENCH_SHAPES']?.split(',').filter(Boolean);
  const shapes = only ? SHAPES.filter((shape) => only.some((word) => shape.name.includes(word))) : SHAPES;
  for (const [index, shape] of shapes.entries()) {
    const row = await measureShape(shape, index, path, seconds);
    onRow(row);
    rows.push(row);
  }
  return rows;
}

export const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const verdict = (met: boolean) => (met ? 'met' : 'missed');

/** The rows as a markdown table, each figure beside its target. */
export function limiterTable(rows: LimiterRow[]): string {
  const lines = [
    '| shape | sandbox flags | accepted requests | capacity used | target >= 95% | answered 429 | target <= 2% |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of rows) {
    const capacity = verdict(row.capacityShare >= CAPACITY_TARGET);
    const rejected = verdict(row.rejectedShare <= REJECTED_TARGET);
    lines.push(`| ${row.shape} | \`${row.sandbox}\` | ${row.accepted} | ${percent(row.capacityShare)} | ${capacity} | ${percent(row.rejectedShare)} of ${row.requests.toLocaleString('en-US')} | ${rejected} |`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * What the best-paced client could get from a limiter without burst: a bare loop (no import around it) sending
 * lookups at the limit, each a full gap after the last (`strict`), against `--limiter token-bucket --burst 1`. Timers
 * fire late and answers arrive unevenly, so it stays under the limit and still meets some 429s: this is the ceiling
 * the throttle's figure for that shape is to be read against.
 */
export async function pacedCeiling(seconds: number): Promise<{ capacityShare: number; rejectedShare: number; requests: number }> {
  const sandbox = await startSandboxProcess(['--rate-limit', '200', '--limiter', 'token-bucket', '--burst', '1']);
  const client = startSteadyClient(sandbox.url, 'bench-paced-ceiling', sandbox.token, 200, 'strict');
  const startedAt = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const endedAt = performance.now();
  await client.stop();
  await sandbox.stop();
  const rejected = client.answers.filter((answer) => answer.status === 429).length;
  const accepted = client.answers.filter((answer) => answer.status >= 200 && answer.status < 300).length;
  return { capacityShare: accepted / ((200 * (endedAt - startedAt)) / 1000 + 1), rejectedShare: rejected / Math.max(1, client.answers.length), requests: client.answers.length };
}
