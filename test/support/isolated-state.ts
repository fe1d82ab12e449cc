import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach } from 'vitest';

/**
 * Every test gets a sync state folder of its own (SALESCHAT_STATE_DIR, passed on by the CLI helpers): sandboxes
 * come and go on reused ports, and a state left by an earlier test would take its rows as already sent. It also
 * keeps tests out of the developer's ~/.local/state.
 */
const root = mkdtempSync(join(tmpdir(), 'saleschat-state-'));
let tests = 0;

beforeEach(() => {
  tests += 1;
  process.env['SALESCHAT_STATE_DIR'] = join(root, String(tests));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The variables a CLI run under test inherits besides its own: where its sync state goes. */
export function testEnv(): Record<string, string> {
  const dir = process.env['SALESCHAT_STATE_DIR'];
  return dir === undefined ? {} : { SALESCHAT_STATE_DIR: dir };
}
