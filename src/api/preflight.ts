import { CliError, UsageError } from '../errors.js';
import { clockSkew, describeSkew, judgeSkew } from './clock-skew.js';
import { probe, type ProbeTarget } from './probe.js';
import { describeProblem, probeProblem, problemExitCode } from './probe-verdict.js';

/**
 * import's, export's and verify's quick check before their first row: doctor's one request. A wrong URL, a refused
 * token or org, an API that keeps failing (5xx; not 429, which the run's throttle handles) ends the run here, before any row is read or any output opened: exit 2 for the
 * configuration, 3 for the API's refusal. The request goes around the run's client, so the run's request figures
 * count rows' requests only (the sandbox's own counters see it).
 */
export async function preflight(target: ProbeTarget): Promise<string[]> {
  const answer = await probe(target);
  if (target.signal?.aborted) throw new CliError('interrupted before the first row: nothing sent.', 130);
  const problem = probeProblem(answer);
  // Rate limited now (another integration of the org, the night's other jobs): the run's throttle paces itself to
  // the limit, so a 429 is no reason to stop it. Whether the token and org are accepted, its first rows will say.
  if (problem?.kind === 'failing' && problem.status === 429) {
    return ['The API answered the check before the first row with 429 (rate limited): the run paces itself to the limit it finds.'];
  }
  if (problem !== undefined) {
    const message = `nothing sent: ${describeProblem(problem, target)}. Run 'saleschat-bulk doctor' with the same flags for every check.`;
    throw problemExitCode(problem) === 2 ? new UsageError(message) : new CliError(message, 3);
  }
  // A skewed clock does not stop the run (the API judged the token already), but it is worth a word.
  const skew = answer.kind === 'answer' ? clockSkew(answer.headers.get('date'), answer.sentAt, answer.receivedAt) : undefined;
  if (skew === undefined || judgeSkew(skew) === 'ok') return [];
  return [`This machine's clock is ${describeSkew(skew)}: sync it with NTP (Retry-After dates and token expiry are read against it).`];
}
