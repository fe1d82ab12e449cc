import { homedir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { checkStateOptions } from '../../src/config/state-options.js';

describe('where the sync state is', () => {
  it.each<[string, Record<string, string | boolean>, Record<string, string>, string]>([
    ['--state-dir first', { 'state-dir': '/flag' }, { SALESCHAT_STATE_DIR: '/env', XDG_STATE_HOME: '/xdg', HOME: '/home/me' }, '/flag'],
    ['then SALESCHAT_STATE_DIR', {}, { SALESCHAT_STATE_DIR: '/env', XDG_STATE_HOME: '/xdg', HOME: '/home/me' }, '/env'],
    ['then $XDG_STATE_HOME/saleschat-bulk', {}, { XDG_STATE_HOME: '/xdg', HOME: '/home/me' }, '/xdg/saleschat-bulk'],
    ['a relative XDG_STATE_HOME is ignored, as the spec says', {}, { XDG_STATE_HOME: 'xdg', HOME: '/home/me' }, '/home/me/.local/state/saleschat-bulk'],
    ['then ~/.local/state/saleschat-bulk', {}, { HOME: '/home/me' }, '/home/me/.local/state/saleschat-bulk'],
    ['with no HOME, the user database home', {}, {}, `${homedir()}/.local/state/saleschat-bulk`],
  ])('%s', (_name, values, env, dir) => {
    const { options, problems } = checkStateOptions(values, env);
    expect(problems).toEqual([]);
    expect(options.state).toMatchObject({ kind: 'dir', dir });
  });

  it('keeps a --sandbox run in memory, and --no-state off', () => {
    expect(checkStateOptions({ sandbox: true }, { HOME: '/h' }).options.state).toEqual({ kind: 'memory' });
    expect(checkStateOptions({ 'no-state': true, sandbox: true }, {}).options.state).toEqual({ kind: 'off' });
  });

  it('refuses --state-dir with --no-state, and an empty --state-dir', () => {
    expect(checkStateOptions({ 'no-state': true, 'state-dir': '/x' }, {}).problems).toEqual([expect.stringContaining('one or the other')]);
    expect(checkStateOptions({ 'state-dir': ' ' }, {}).problems).toEqual([expect.stringContaining('needs a directory')]);
  });

  it('reads --full', () => {
    expect(checkStateOptions({ full: true }, { HOME: '/h' }).options.full).toBe(true);
    expect(checkStateOptions({}, { HOME: '/h' }).options.full).toBe(false);
  });
});
