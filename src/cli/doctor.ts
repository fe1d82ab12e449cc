import { DEFAULTS } from '../config/defaults.js';
import { DOCTOR_FLAGS } from '../config/flags.js';
import { API_ROWS } from './api-help.js';
import { defineCommand } from './command.js';
import { GLOBAL_ROWS } from './input-help.js';

const DOCTOR_API_ROWS = API_ROWS.filter(([flag]) => ['--sandbox', '--base-url URL', '--org ID', '--token-file PATH'].includes(flag));

export const doctorCommand = defineCommand({
  name: 'doctor',
  summary: 'Check the base URL, token, org, clock and rate limit before a run.',
  usage: 'saleschat-bulk doctor [flags]',
  about: `Checks, with one read-only request (a look-up of a fictional phone number) and without changing anything,
    what import and export would use: the base URL answers as the SalesChat API (over TLS, or http to loopback);
    the token is accepted; the org is allowed; this machine's clock is within 30 s of the API's (a warning up to
    5 min, a failure past it); the rate-limit headers the API sends, if any. One line per check on standard output,
    each failing one saying what to do, then a summary line. The token is never printed.

    import, export and verify run the same request before their first row, and stop there (exit 2 or 3) if it fails.

    Exit status: 0 every check passed (warnings allowed), 2 bad configuration (wrong or unreachable URL, not the
    API, TLS, an expired token, a clock more than 5 min off, a missing token or org), 3 the API refused (401, 403,
    a 429 or 5xx that persists).`,
  sections: [
    {
      title: 'Flags',
      rows: [
        ...DOCTOR_API_ROWS,
        ['--timeout SECONDS', `wait this long for the answer (default ${DEFAULTS.doctorTimeoutSeconds})`],
        ...GLOBAL_ROWS,
      ],
    },
  ],
  examples: [
    { about: 'the API, token and org a run would use (SALESCHAT_TOKEN and SALESCHAT_ORG_ID set)', line: 'saleschat-bulk doctor' },
    { about: 'another org, waiting up to 10 s for the answer', line: 'saleschat-bulk doctor --org acme --timeout 10' },
    { about: 'a local sandbox started with saleschat-bulk sandbox (its token is sandbox-token)', line: 'saleschat-bulk doctor --base-url http://127.0.0.1:4010' },
    { about: 'an in-process sandbox: what a healthy API looks like', line: 'saleschat-bulk doctor --sandbox' },
  ],
  flags: DOCTOR_FLAGS,
  load: () => import('./doctor-run.js'),
});
