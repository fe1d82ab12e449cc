import { UsageError } from '../errors.js';
import type { Sandbox, SandboxOptions } from '../sandbox/index.js';
import { LIMITER_KINDS, parseRateSchedule, type LimiterKind, type RateSchedule } from '../sandbox/limiters/index.js';
import { RATE_LIMIT_HEADER_STYLES, RETRY_AFTER_STYLES, type RateLimitHeaderStyle, type RetryAfterStyle } from '../sandbox/options.js';
import { parseCommandArgs } from './args.js';
import type { Command } from './command.js';
import type { Io } from '../run/io.js';

/** The CLI's port, as CONTRACT.md says; the programmatic default is 0 (a free port). */
export const DEFAULT_CLI_PORT = 4010;

const help = `Usage: saleschat-bulk sandbox [flags]

Runs a local simulator of the SalesChat contact API (the five published operations,
same paths, schemas and error codes) until stopped with Ctrl-C. Contacts are kept
in memory, per org; any org id is accepted. Known users: user-1 to user-5; groups:
group-1, group-2.

Flags:
  --port N               port to listen on (default ${DEFAULT_CLI_PORT}; 0 picks a free one)
  --host HOST            interface to listen on (default 127.0.0.1)
  --token TOKEN          the bearer token it accepts (default sandbox-token)
  --state FILE           load contacts from FILE on start, save them there on change and on exit
  --dates iso|epoch      dates in answers as RFC 3339 (default) or epoch-seconds strings
  --latency MS           add MS milliseconds (±20% jitter) to every request
  --fail-rate P          answer that share (0..1) of requests with 500, before doing anything
  --fail-after-commit P  store that share (0..1) of creates, then answer 500 or drop the connection
  --rate-limit N         answer 429 with Retry-After past N requests a second, all operations
                         together; N may change over time: 200,100@8s,300@16s (100 from 8 s
                         after start, 300 from 16 s)
  --limiter KIND         how --rate-limit counts: fixed (one-second windows, default), sliding
                         (any one second ending now), token-bucket (N tokens a second, up to
                         --burst), concurrency (N requests in flight at once)
  --burst B              token-bucket only: the most requests it admits at once (default N;
                         1 = evenly spaced)
  --retry-after STYLE    Retry-After of a --rate-limit 429: seconds (default), date (an
                         HTTP-date) or none
  --rate-limit-headers STYLE
                         state the quota on every answer --rate-limit judged, 200 or 429:
                         ietf (RateLimit-Policy and RateLimit, current IETF draft), legacy
                         (RateLimit-Limit, -Remaining, -Reset in seconds), x (X-RateLimit-*,
                         reset in epoch seconds) or none (default); --limiter concurrency
                         sends none
  --seed N               seed for the faults, so a run can be repeated exactly
  --quiet                no log line per request on stderr
  -h, --help             this text

Also: GET /_sandbox/stats (request counters) and POST /_sandbox/reset (empty the store),
no token needed.
`;

const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  token: { type: 'string' },
  state: { type: 'string' },
  dates: { type: 'string' },
  latency: { type: 'string' },
  'fail-rate': { type: 'string' },
  'fail-after-commit': { type: 'string' },
  'rate-limit': { type: 'string' },
  limiter: { type: 'string' },
  burst: { type: 'string' },
  'retry-after': { type: 'string' },
  'rate-limit-headers': { type: 'string' },
  seed: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function numberFlag(flag: string, raw: string | undefined, ok: (n: number) => boolean, expected: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!ok(value)) throw new UsageError(`--${flag} must be ${expected}, got '${raw}'`);
  return value;
}

const isInt = (min: number, max = Number.MAX_SAFE_INTEGER) => (n: number) => Number.isInteger(n) && n >= min && n <= max;
const isShare = (n: number): boolean => Number.isFinite(n) && n >= 0 && n <= 1;

/** A plain N keeps today's message; anything with `,` or `@` is read as a schedule. */
function rateLimitFlag(raw: string | undefined): number | RateSchedule | undefined {
  if (raw === undefined || !/[,@]/.test(raw)) return numberFlag('rate-limit', raw, isInt(1), 'an integer >= 1 (requests a second)');
  const parsed = parseRateSchedule(raw);
  if (!parsed.ok) throw new UsageError(`--rate-limit must be N or a schedule like 200,100@8s,300@16s, got '${raw}': ${parsed.message}`);
  return parsed.schedule;
}

function choiceFlag<T extends string>(flag: string, raw: string | undefined, choices: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  if (!(choices as readonly string[]).includes(raw)) throw new UsageError(`--${flag} must be one of ${choices.join(', ')}, got '${raw}'`);
  return raw as T;
}

const LIMITER_FLAGS = ['limiter', 'burst', 'retry-after', 'rate-limit-headers'] as const;

/** The flags that shape --rate-limit mean nothing without it, and --burst only for the token bucket. */
function checkLimiterFlags(values: { 'rate-limit'?: string | undefined } & Partial<Record<(typeof LIMITER_FLAGS)[number], string | undefined>>): void {
  const orphan = LIMITER_FLAGS.find((flag) => values[flag] !== undefined);
  if (values['rate-limit'] === undefined && orphan !== undefined) throw new UsageError(`--${orphan} needs --rate-limit N`);
  if (values.burst !== undefined && values.limiter !== 'token-bucket') {
    throw new UsageError(`--burst applies only to --limiter token-bucket, not ${values.limiter ?? 'fixed (the default)'}`);
  }
}

/** argv -> options for startSandbox (with `port` always set), or `help`. Throws UsageError on a bad flag. */
export function parseSandboxFlags(argv: string[]): { help: true } | { help: false; options: SandboxOptions & { port: number }; quiet: boolean } {
  const { values, positionals } = parseCommandArgs('sandbox', argv, FLAGS);
  if (values.help === true) return { help: true };
  if (positionals.length > 0) throw new UsageError(`sandbox takes no arguments, got '${positionals.join(' ')}'`);
  if (values.dates !== undefined && values.dates !== 'iso' && values.dates !== 'epoch') {
    throw new UsageError(`--dates must be iso or epoch, got '${values.dates}'`);
  }
  if (values.token !== undefined && (values.token === '' || /\s/.test(values.token))) {
    throw new UsageError('--token must be non-empty and contain no white space');
  }
  const options: SandboxOptions & { port: number } = {
    port: numberFlag('port', values.port, isInt(0, 65535), 'an integer from 0 to 65535') ?? DEFAULT_CLI_PORT,
  };
  const optional = {
    host: values.host,
    token: values.token,
    statePath: values.state,
    dates: values.dates,
    latencyMs: numberFlag('latency', values.latency, (n) => Number.isFinite(n) && n >= 0, 'a number of milliseconds >= 0'),
    failRate: numberFlag('fail-rate', values['fail-rate'], isShare, 'a share between 0 and 1, e.g. 0.1'),
    failAfterCommit: numberFlag('fail-after-commit', values['fail-after-commit'], isShare, 'a share between 0 and 1, e.g. 0.1'),
    rateLimit: rateLimitFlag(values['rate-limit']),
    limiter: choiceFlag<LimiterKind>('limiter', values.limiter, LIMITER_KINDS),
    burst: numberFlag('burst', values.burst, isInt(1), 'an integer >= 1 (1: no burst, requests evenly spaced)'),
    retryAfter: choiceFlag<RetryAfterStyle>('retry-after', values['retry-after'], RETRY_AFTER_STYLES),
    rateLimitHeaders: choiceFlag<RateLimitHeaderStyle>('rate-limit-headers', values['rate-limit-headers'], RATE_LIMIT_HEADER_STYLES),
    seed: numberFlag('seed', values.seed, isInt(0, 2 ** 32 - 1), 'an integer from 0 to 4294967295'),
  };
  checkLimiterFlags(values);
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(options, { [key]: value });
  return { help: false, options, quiet: values.quiet === true };
}

/** The simulator (ajv and the compiled OpenAPI schemas) loads only when a sandbox is started. */
const loadSandbox = () => import('../sandbox/index.js');

async function start(options: SandboxOptions & { port: number }): Promise<Sandbox> {
  const { SandboxError, startSandbox } = await loadSandbox();
  try {
    return await startSandbox(options);
  } catch (error) {
    if (error instanceof SandboxError && error.code === 'PORT_IN_USE') {
      throw new UsageError(`port ${options.port} is already in use: pick another with --port N, or --port 0 for a free one`, { cause: error });
    }
    if (error instanceof SandboxError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
}

const aborted = (signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));

export const sandboxCommand: Command = {
  name: 'sandbox',
  summary: 'Run a local simulator of the SalesChat contact API, to try import and export safely.',
  help,
  async run(argv: string[], io: Io) {
    const parsed = parseSandboxFlags(argv);
    if (parsed.help) {
      io.stdout.write(help);
      return 0;
    }
    const log = parsed.quiet ? undefined : (line: string) => void io.stderr.write(`${line}\n`);
    const sandbox = await start({ ...parsed.options, log });
    const statePath = parsed.options.statePath;
    const state = statePath === undefined ? undefined : { path: statePath, contacts: sandbox.store.count() };
    const { describeFaults, formatStartText } = await loadSandbox();
    io.stdout.write(formatStartText({ url: sandbox.url, token: sandbox.token, state, faults: describeFaults(parsed.options) }));
    await aborted(io.signal);
    await sandbox.close();
    io.stderr.write(`sandbox stopped${statePath === undefined ? '' : `; state saved to ${statePath}`}\n`);
    return 0;
  },
};
