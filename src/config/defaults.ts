/**
 * Every default of a flag, once, each with why. Plain values with no imports: the help texts read them, and
 * `--help` must not load a library to print them.
 */
export const DEFAULTS = {
  /** The API's published server. */
  baseUrl: 'https://apis.saleschat.pro',
  /** Rows in flight at once. */
  concurrency: 8,
  /** Retries of a request that is safe to retry (network errors, timeouts, 429, 500, 502, 503, 504). */
  retries: 5,
  /** Seconds before one request is given up as TIMEOUT. */
  timeoutSeconds: 30,
  /** doctor's wait for its one request: it answers in seconds, and an API that takes longer is itself a finding. */
  doctorTimeoutSeconds: 5,
  /** Consecutive failed rows before the run aborts with exit 3. */
  maxErrors: 50,
  /** Org id used with --sandbox, or by a run that sends nothing, when none is given. */
  sandboxOrg: 'sandbox-org',
  /** Which row of a repeated crm_id is kept: the first, as a person reading the file top-down expects. */
  dedupe: 'first',
  /** Create, or update the contact that has the crm_id: a file can be imported again safely. */
  mode: 'upsert',
  /** phone_number as the PhoneNumber object the published schema types it as. */
  phoneFormat: 'object',
  /** The sandbox command's port, as CONTRACT.md says; startSandbox()'s own default is 0 (a free port). */
  sandboxPort: 4010,
} as const;
