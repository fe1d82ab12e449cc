import { maskPhone } from './phone.js';

/** `/v2/org/o/contact/pn/%2B14155552671` -> `/v2/org/o/contact/pn/+141*******71`: a log needs no full number. */
export function maskPath(pathname: string): string {
  return pathname.replace(/\/pn\/([^/]+)$/, (_, raw: string) => {
    let phone = raw;
    try {
      phone = decodeURIComponent(raw);
    } catch {
      // a malformed escape is logged masked as it came
    }
    return `/pn/${maskPhone(phone)}`;
  });
}

/** One line a request: method, path (phone masked), status and time taken. Headers, hence the token, never appear. */
export function formatLogLine(method: string, pathname: string, status: number | 'dropped', ms: number): string {
  return `sandbox ${method} ${maskPath(pathname)} ${status} ${ms.toFixed(1)}ms`;
}
