import { createHash } from 'node:crypto';
import { join } from 'node:path';

/**
 * Where the sync state of one API and org lives. One file per base URL + org, so a state never answers for
 * another account; the name starts readable (host, org) for a person listing the folder, and ends with a hash
 * of the exact identity, so two identities that read alike still get two files.
 */

/** Whose contacts a state records: the API (its checked base URL) and the org. */
export interface StateIdentity {
  baseUrl: string;
  orgId: string;
}

/** Longest readable part of a name; the hash keeps it unique, this only keeps it short. */
const SLUG_MAX = 60;

/** The host (and port) of the base URL, or the whole value if it is not a URL. */
function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/**
 * Only [A-Za-z0-9._-]: an org id comes from a flag or a config file and may hold "/", "..", NUL or anything else.
 * Accents are dropped first (café -> cafe), so a name stays readable; whatever else is left becomes "_".
 */
function sanitise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** Never hidden (no leading "."), so never "." or "..", never empty, never longer than SLUG_MAX. */
function slugOf(identity: StateIdentity): string {
  const slug = sanitise(`${hostOf(identity.baseUrl)}_${identity.orgId}`).replace(/^\.+/, '').slice(0, SLUG_MAX);
  return slug === '' ? 'state' : slug;
}

/** The state file for a base URL + org inside `dir`: `<dir>/<slug>-<12 hex of sha256(baseUrl + "\n" + orgId)>.sqlite`. */
export function stateFilePath(dir: string, identity: StateIdentity): string {
  const hash = createHash('sha256').update(`${identity.baseUrl}\n${identity.orgId}`).digest('hex').slice(0, 12);
  return join(dir, `${slugOf(identity)}-${hash}.sqlite`);
}
