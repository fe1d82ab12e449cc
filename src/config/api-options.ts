import { z } from 'zod';
import { isUsablePathSegment } from '../path-segment.js';
import { UsageError } from '../errors.js';
import { checkBaseUrl } from './base-url.js';
import type { Env, FlagValue } from './command-line.js';
import { DEFAULTS } from './defaults.js';
import { flagSwitch, parsedBy, positiveNumber, wholeNumber } from './flag-schemas.js';
import { fromZod, usageError, type Checked } from './problems.js';
import { readToken } from './token.js';

/** The API half of import and export: where requests go, as whom, how many at once, how patiently. */

export interface ApiConfig {
  readonly baseUrl: string;
  readonly token: string;
  readonly orgId: string;
  /** Run against the in-process sandbox (base URL and token are the sandbox's). */
  readonly sandbox: boolean;
  readonly concurrency: number;
  /** Hard cap on requests a second; undefined = no cap, adapt to 429s. */
  readonly rate: number | undefined;
  readonly retries: number;
  readonly timeoutMs: number;
  readonly maxErrors: number;
}

/** An org id is one path segment of every request: "." and ".." would change the path itself. */
function checkOrgId(orgId: string, source: string): string {
  if (orgId.trim() === '') throw new UsageError(`${source} is empty: give the organisation id.`);
  if (!isUsablePathSegment(orgId)) {
    throw new UsageError(`${source} "${orgId}" cannot be an organisation id: "." and ".." would change the request's path.`);
  }
  return orgId;
}

/** --base-url, else SALESCHAT_BASE_URL, else the published server; a message names where a bad one came from. */
function resolveBaseUrl(flag: string | undefined, fromEnv: string | undefined): string {
  if (flag !== undefined) return checkBaseUrl(flag, '--base-url');
  if (fromEnv !== undefined) return checkBaseUrl(fromEnv, 'SALESCHAT_BASE_URL');
  return DEFAULTS.baseUrl;
}

/** --org, else SALESCHAT_ORG_ID; a run that sends nothing may go without (it plans under the sandbox's org). */
function resolveOrgId(flag: string | undefined, fromEnv: string | undefined, offline: boolean): string {
  if (flag !== undefined) return checkOrgId(flag, '--org');
  if (fromEnv !== undefined) return checkOrgId(fromEnv, 'SALESCHAT_ORG_ID');
  if (offline) return DEFAULTS.sandboxOrg;
  throw new UsageError('No organisation id: set SALESCHAT_ORG_ID or pass --org ID.');
}

/**
 * The flags and environment of a run, as a schema: with --sandbox the URL and token are filled in once the sandbox
 * listens; a run that sends nothing (import --dry-run) needs no token or org, exactly as a sandbox run needs none.
 */
function apiSchema(env: Env, { sandbox, sends }: { sandbox: boolean; sends: boolean }) {
  const offline = sandbox || !sends;
  return z
    .object({
      'base-url': z.string().optional().transform(parsedBy((flag) => (sandbox ? '' : resolveBaseUrl(flag, env['SALESCHAT_BASE_URL'])))),
      'token-file': z.string().optional().transform(parsedBy((path) => (offline ? '' : readToken(path, env)))),
      org: z.string().optional().transform(parsedBy((flag) => resolveOrgId(flag, env['SALESCHAT_ORG_ID'], offline))),
      sandbox: flagSwitch(),
      concurrency: wholeNumber('concurrency', 1, 256).default(DEFAULTS.concurrency),
      rate: positiveNumber('rate').optional(),
      retries: wholeNumber('retries', 0, 20).default(DEFAULTS.retries),
      timeout: positiveNumber('timeout').default(DEFAULTS.timeoutSeconds),
      'max-errors': wholeNumber('max-errors', 1).default(DEFAULTS.maxErrors),
    })
    .transform(
      (values): ApiConfig =>
        Object.freeze({
          baseUrl: values['base-url'],
          token: values['token-file'],
          orgId: values.org,
          sandbox: values.sandbox,
          concurrency: values.concurrency,
          rate: values.rate,
          retries: values.retries,
          timeoutMs: values.timeout * 1000,
          maxErrors: values['max-errors'],
        }),
    );
}

/** The API half of a command's options, checked: every problem found, none thrown. */
export async function checkApi(
  values: Readonly<Record<string, FlagValue | undefined>>,
  env: Env,
  /** False for a run that sends nothing (import --dry-run): no token or org is needed to plan. */
  { sends = true }: { sends?: boolean } = {},
): Promise<Checked<ApiConfig>> {
  return fromZod(await apiSchema(env, { sandbox: values['sandbox'] === true, sends }).safeParseAsync(values));
}

/** checkApi, with its problems as one usage error. */
export async function resolveApiConfig(
  values: Readonly<Record<string, FlagValue | undefined>>,
  env: Env,
  options: { sends?: boolean } = {},
): Promise<ApiConfig> {
  const checked = await checkApi(values, env, options);
  if (!checked.ok) throw usageError(checked.problems);
  return checked.value;
}
