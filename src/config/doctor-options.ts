import { checkApi } from './api-options.js';
import type { CommandLine, Env } from './command-line.js';
import { DEFAULTS } from './defaults.js';
import { settle } from './problems.js';

/** doctor's options: where the API is, as whom, for which org, how long to wait. */
export interface DoctorConfig {
  readonly baseUrl: string;
  /** Sent only in the Authorization header; read for its expiry; never printed. */
  readonly token: string;
  readonly orgId: string;
  /** Check an in-process sandbox instead (its URL and token). */
  readonly sandbox: boolean;
  readonly timeoutMs: number;
}

/** The API flags import takes, checked by the same rules (a missing token or org is a usage error, exit 2); --timeout defaults shorter. */
export async function doctorConfig(line: CommandLine, env: Env): Promise<DoctorConfig> {
  const extra = line.positionals.join(' ');
  const problems = extra === '' ? [] : [`doctor takes no arguments (got: ${extra}); it checks the API that import and export would use.`];
  const { api } = settle(line, { api: await checkApi(line.values, env) }, problems);
  const timeoutMs = line.values['timeout'] === undefined ? DEFAULTS.doctorTimeoutSeconds * 1000 : api.timeoutMs;
  return Object.freeze({ baseUrl: api.baseUrl, token: api.token, orgId: api.orgId, sandbox: api.sandbox, timeoutMs });
}
