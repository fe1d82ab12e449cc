import { redact } from '../secrets.js';
import { compressedAs, readErrorBody } from './answers.js';
import type { ProbeAnswer } from './probe.js';

/**
 * What the probe's answer says about the configuration, as one problem (or none). Pure: doctor prints it as its
 * lines, the pre-flight of import and export throws it as the run's error. Every word taken from the answer or the
 * failure is redacted here, as ApiError does: doctor's lines go to stdout, which cli.ts does not redact.
 *
 * Exit statuses: 2 when the configuration is wrong (nothing answers at the URL, no answer in time, an untrusted
 * certificate, something that is not the API), 3 when the API answers and refuses (401, 403, a 429 or 5xx that
 * persists, another refusal in the API's own error shape), as CONTRACT.md's table says.
 */
export type ProbeProblem =
  | { readonly kind: 'unreachable'; readonly reason: string }
  | { readonly kind: 'timeout'; readonly timeoutMs: number }
  | { readonly kind: 'tls'; readonly reason: string }
  /** what: what came back instead of the API's answer, in words. */
  | { readonly kind: 'not-api'; readonly what: string }
  | { readonly kind: 'token' }
  | { readonly kind: 'org' }
  | { readonly kind: 'failing'; readonly status: number }
  | { readonly kind: 'refused'; readonly status: number; readonly message: string | undefined };

/** Which of doctor's checks a problem fails. */
export type ProbeCheck = 'URL' | 'token' | 'org' | 'API';

/** Statuses at the API's path that say the address is not the API: no such path, no such method. */
const NOT_THERE = new Set([404, 405]);

function looksLikeHtml(answer: Extract<ProbeAnswer, { kind: 'answer' }>): boolean {
  return /html/i.test(answer.headers.get('content-type') ?? '') || /^\s*</.test(answer.body);
}

/** A 2xx that is not the list of contacts the API answers with, described; undefined when it is one. */
function notAList(answer: Extract<ProbeAnswer, { kind: 'answer' }>): string | undefined {
  const coding = compressedAs(answer.headers);
  if (coding !== undefined) return `an answer compressed with ${coding}, though asked for uncompressed (HTTP ${answer.status})`;
  if (looksLikeHtml(answer)) return `an HTML page (HTTP ${answer.status})`;
  try {
    return Array.isArray(JSON.parse(answer.body)) ? undefined : `JSON that is not a list of contacts (HTTP ${answer.status})`;
  } catch {
    return `an answer that is not JSON (HTTP ${answer.status})`;
  }
}

function statusProblem(answer: Extract<ProbeAnswer, { kind: 'answer' }>): ProbeProblem | undefined {
  const { status } = answer;
  if (status >= 200 && status < 300) {
    const what = notAList(answer);
    return what === undefined ? undefined : { kind: 'not-api', what };
  }
  if (status === 401) return { kind: 'token' };
  if (status === 403) return { kind: 'org' };
  if (status === 429 || status >= 500) return { kind: 'failing', status };
  if (status >= 300 && status < 400) {
    // The server's words, as in ApiError: a login redirect may carry the token back in its query.
    const location = answer.headers.get('location');
    return { kind: 'not-api', what: `a redirect (HTTP ${status})${location ? ` to ${redact(location)}` : ''}` };
  }
  if (NOT_THERE.has(status)) return { kind: 'not-api', what: `HTTP ${status} at the API's path${looksLikeHtml(answer) ? ', as an HTML page' : ''}` };
  // Any other refusal counts as the API's only when it comes in the API's own error shape.
  const body = readErrorBody(answer.body);
  if (body === undefined) return { kind: 'not-api', what: `HTTP ${status}${looksLikeHtml(answer) ? ' as an HTML page' : ''}` };
  return { kind: 'refused', status, message: body.error_message === undefined ? undefined : redact(body.error_message) };
}

/** The problem the probe's answer shows, or undefined when the API answered the look-up as it should. */
export function probeProblem(answer: ProbeAnswer): ProbeProblem | undefined {
  switch (answer.kind) {
    case 'timeout':
      return { kind: 'timeout', timeoutMs: answer.timeoutMs };
    case 'too-large':
      return { kind: 'not-api', what: `an answer larger than ${answer.limit} (HTTP ${answer.status})` };
    case 'network':
      return answer.certificate ? { kind: 'tls', reason: redact(answer.reason) } : { kind: 'unreachable', reason: redact(answer.reason) };
    case 'answer':
      return statusProblem(answer);
  }
}

/** 2: the configuration is wrong; 3: the API refuses. */
export function problemExitCode(problem: ProbeProblem): 2 | 3 {
  return problem.kind === 'token' || problem.kind === 'org' || problem.kind === 'failing' || problem.kind === 'refused' ? 3 : 2;
}

/** The check a problem fails. */
export function problemCheck(problem: ProbeProblem): ProbeCheck {
  switch (problem.kind) {
    case 'token':
    case 'org':
      return problem.kind;
    case 'failing':
    case 'refused':
      return 'API';
    default:
      return 'URL';
  }
}

/** Where the run's requests go, for the words. */
export interface ProbeWhere {
  readonly baseUrl: string;
  readonly orgId: string;
}

/** The problem in words: what happened, then what to do. */
export function describeProblem(problem: ProbeProblem, where: ProbeWhere): string {
  const { baseUrl, orgId } = where;
  const url = '--base-url (or SALESCHAT_BASE_URL)';
  switch (problem.kind) {
    case 'unreachable':
      return `${baseUrl} does not answer (${problem.reason}): check ${url}, the network and any proxy`;
    case 'timeout':
      return `no answer from ${baseUrl} within ${problem.timeoutMs / 1000} s: check ${url}, the network and any firewall, or raise --timeout`;
    case 'tls':
      return `${baseUrl}: the server's TLS certificate is not trusted (${problem.reason}): check ${url}; behind a proxy with its own CA, set NODE_EXTRA_CA_CERTS to its certificate file`;
    case 'not-api':
      return `${baseUrl} does not look like the SalesChat API (${problem.what} to a look-up by phone number): check ${url}, e.g. https://apis.saleschat.pro`;
    case 'token':
      return 'the API refused the token (401): check SALESCHAT_TOKEN or --token-file (is it current, and for this API?)';
    case 'org':
      return `the API refused organisation ${orgId} (403): check --org (or SALESCHAT_ORG_ID) and the token's role`;
    case 'failing':
      return problem.status === 429
        ? 'the API is rate limiting this client (HTTP 429, twice in a row): try later, or after the other runs with this token end'
        : `the API is failing (HTTP ${problem.status}, twice in a row): try later`;
    case 'refused':
      return `the API refused a read-only look-up (HTTP ${problem.status}${problem.message ? `: ${problem.message}` : ''}): check --org and the token's role`;
  }
}
