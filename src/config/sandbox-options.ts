import { z } from 'zod';
import type { CommandLine } from './command-line.js';
import { DEFAULTS } from './defaults.js';
import { flagSwitch } from './flag-schemas.js';
import { fromZod, settle } from './problems.js';
import { parseRateSchedule, type RateSchedule } from './rate-schedule.js';
import {
  LIMITER_KINDS,
  RATE_LIMIT_HEADER_STYLES,
  RATE_LIMIT_STATUSES,
  RETRY_AFTER_STYLES,
  type DateStyle,
  type LimiterKind,
  type RateLimitHeaderStyle,
  type RateLimitStatus,
  type RetryAfterStyle,
} from './sandbox-vocabulary.js';

/** The sandbox command's flags, as the options startSandbox() takes; a flag not given is left out, for its default. */
export interface SandboxServerConfig {
  readonly port: number;
  readonly host?: string;
  readonly token?: string;
  readonly statePath?: string;
  readonly dates?: DateStyle;
  readonly latencyMs?: number;
  readonly failRate?: number;
  readonly failAfterCommit?: number;
  readonly rateLimit?: number | RateSchedule;
  readonly limiter?: LimiterKind;
  readonly burst?: number;
  readonly retryAfter?: RetryAfterStyle;
  readonly rateLimitHeaders?: RateLimitHeaderStyle;
  readonly rateLimitStatus?: RateLimitStatus;
  readonly seed?: number;
  readonly orgs?: readonly string[];
}

export interface SandboxConfig {
  readonly options: SandboxServerConfig;
  /** No log line per request. */
  readonly quiet: boolean;
}

/** A number from the flag's text, kept as typed in the message ('abc', not NaN). */
const numberFlag = (flag: string, ok: (n: number) => boolean, expected: string) =>
  z.string().transform((raw, ctx) => {
    const value = raw.trim() === '' ? Number.NaN : Number(raw);
    if (ok(value)) return value;
    ctx.addIssue(`--${flag} must be ${expected}, got '${raw}'`);
    return z.NEVER;
  });

const isInt = (min: number, max = Number.MAX_SAFE_INTEGER) => (n: number) => Number.isInteger(n) && n >= min && n <= max;
const isShare = (n: number): boolean => Number.isFinite(n) && n >= 0 && n <= 1;

const choiceFlag = <const T extends readonly [string, ...string[]]>(flag: string, choices: T) =>
  z.enum(choices, { error: (issue) => `--${flag} must be one of ${choices.join(', ')}, got '${String(issue.input)}'` });

/** A plain N keeps its own message; anything with `,` or `@` is read as a schedule. */
const rateLimitFlag = z.string().transform((raw, ctx): number | RateSchedule => {
  if (!/[,@]/.test(raw)) {
    const value = raw.trim() === '' ? Number.NaN : Number(raw);
    if (isInt(1)(value)) return value;
    ctx.addIssue(`--rate-limit must be an integer >= 1 (requests a second), got '${raw}'`);
    return z.NEVER;
  }
  const parsed = parseRateSchedule(raw);
  if (parsed.ok) return parsed.schedule;
  ctx.addIssue(`--rate-limit must be N or a schedule like 200,100@8s,300@16s, got '${raw}': ${parsed.message}`);
  return z.NEVER;
});

const sandboxFlags = z.object({
  port: numberFlag('port', isInt(0, 65535), 'an integer from 0 to 65535').default(DEFAULTS.sandboxPort),
  host: z.string().optional(),
  token: z.string().refine((token) => token !== '' && !/\s/.test(token), '--token must be non-empty and contain no white space').optional(),
  state: z.string().optional(),
  dates: z.enum(['iso', 'epoch'], { error: (issue) => `--dates must be iso or epoch, got '${String(issue.input)}'` }).optional(),
  latency: numberFlag('latency', (n) => Number.isFinite(n) && n >= 0, 'a number of milliseconds >= 0').optional(),
  'fail-rate': numberFlag('fail-rate', isShare, 'a share between 0 and 1, e.g. 0.1').optional(),
  'fail-after-commit': numberFlag('fail-after-commit', isShare, 'a share between 0 and 1, e.g. 0.1').optional(),
  'rate-limit': rateLimitFlag.optional(),
  limiter: choiceFlag('limiter', LIMITER_KINDS).optional(),
  burst: numberFlag('burst', isInt(1), 'an integer >= 1 (1: no burst, requests evenly spaced)').optional(),
  'retry-after': choiceFlag('retry-after', RETRY_AFTER_STYLES).optional(),
  'rate-limit-headers': choiceFlag('rate-limit-headers', RATE_LIMIT_HEADER_STYLES).optional(),
  'rate-limit-status': z
    .string()
    .transform((raw) => Number(raw))
    .refine((status): status is RateLimitStatus => (RATE_LIMIT_STATUSES as readonly number[]).includes(status), {
      error: (issue) => `--rate-limit-status must be ${RATE_LIMIT_STATUSES.join(' or ')}, got '${String(issue.input)}'`,
    })
    .optional(),
  seed: numberFlag('seed', isInt(0, 2 ** 32 - 1), 'an integer from 0 to 4294967295').optional(),
  orgs: z
    .string()
    .transform((raw) => raw.split(',').map((org) => org.trim()))
    .refine((orgs) => orgs.every((org) => org !== ''), '--orgs takes org ids separated by commas, e.g. --orgs acme,beta')
    .optional(),
  quiet: flagSwitch(),
});

const LIMITER_FLAGS = ['limiter', 'burst', 'retry-after', 'rate-limit-headers', 'rate-limit-status'] as const;

/** The flags that shape --rate-limit mean nothing without it, and --burst only for the token bucket. */
function combinationProblems(line: CommandLine): string[] {
  const { values } = line;
  const problems = line.positionals.length > 0 ? [`sandbox takes no arguments, got '${line.positionals.join(' ')}'`] : [];
  if (values['rate-limit'] === undefined) {
    return [...problems, ...LIMITER_FLAGS.filter((flag) => values[flag] !== undefined).map((flag) => `--${flag} needs --rate-limit N`)];
  }
  const limiter = values['limiter'];
  const knownLimiter = limiter === undefined || (LIMITER_KINDS as readonly unknown[]).includes(limiter);
  if (values['burst'] !== undefined && knownLimiter && limiter !== 'token-bucket') {
    problems.push(`--burst applies only to --limiter token-bucket, not ${typeof limiter === 'string' ? limiter : 'fixed (the default)'}`);
  }
  return problems;
}

type Parsed = z.output<typeof sandboxFlags>;

/** The flags given, by startSandbox()'s names; those not given are left out, so its defaults apply. */
function serverOptions(values: Parsed): SandboxServerConfig {
  const given = {
    host: values.host,
    token: values.token,
    statePath: values.state,
    dates: values.dates,
    latencyMs: values.latency,
    failRate: values['fail-rate'],
    failAfterCommit: values['fail-after-commit'],
    rateLimit: values['rate-limit'],
    limiter: values.limiter,
    burst: values.burst,
    retryAfter: values['retry-after'],
    rateLimitHeaders: values['rate-limit-headers'],
    rateLimitStatus: values['rate-limit-status'],
    seed: values.seed,
    orgs: values.orgs,
  };
  return Object.freeze({ port: values.port, ...definedOnly(given) });
}

/** The entries that are set: with exactOptionalPropertyTypes, an option left out and one set to undefined differ. */
function definedOnly<T extends object>(object: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

export async function sandboxConfig(line: CommandLine): Promise<SandboxConfig> {
  const flags = fromZod(await sandboxFlags.safeParseAsync(line.values));
  const { flags: values } = settle(line, { flags }, combinationProblems(line));
  return Object.freeze({ options: serverOptions(values), quiet: values.quiet });
}
