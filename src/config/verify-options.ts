import { checkApi, type ApiConfig } from './api-options.js';
import type { CommandLine, Env } from './command-line.js';
import { checkInput, defaultResultsPath, type InputConfig } from './input-options.js';
import { settle } from './problems.js';
import { checkStateOptions, type StateConfig } from './state-options.js';

/** `contacts.csv` -> `contacts.verify.csv`: beside the input, and not over the import's `contacts.results.csv`. */
export const VERIFY_RESULTS_SUFFIX = '.verify.csv';

export interface VerifyConfig {
  /** Read, mapped, checked and de-duplicated as import reads it; `results` defaults to <input>.verify.csv. */
  readonly input: InputConfig;
  readonly api: ApiConfig;
  /** The sync state to read known contact ids from and mark drifted contacts in (import's; --no-state, --state-dir). */
  readonly state: StateConfig;
}

export async function verifyConfig(line: CommandLine, env: Env): Promise<VerifyConfig> {
  const [input, api] = await Promise.all([checkInput(line), checkApi(line.values, env)]);
  const state = checkStateOptions(line.values, env);
  const parts = settle(line, { input, api }, state.problems);
  const results = line.values['results'] === undefined ? defaultResultsPath(parts.input.input, VERIFY_RESULTS_SUFFIX) : parts.input.results;
  return Object.freeze({ input: Object.freeze({ ...parts.input, results }), api: parts.api, state: state.options.state });
}
