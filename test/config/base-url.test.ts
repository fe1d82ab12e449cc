import { describe, expect, it } from 'vitest';
import { checkBaseUrl } from '../../src/config/base-url.js';
import { resolveApiConfig } from '../../src/config/index.js';
import { UsageError } from '../../src/errors.js';

/** The base URL: http(s) only, no credentials, query or fragment, and plain http:// only to this machine. */

describe('checkBaseUrl accepts', () => {
  it.each([
    ['https to any host', 'https://apis.saleschat.pro', 'https://apis.saleschat.pro'],
    ['a path prefix, trailing slashes dropped', 'https://gateway.example.com/saleschat/api//', 'https://gateway.example.com/saleschat/api'],
    ['an empty "?" (dropped)', 'https://apis.saleschat.pro/?', 'https://apis.saleschat.pro'],
    ['http to localhost', 'http://localhost:4010', 'http://localhost:4010'],
    ['http to LOCALHOST (host names are case-blind)', 'http://LOCALHOST:4010/', 'http://localhost:4010'],
    ['http to 127.0.0.1', 'http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
    ['http to anywhere in 127.0.0.0/8', 'http://127.45.6.7:4010', 'http://127.45.6.7:4010'],
    ['http to 127.1 (short for 127.0.0.1)', 'http://127.1:4010', 'http://127.0.0.1:4010'],
    ['http to ::1', 'http://[::1]:4010', 'http://[::1]:4010'],
    ['http to ::1 written in full', 'http://[0:0:0:0:0:0:0:1]:4010', 'http://[::1]:4010'],
    ['http to 127.0.0.1 mapped into IPv6', 'http://[::ffff:127.0.0.1]:4010', 'http://[::ffff:7f00:1]:4010'],
  ])('%s', (_name, value, expected) => {
    expect(checkBaseUrl(value)).toBe(expected);
  });
});

describe('checkBaseUrl refuses, saying why', () => {
  it.each([
    ['a DNS name that starts like a loopback address', 'http://127.0.0.1.nip.io:4010', /plain http:\/\/ to 127\.0\.0\.1\.nip\.io:4010: the token would travel in clear text/],
    ['a public host over http', 'http://apis.saleschat.pro', /plain http:\/\//],
    ['a private address over http', 'http://10.0.0.5:4010', /plain http:\/\//],
    ['the any-address 0.0.0.0 over http', 'http://0.0.0.0:4010', /plain http:\/\//],
    ['a private address mapped into IPv6', 'http://[::ffff:10.0.0.5]:4010', /plain http:\/\//],
    ['a link-local IPv6 address', 'http://[fe80::1]:4010', /plain http:\/\//],
    ['a name under localhost', 'http://api.localhost:4010', /plain http:\/\//],
    ['a host named like localhost', 'http://localhost.example.com', /plain http:\/\//],
    ['a query', 'https://apis.saleschat.pro/?key=abc', /holds a query \(\?\.\.\.\), which would replace the API's paths: give only the address, e\.g\. https:\/\/apis\.saleschat\.pro$/],
    ['a fragment', 'https://apis.saleschat.pro/api#v2', /holds a fragment \(#\.\.\.\).*e\.g\. https:\/\/apis\.saleschat\.pro\/api$/],
    ['a user and password', 'https://alice:hunter2pw@apis.saleschat.pro', /holds a user name or password before "@" \(not shown\)/],
    ['a user alone', 'https://alice@apis.saleschat.pro', /holds a user name or password/],
    ['credentials over http to loopback', 'http://alice:hunter2pw@127.0.0.1:4010', /holds a user name or password/],
    ['ftp', 'ftp://apis.saleschat.pro', /must be http\(s\):\/\/, got ftp:/],
    ['no scheme', 'apis.saleschat.pro', /"apis\.saleschat\.pro" is not a URL/],
    ['an unparseable URL with credentials', 'https://alice:hunter2pw@bad host', /^--base-url \(not shown: it holds "@"\) is not a URL/],
  ])('%s', (_name, value, reason) => {
    let thrown: unknown;
    try {
      checkBaseUrl(value);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    const { message } = thrown as UsageError;
    expect(message).toMatch(reason);
    expect(message).not.toContain('alice');
    expect(message).not.toContain('hunter2pw');
    expect(message).not.toContain('key=abc');
  });
});

it.each([
  ['clear text', 'http://127.0.0.1.nip.io:4010', /^Refusing plain http:\/\/ to 127\.0\.0\.1\.nip\.io:4010: .* Use https:\/\/ in SALESCHAT_BASE_URL/],
  ['credentials', 'https://alice:hunter2pw@apis.saleschat.pro', /^SALESCHAT_BASE_URL holds a user name or password/],
])('names SALESCHAT_BASE_URL when the URL came from there (%s)', async (_name, value, message) => {
  await expect(resolveApiConfig({}, { SALESCHAT_BASE_URL: value }, { sends: false })).rejects.toThrow(message);
});
