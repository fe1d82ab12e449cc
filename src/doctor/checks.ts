import { clockSkew, describeSkew, judgeSkew, SKEW_FAIL_MS, SKEW_OK_MS } from '../api/clock-skew.js';
import type { ProbeAnswer } from '../api/probe.js';
import { describeProblem, probeProblem, problemCheck, problemExitCode, type ProbeProblem } from '../api/probe-verdict.js';
import { describeRateLimit } from './rate-limit-words.js';
import { tokenExpiry } from './token-expiry.js';

/**
 * doctor's checks, each read off the one probe's answer: pure, so every outcome is a table row in the tests.
 *
 * Exit statuses (CONTRACT.md): 2 for the configuration (URL, TLS, not the API, an expired token, a clock more than
 * 5 min off), 3 when the API refuses (401, 403, a 429 or 5xx twice, another refusal in its error shape). When both
 * kinds fail, 2 wins: the configuration is fixed first, and fixing it may end the refusal (a token that expired,
 * a clock that makes a valid token look expired).
 */

export type CheckName = 'URL' | 'token' | 'org' | 'API' | 'clock' | 'rate limit';

/** ok passes; warn passes with advice; FAIL fails with its exit status; skip could not be checked (an earlier check failed). */
export type CheckLevel = 'ok' | 'warn' | 'FAIL' | 'skip';

export interface DoctorCheck {
  readonly name: CheckName;
  readonly level: CheckLevel;
  /** What was found and, for warn and FAIL, what to do. Never the token. */
  readonly text: string;
  /** For FAIL: the exit status it asks for. */
  readonly exitCode?: 2 | 3;
}

export interface DoctorContext {
  /** Where the probe went, as the user named it (the sandbox's URL with --sandbox). */
  readonly baseUrl: string;
  readonly orgId: string;
  /** Read here for its exp only, never printed. */
  readonly token: string;
  /** Set with --sandbox: words for the URL line. */
  readonly sandbox: boolean;
  /** Local epoch ms, for the token's expiry. */
  readonly now: number;
}

const ok = (name: CheckName, text: string): DoctorCheck => ({ name, level: 'ok', text });
const warn = (name: CheckName, text: string): DoctorCheck => ({ name, level: 'warn', text });
const fail = (name: CheckName, text: string, exitCode: 2 | 3): DoctorCheck => ({ name, level: 'FAIL', text, exitCode });
const skip = (name: CheckName, why: string): DoctorCheck => ({ name, level: 'skip', text: `not checked: ${why}` });

function urlCheck(answer: ProbeAnswer, problem: ProbeProblem | undefined, context: DoctorContext): DoctorCheck {
  if (problem !== undefined && problemCheck(problem) === 'URL') return fail('URL', describeProblem(problem, context), 2);
  const how = context.baseUrl.startsWith('https:') ? 'over TLS' : 'over plain http (loopback only)';
  const took = answer.kind === 'answer' ? ` (${answer.receivedAt - answer.sentAt} ms)` : '';
  const what = context.sandbox ? `the local sandbox at ${context.baseUrl}` : context.baseUrl;
  return ok('URL', `${what} answers ${how}${took}`);
}

function tokenCheck(problem: ProbeProblem | undefined, context: DoctorContext): DoctorCheck {
  const expiry = tokenExpiry(context.token);
  const expired = expiry !== undefined && expiry <= context.now;
  const when = expiry === undefined ? '' : new Date(expiry).toISOString();
  if (expired) {
    const refused = problem?.kind === 'token' ? 'refused (401): it ' : '';
    return fail('token', `${refused}expired at ${when} (its exp, by this machine's clock): get a new token into SALESCHAT_TOKEN or --token-file`, 2);
  }
  if (problem?.kind === 'token') return fail('token', describeProblem(problem, context), 3);
  // A 403 is about the org: the token itself was accepted.
  if (problem !== undefined && problem.kind !== 'org') return skip('token', problemCheck(problem) === 'URL' ? 'the URL check failed' : 'the API did not answer the look-up');
  return ok('token', expiry === undefined ? 'accepted' : `accepted (expires at ${when})`);
}

function orgCheck(problem: ProbeProblem | undefined, context: DoctorContext): DoctorCheck {
  if (problem?.kind === 'org') return fail('org', describeProblem(problem, context), 3);
  if (problem?.kind === 'token') return skip('org', 'the token was refused');
  if (problem !== undefined) return skip('org', problemCheck(problem) === 'URL' ? 'the URL check failed' : 'the API did not answer the look-up');
  return ok('org', `${context.orgId} allowed`);
}

function clockCheck(answer: ProbeAnswer): DoctorCheck {
  if (answer.kind !== 'answer') return skip('clock', 'no answer to read the Date header from');
  const skew = clockSkew(answer.headers.get('date'), answer.sentAt, answer.receivedAt);
  if (skew === undefined) return ok('clock', 'not checked: the API sent no Date header');
  const off = `this machine's clock is ${describeSkew(skew)}`;
  switch (judgeSkew(skew)) {
    case 'ok':
      return ok('clock', `in step with the API's (within ${SKEW_OK_MS / 1000} s)`);
    case 'warn':
      return warn('clock', `${off}: sync it with NTP (e.g. timedatectl set-ntp true); runs still work up to ${SKEW_FAIL_MS / 60_000} min off`);
    case 'fail':
      return fail('clock', `${off}: sync it with NTP (e.g. timedatectl set-ntp true); tokens' expiry and Retry-After dates are read against it`, 2);
  }
}

function rateLimitCheck(answer: ProbeAnswer): DoctorCheck {
  if (answer.kind !== 'answer') return skip('rate limit', 'no answer to read the headers from');
  return ok('rate limit', describeRateLimit(answer.headers));
}

/** Every check, in the order doctor prints them. */
export function doctorChecks(answer: ProbeAnswer, context: DoctorContext): DoctorCheck[] {
  const problem = probeProblem(answer);
  const api = problem !== undefined && problemCheck(problem) === 'API' ? [fail('API', describeProblem(problem, context), problemExitCode(problem))] : [];
  return [urlCheck(answer, problem, context), ...api, tokenCheck(problem, context), orgCheck(problem, context), clockCheck(answer), rateLimitCheck(answer)];
}

/** 2 when a check of the configuration failed, else 3 when the API refused, else 0 (warnings pass). */
export function doctorExitCode(checks: readonly DoctorCheck[]): 0 | 2 | 3 {
  const codes = checks.flatMap((check) => (check.exitCode === undefined ? [] : [check.exitCode]));
  if (codes.includes(2)) return 2;
  return codes.includes(3) ? 3 : 0;
}
