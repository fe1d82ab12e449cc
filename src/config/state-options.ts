import { isAbsolute, join, resolve } from 'node:path';
import { homedir } from 'node:os';
import type { CommandLine, Env } from './command-line.js';

/**
 * Where import keeps its sync state (what the API last confirmed per crm_id, one SQLite file per base URL + org):
 * - `off`: --no-state, neither read nor written;
 * - `memory`: --sandbox, whose sandbox is new and empty each run, so a state on disk would only lie next time;
 * - `dir`: --state-dir, else SALESCHAT_STATE_DIR, else $XDG_STATE_HOME/saleschat-bulk, else ~/.local/state/saleschat-bulk.
 */
export type StateConfig = { readonly kind: 'off' } | { readonly kind: 'memory' } | { readonly kind: 'dir'; readonly dir: string; readonly from: string };

export interface StateOptions {
  readonly state: StateConfig;
  /** --full: every row is sent as if nothing were known; what the API confirms is still recorded. */
  readonly full: boolean;
}

/** The XDG base directory spec: a relative $XDG_STATE_HOME is invalid and ignored. */
function defaultStateDir(env: Env): { dir: string; from: string } {
  const xdg = env['XDG_STATE_HOME'];
  if (xdg !== undefined && xdg !== '' && isAbsolute(xdg)) return { dir: join(xdg, 'saleschat-bulk'), from: '$XDG_STATE_HOME' };
  const home = env['HOME'] !== undefined && env['HOME'] !== '' ? env['HOME'] : homedir();
  return { dir: join(home, '.local', 'state', 'saleschat-bulk'), from: 'the default' };
}

export function checkStateOptions(values: CommandLine['values'], env: Env): { options: StateOptions; problems: string[] } {
  const problems: string[] = [];
  const full = values['full'] === true;
  const flagDir = values['state-dir'];
  if (flagDir !== undefined && (typeof flagDir !== 'string' || flagDir.trim() === '')) problems.push('--state-dir needs a directory.');
  if (values['no-state'] === true) {
    if (typeof flagDir === 'string') problems.push('--state-dir says where the sync state is, and --no-state not to use one: give one or the other.');
    return { options: Object.freeze({ state: Object.freeze({ kind: 'off' as const }), full }), problems };
  }
  if (values['sandbox'] === true) return { options: Object.freeze({ state: Object.freeze({ kind: 'memory' as const }), full }), problems };
  const fromEnv = env['SALESCHAT_STATE_DIR'];
  const chosen =
    typeof flagDir === 'string' && flagDir.trim() !== ''
      ? { dir: flagDir, from: '--state-dir' }
      : fromEnv !== undefined && fromEnv.trim() !== ''
        ? { dir: fromEnv, from: 'SALESCHAT_STATE_DIR' }
        : defaultStateDir(env);
  return { options: Object.freeze({ state: Object.freeze({ kind: 'dir' as const, dir: resolve(chosen.dir), from: chosen.from }), full }), problems };
}
