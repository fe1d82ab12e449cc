import { DEFAULTS } from '../config/defaults.js';
import type { FlagRow } from './help-format.js';

/** Help for the flags of the commands that talk to the API. */
export const API_ROWS: readonly FlagRow[] = [
  ['--sandbox', 'run against a local sandbox started in-process: nothing is sent to SalesChat'],
  ['--base-url URL', `default $SALESCHAT_BASE_URL, else ${DEFAULTS.baseUrl} (http:// only to loopback)`],
  ['--org ID', 'organisation id (default $SALESCHAT_ORG_ID)'],
  ['--token-file PATH', 'read the bearer token from a file (default: $SALESCHAT_TOKEN); never printed'],
  ['--concurrency N', `rows in flight at once (default ${DEFAULTS.concurrency})`],
  ['--rate N', 'at most N requests a second (default: no cap; a 429 slows the whole run)'],
  ['--retries N', `retries of a request that is safe to retry (default ${DEFAULTS.retries})`],
  ['--timeout SECONDS', `per request (default ${DEFAULTS.timeoutSeconds})`],
  ['--max-errors N', `abort (exit 3) after N failed rows in a row (default ${DEFAULTS.maxErrors})`],
];
