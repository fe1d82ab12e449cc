import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { client, contactBody, ORG, PHONE, start } from './helpers.js';

/** The sandbox's --orgs (403 for any other org, once the token is accepted) and its Date header from its clock. */

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('orgs', () => {
  it.each([
    ['an allowed org', ORG, 'sandbox-token', 200],
    ['another org', 'other-org', 'sandbox-token', 403],
    ['another org with a wrong token: 401 first', 'other-org', 'wrong', 401],
  ])('%s -> %i', async (_name, org, token, status) => {
    sandbox = await start({ orgs: [ORG, 'second-org'] });
    const reply = await client(sandbox, token).request('GET', `/v2/org/${org}/contact/pn/${encodeURIComponent(PHONE)}`);
    expect(reply.status).toBe(status);
    if (status === 403) expect(reply.body).toMatchObject({ error_code: 4030001, error_message: 'FORBIDDEN' });
  });

  it('refuses a write to another org too, and stores nothing', async () => {
    sandbox = await start({ orgs: [ORG] });
    const reply = await client(sandbox).request('POST', '/v2/org/other-org/contact', contactBody());
    expect(reply.status).toBe(403);
    expect(sandbox.store.count()).toBe(0);
  });

  it('rejects an empty org id in the option', async () => {
    await expect(start({ orgs: [''] })).rejects.toThrow(/orgs must be a list of non-empty org ids/);
  });
});

describe('the Date header', () => {
  it.each([
    ['the wall clock', 0],
    ['a clock 10 min ahead', 600_000],
    ['a clock 2 min behind', -120_000],
  ])('reads %s', async (_name, offset) => {
    sandbox = await start({ clock: () => Date.now() + offset });
    const reply = await client(sandbox).request('GET', `/v2/org/${ORG}/contact/pn/${encodeURIComponent(PHONE)}`);
    const date = Date.parse(reply.headers.get('date') ?? '');
    expect(Math.abs(date - (Date.now() + offset))).toBeLessThan(2_000);
  });
});
