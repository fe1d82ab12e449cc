import { unescapeFormula } from '../io/escape-formula.js';
import { ownFileKind, type OwnFileKind } from '../io/own-files.js';
import { UsageError } from '../errors.js';
import { ADDITIONAL_PREFIX, REQUIRED_FIELDS } from './fields.js';
import type { ContactField, RawContact } from './fields.js';
import { matchAutomatically, reasonColumns, type Target } from './header-match.js';
import { additionalKey, canonicalField, listHeaders, matchKey, VALID_FIELDS } from './header-names.js';

export { loadMappingFile, parseMapFlags } from './map-overrides.js';

export interface HeaderMapping {
  /** canonical field -> column index in the record */
  columns: ReadonlyMap<ContactField, number>;
  /**
   * Fields more than one header feeds (a "Mobile" and a "Phone"): field -> the further columns, in order, read for a
   * row whose cell in `columns` is empty (header-aliases.ts says which fields, and in which order).
   */
  fallbacks: ReadonlyMap<ContactField, readonly number[]>;
  /** additional.<key> columns: key -> index */
  additional: ReadonlyArray<readonly [key: string, index: number]>;
  /** header cells that map to nothing (for the one warning) */
  ignored: string[];
  /** the header cell as the file spells it, for messages: label("phone_number") -> "Phone Number" */
  label(field: string): string;
  /** A column's header cell as the file spells it (trimmed): what a fallback column is called. */
  headerOf: (column: number) => string;
  /** This tool's export or results file, by its header; undefined for a user's file. */
  ownFile: OwnFileKind | undefined;
  /** A cell as its writer meant it: this tool's files undo their formula escape, a user's cells stay as they are. */
  readCell: (cell: string) => string;
}

export interface MapHeaderOptions {
  /** Fields the header must map; default the three a contact needs (export needs only phone_number). */
  required?: readonly ContactField[];
}

/**
 * Maps the header to fields: overrides (field -> exact header) first, then every other header by its own name or an
 * alias (header-match.ts). An override takes its header, and its field, away from automatic matching. The rejects
 * file's closing error_code and error_message are passed over without a word.
 */
export function mapHeader(
  header: string[],
  overrides: Readonly<Partial<Record<string, string>>> = {},
  options: MapHeaderOptions = {},
): HeaderMapping {
  const targets = new Map<Target, number>();
  for (const [fieldName, headerName] of Object.entries(overrides)) {
    if (headerName === undefined) continue;
    const target = overrideTarget(fieldName);
    if (targets.has(target)) throw new UsageError(`${target} is mapped more than once; give one header for it.`);
    targets.set(target, findHeader(header, headerName, target));
  }
  const ownFile = ownFileKind(header);
  const skip = new Set([...targets.values(), ...reasonColumns(header)]);
  const automatic = matchAutomatically(header, skip, new Set(targets.keys()), ownFile);
  for (const [target, index] of automatic.targets) targets.set(target, index);
  requireColumns(targets, header, options.required ?? REQUIRED_FIELDS);
  const ignored = automatic.ignoredAt.sort((a, b) => a - b).map((index) => header[index]?.trim() ?? '');
  return buildMapping(targets, automatic.fallbacks, header, ignored, ownFile);
}

function overrideTarget(fieldName: string): Target {
  const key = additionalKey(fieldName);
  const target = key === undefined ? canonicalField(fieldName) : (`${ADDITIONAL_PREFIX}${key}` as const);
  if (target === undefined) {
    throw new UsageError(`Cannot map ${JSON.stringify(fieldName)}: it is not a field this tool knows (valid fields: ${VALID_FIELDS}).`);
  }
  return target;
}

/** The header an override names: exactly as written, else by the lenient match (which must be unique). */
function findHeader(header: readonly string[], name: string, target: Target): number {
  const wanted = name.trim();
  const exact = header.findIndex((cell) => cell.trim() === wanted);
  if (exact >= 0) return exact;
  const key = matchKey(wanted);
  const matches = header.flatMap((cell, index) => (matchKey(cell) === key ? [index] : []));
  const [only] = matches;
  if (only !== undefined && matches.length === 1) return only;
  const why = matches.length === 0 ? 'no such header' : 'several headers match it; name one exactly';
  throw new UsageError(`Cannot map ${target} to ${JSON.stringify(wanted)}: ${why} (headers found: ${listHeaders(header)}).`);
}

function requireColumns(targets: ReadonlyMap<Target, number>, header: readonly string[], required: readonly ContactField[]): void {
  const missing = required.filter((field) => !targets.has(field));
  if (missing.length === 0) return;
  const one = missing.length === 1;
  const flags = missing.map((field) => `--map ${field}="<header>"`).join(' ');
  throw new UsageError(
    `Missing required column${one ? '' : 's'} ${missing.join(', ')} (headers found: ${listHeaders(header)}). ` +
      `Map ${one ? 'it' : 'them'} with ${flags}.`,
  );
}

const asWritten = (cell: string): string => cell;

function buildMapping(
  targets: ReadonlyMap<Target, number>,
  fallbacks: ReadonlyMap<ContactField, readonly number[]>,
  header: readonly string[],
  ignored: string[],
  ownFile: OwnFileKind | undefined,
): HeaderMapping {
  const columns = new Map<ContactField, number>();
  const additional: (readonly [string, number])[] = [];
  const labels = new Map<string, string>();
  for (const [target, index] of targets) {
    labels.set(target, header[index]?.trim() ?? target);
    if (target.startsWith(ADDITIONAL_PREFIX)) additional.push([target.slice(ADDITIONAL_PREFIX.length), index]);
    else columns.set(target as ContactField, index);
  }
  const readCell = ownFile === undefined ? asWritten : unescapeFormula;
  const headerOf = (column: number): string => header[column]?.trim() ?? '';
  return { columns, fallbacks, additional, ignored, label: (field) => labels.get(field) ?? field, headerOf, ownFile, readCell };
}

/**
 * One record's cells by field, as their writer meant them (mapping.readCell) and otherwise untouched (the schema
 * trims); a cell the record lacks stays absent. Runs once a row.
 */
export function rowToRawContact(fields: string[], mapping: HeaderMapping): RawContact {
  const raw: RawContact = { additional: {} };
  const { readCell } = mapping;
  // Map#forEach, not for...of: no entry array per column on the hot path.
  mapping.columns.forEach((index, field) => {
    const value = fields[index];
    if (value !== undefined) raw[field] = readCell(value);
  });
  // A field with fallbacks (a "Mobile" and a "Phone") takes the first of its cells that is not blank.
  mapping.fallbacks.forEach((_, field) => {
    const column = columnRead(fields, mapping, field);
    const value = column === undefined ? undefined : fields[column];
    if (value !== undefined) raw[field] = readCell(value);
  });
  for (const [key, index] of mapping.additional) {
    const value = fields[index];
    if (value !== undefined) raw.additional[key] = readCell(value);
  }
  return raw;
}

/**
 * The column a row's value for `field` comes from: its column in `columns`, else (for a field with fallbacks) the first
 * of them whose cell is not blank; undefined when the field has no column. All blank: the first column, as read.
 */
export function columnRead(fields: readonly string[], mapping: HeaderMapping, field: ContactField): number | undefined {
  const first = mapping.columns.get(field);
  const further = mapping.fallbacks.get(field);
  if (first === undefined || further === undefined || !isBlank(fields[first], mapping)) return first;
  return further.find((column) => !isBlank(fields[column], mapping)) ?? first;
}

const isBlank = (cell: string | undefined, mapping: HeaderMapping): boolean => cell === undefined || mapping.readCell(cell).trim() === '';
