import { describe, expect, it } from 'vitest';
import { resolveApiConfig } from '../../src/config/index.js';
import { UsageError } from '../../src/errors.js';

/** The org id is one segment of every request's path: empty, blank, "." and ".." are refused from either source. */

const TOKEN = { SALESCHAT_TOKEN: 'tok.en' };

describe('an org id that cannot be a path segment is a usage error naming where it came from', () => {
  it.each([
    ['--org', 'empty', '', /^--org is empty: give the organisation id\.$/],
    ['--org', 'white space only', '  \t', /^--org is empty/],
    ['--org', '"."', '.', /^--org "\." cannot be an organisation id: "\." and "\.\." would change the request's path\.$/],
    ['--org', '".."', '..', /^--org "\.\." cannot be an organisation id/],
    ['SALESCHAT_ORG_ID', 'empty', '', /^SALESCHAT_ORG_ID is empty/],
    ['SALESCHAT_ORG_ID', 'white space only', ' ', /^SALESCHAT_ORG_ID is empty/],
    ['SALESCHAT_ORG_ID', '"."', '.', /^SALESCHAT_ORG_ID "\." cannot be an organisation id/],
    ['SALESCHAT_ORG_ID', '".."', '..', /^SALESCHAT_ORG_ID "\.\." cannot be an organisation id/],
  ])('%s %s', async (source, _name, value, message) => {
    const flags = source === '--org' ? { org: value } : {};
    const env = source === '--org' ? { ...TOKEN, SALESCHAT_ORG_ID: 'ignored-when-the-flag-is-given' } : { ...TOKEN, SALESCHAT_ORG_ID: value };
    const config = resolveApiConfig(flags, env);
    await expect(config).rejects.toBeInstanceOf(UsageError);
    await expect(config).rejects.toThrow(message);
  });

  it.each([
    ['a run that sends', {}],
    ['a dry run', { sends: false }],
    ['a sandbox run', { sandbox: true }],
  ])('"--org .." is refused in %s too', async (_name, mode) => {
    const { sandbox, ...options } = mode as { sandbox?: boolean; sends?: boolean };
    await expect(resolveApiConfig({ org: '..', sandbox }, TOKEN, options)).rejects.toThrow(/--org "\.\." cannot be an organisation id/);
  });
});

describe('other org ids are kept as given (the client encodes them)', () => {
  it.each(['org-1', '...', '.hidden', 'a/b', '%2e%2e', ' padded '])('%j', async (org) => {
    expect((await resolveApiConfig({ org }, TOKEN)).orgId).toBe(org);
  });

  it('--org wins over SALESCHAT_ORG_ID', async () => {
    expect((await resolveApiConfig({ org: 'from-flag' }, { ...TOKEN, SALESCHAT_ORG_ID: 'from-env' })).orgId).toBe('from-flag');
  });
});
