import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { UsageError } from '../errors.js';

/** The API's base URL, checked once: where the token may be sent. */

const LOOPBACK_ADDRESSES = new BlockList();
LOOPBACK_ADDRESSES.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK_ADDRESSES.addAddress('::1', 'ipv6');
LOOPBACK_ADDRESSES.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

/** True for a host that is this machine: `localhost`, 127.0.0.0/8, ::1, or 127.0.0.0/8 mapped into IPv6. */
function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost') return true;
  // URL has already normalised the host: IPv4 to dotted decimal (127.1 -> 127.0.0.1), IPv6 to its short form in [].
  if (isIPv4(hostname)) return LOOPBACK_ADDRESSES.check(hostname, 'ipv4');
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  return isIPv6(bare) && LOOPBACK_ADDRESSES.check(bare, 'ipv6');
}

/**
 * The API's root: http(s), no credentials, query or fragment (they would be sent, echoed or swallow the API's
 * path), and plain http:// only to loopback, so the token never travels in clear text. A path prefix is kept.
 */
export function checkBaseUrl(value: string, source = '--base-url'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // Whatever precedes an "@" may be a password: then the value is not shown.
    const shown = value.includes('@') ? '(not shown: it holds "@")' : `"${value}"`;
    throw new UsageError(`${source} ${shown} is not a URL (expected e.g. https://apis.saleschat.pro)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${source} must be http(s)://, got ${url.protocol}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new UsageError(`${source} holds a user name or password before "@" (not shown): remove it; the API takes only the token, from SALESCHAT_TOKEN or --token-file.`);
  }
  if (url.search !== '' || url.hash !== '') {
    const part = url.search !== '' ? 'a query (?...)' : 'a fragment (#...)';
    throw new UsageError(`${source} holds ${part}, which would replace the API's paths: give only the address, e.g. ${url.origin}${url.pathname.replace(/\/+$/, '')}`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new UsageError(
      `Refusing plain http:// to ${url.host}: the token would travel in clear text. Use https:// in ${source}, or http:// only to localhost, 127.x.x.x or [::1].`,
    );
  }
  // Rebuilt from its parts, so an empty "?" or "#" does not end up before the API's paths.
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
