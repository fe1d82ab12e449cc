import { DEFAULTS } from '../config/defaults.js';
import { SANDBOX_FLAGS } from '../config/flags.js';
import { defineCommand } from './command.js';
import { GLOBAL_ROWS } from './input-help.js';

export const sandboxCommand = defineCommand({
  name: 'sandbox',
  summary: 'Run a local simulator of the SalesChat contact API.',
  usage: 'saleschat-bulk sandbox [flags]',
  about: `Runs a local simulator of the SalesChat contact API (the five published operations, same paths, schemas and
    error codes) until stopped with Ctrl-C. Contacts are kept in memory, per org; any org id is accepted unless
    --orgs lists the allowed ones. Answers carry a Date header from the sandbox's clock. Known
    users: user-1 to user-5; groups: group-1, group-2.

    Also: GET /_sandbox/stats (request counters) and POST /_sandbox/reset (empty the store), no token needed.`,
  sections: [
    {
      title: 'Flags',
      rows: [
        ['--port N', `port to listen on (default ${DEFAULTS.sandboxPort}; 0 picks a free one)`],
        ['--host HOST', 'interface to listen on (default 127.0.0.1)'],
        ['--token TOKEN', 'the bearer token it accepts (default sandbox-token)'],
        ['--state FILE', 'load contacts from FILE on start, save them there on change and on exit'],
        ['--dates iso|epoch', 'dates in answers as RFC 3339 (default) or epoch-seconds strings'],
        ['--latency MS', 'add MS milliseconds (±20% jitter) to every request'],
        ['--fail-rate P', 'answer that share (0..1) of requests with 500, before doing anything'],
        ['--fail-after-commit P', 'store that share (0..1) of creates, then answer 500 or drop the connection'],
        ['--rate-limit N', 'answer 429 with Retry-After past N requests a second, all operations together; N may change over time: 200,100@8s,300@16s (100 from 8 s after start, 300 from 16 s)'],
        ['--limiter KIND', 'how --rate-limit counts: fixed (one-second windows, default), sliding (any one second ending now), token-bucket (N tokens a second, up to --burst), concurrency (N requests in flight at once)'],
        ['--burst B', 'token-bucket only: the most requests it admits at once (default N; 1 = evenly spaced)'],
        ['--retry-after STYLE', 'Retry-After of a --rate-limit 429: seconds (default), date (an HTTP-date) or none'],
        ['--rate-limit-status S', 'the status past --rate-limit: 429 (default), or 503 as nginx\'s limit_req answers unless told otherwise'],
        ['--rate-limit-headers STYLE', 'state the quota on every answer --rate-limit judged, 200 or 429: ietf (RateLimit-Policy and RateLimit, current IETF draft), legacy (RateLimit-Limit, -Remaining, -Reset in seconds), x (X-RateLimit-*, reset in epoch seconds) or none (default); --limiter concurrency sends none'],
        ['--seed N', 'seed for the faults, so a run can be repeated exactly'],
        ['--orgs A,B', 'allow only these org ids: any other is 403 (error_code 4030001) once the token is accepted (default: any org)'],
        ['-q, --quiet', 'no log line per request on stderr'],
        ...GLOBAL_ROWS.filter(([flag]) => flag !== '-q, --quiet'),
      ],
    },
  ],
  examples: [
    { about: `at http://127.0.0.1:${DEFAULTS.sandboxPort}, accepting the token sandbox-token`, line: 'saleschat-bulk sandbox' },
    { about: 'flaky and rate-limited, the same way on every run', line: 'saleschat-bulk sandbox --fail-rate 0.05 --rate-limit 20 --seed 7' },
    { about: 'a limit that drops from 200 to 50 requests a second after 10 s', line: 'saleschat-bulk sandbox --port 0 --rate-limit 200,50@10s --limiter sliding' },
    { about: 'a token allowed for one org only (try doctor --org other against it)', line: 'saleschat-bulk sandbox --orgs acme' },
  ],
  flags: SANDBOX_FLAGS,
  load: () => import('./sandbox-run.js'),
});
