import { KNOWN_GROUPS, KNOWN_USERS } from './directory.js';

export interface StartTextInput {
  url: string;
  token: string;
  /** Contacts loaded from the state file, with its path; undefined when state is in memory only. */
  state?: { path: string; contacts: number } | undefined;
  /** Active faults in words, e.g. `latency 200 ms ±20%`; empty when none. */
  faults: readonly string[];
}

/** Quotes a value for a POSIX shell only when it needs it. */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** What `saleschat-bulk sandbox` prints on start: where it is, who it knows, how to point import at it. */
export function formatStartText({ url, token, state, faults }: StartTextInput): string {
  return [
    `SalesChat sandbox listening on ${url}`,
    `  token:  ${token}`,
    `  users:  ${KNOWN_USERS.join(', ')}`,
    `  groups: ${KNOWN_GROUPS.join(', ')}`,
    `  state:  ${state ? `${state.path} (${state.contacts} contacts loaded)` : 'in memory (lost on exit; --state FILE keeps it)'}`,
    `  faults: ${faults.length > 0 ? faults.join(', ') : 'none'}`,
    `  stats:  ${url}/_sandbox/stats`,
    '',
    'Point import at it:',
    `  SALESCHAT_TOKEN=${shellQuote(token)} saleschat-bulk import contacts.csv --base-url ${url} --org demo-org`,
    '',
    'Stop with Ctrl-C.',
    '',
  ].join('\n');
}
