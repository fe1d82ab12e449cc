import type { OwnFileKind } from '../io/own-files.js';
import { REASON_COLUMNS } from '../io/rejects-writer.js';
import { UsageError } from '../errors.js';
import { ADDITIONAL_PREFIX } from './fields.js';
import type { ContactField } from './fields.js';
import { EACH_ROW_FIELDS, HEADER_ALIASES } from './header-aliases.js';
import { additionalKey, canonicalField, matchKey } from './header-names.js';

/** What a column feeds: a canonical field, or `additional.<key>`. */
export type Target = ContactField | `${typeof ADDITIONAL_PREFIX}${string}`;

/** How a header feeds a target by itself: `rank` orders one target's headers (lowest first); `alone` takes the target whatever else the file has. */
export interface AutomaticMatch {
  target: Target;
  rank: number;
  alone: boolean;
}

/** Where a field's own name stands among its aliases when the alias list does not place it: first. */
const OWN_NAME_RANK = -1;

const ALIAS_BY_KEY: ReadonlyMap<string, { field: ContactField; rank: number }> = new Map(
  Object.entries(HEADER_ALIASES).flatMap(([field, names]) => names.map((name, rank) => [matchKey(name), { field: field as ContactField, rank }] as const)),
);

/**
 * The field a header names as itself. contact_id only as `contact_id` (any case): a CRM's "Contact ID" is its own
 * record id, sent as SalesChat's contact_id it would make every update a 404 (header-aliases.ts makes it crm_id).
 */
function ownNameField(cell: string): ContactField | undefined {
  const field = canonicalField(cell);
  if (field === 'contact_id' && cell.trim().toLowerCase() !== field) return undefined;
  return field;
}

/** What a header feeds by itself (its own name, an alias, or `additional.<key>`), or undefined for a column nothing reads. */
export function automaticMatch(cell: string, ownFile: OwnFileKind | undefined): AutomaticMatch | undefined {
  const key = additionalKey(cell);
  if (key !== undefined) return { target: `${ADDITIONAL_PREFIX}${key}`, rank: 0, alone: true };
  const own = ownNameField(cell);
  if (own !== undefined) {
    // Spelled exactly as the field, the column was written for this tool: no alias may stand in for it.
    return { target: own, rank: ALIAS_BY_KEY.get(matchKey(cell))?.rank ?? OWN_NAME_RANK, alone: cell.trim().toLowerCase() === own };
  }
  // This tool's export file names SalesChat's contact id `id`, so an export feeds back to import as it is.
  if (ownFile === 'export' && matchKey(cell) === 'id') return { target: 'contact_id', rank: 0, alone: false };
  const alias = ALIAS_BY_KEY.get(matchKey(cell));
  return alias === undefined ? undefined : { target: alias.field, rank: alias.rank, alone: false };
}

/**
 * The rejects file's last two columns, error_code and error_message (io/rejects-writer.ts): when such a file is fixed
 * and fed back they are this tool's own words about each row, read by no field and not worth a warning.
 */
export function reasonColumns(header: readonly string[]): number[] {
  const start = header.length - REASON_COLUMNS.length;
  if (start < 0 || !REASON_COLUMNS.every((name, i) => header[start + i]?.trim() === name)) return [];
  return REASON_COLUMNS.map((_, i) => start + i);
}

export interface AutomaticColumns {
  targets: Map<Target, number>;
  /** EACH_ROW_FIELDS that more than one header feeds: the columns after the first, in order. */
  fallbacks: Map<ContactField, number[]>;
  /** Columns that feed nothing, or lost their target to a better header or an override. */
  ignoredAt: number[];
}

/**
 * Maps every header not in `skip` by itself. Of one target's headers the lowest rank wins (one that must stand `alone`
 * wins outright); the others become the target's fallbacks if it is an EACH_ROW_FIELD, else are ignored. Two headers
 * of the same rank ("phone_number" and "Phone Number") are a usage error: which one is meant is the user's to say.
 */
export function matchAutomatically(
  header: readonly string[],
  skip: ReadonlySet<number>,
  overridden: ReadonlySet<Target>,
  ownFile: OwnFileKind | undefined,
): AutomaticColumns {
  const candidates = new Map<Target, { index: number; match: AutomaticMatch }[]>();
  const ignoredAt: number[] = [];
  header.forEach((cell, index) => {
    if (skip.has(index)) return;
    const match = automaticMatch(cell, ownFile);
    if (match === undefined || overridden.has(match.target)) {
      if (cell.trim() !== '') ignoredAt.push(index);
      return;
    }
    const others = candidates.get(match.target) ?? [];
    const rival = others.find((other) => other.match.rank === match.rank);
    if (rival !== undefined) {
      const target = match.target;
      throw new UsageError(
        `Headers ${JSON.stringify(header[rival.index]?.trim())} and ${JSON.stringify(cell.trim())} both map to ${target}: ` +
          `rename one, or choose with --map ${target}="<header>".`,
      );
    }
    candidates.set(match.target, [...others, { index, match }]);
  });
  const targets = new Map<Target, number>();
  const fallbacks = new Map<ContactField, number[]>();
  for (const [target, found] of candidates) {
    found.sort((a, b) => a.match.rank - b.match.rank);
    const alone = found.find((candidate) => candidate.match.alone);
    const [first, ...rest] = alone === undefined ? found : [alone, ...found.filter((candidate) => candidate !== alone)];
    if (first === undefined) continue;
    targets.set(target, first.index);
    const restAt = rest.map((candidate) => candidate.index);
    if (alone === undefined && restAt.length > 0 && EACH_ROW_FIELDS.has(target as ContactField)) fallbacks.set(target as ContactField, restAt);
    else ignoredAt.push(...restAt);
  }
  return { targets, fallbacks, ignoredAt };
}
