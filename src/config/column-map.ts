import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';

/** The column overrides: `--map field=Header` (repeatable) and `--mapping-file map.json`, as field -> header. */

/** `--map` values as field -> header, with a line for each value that is not field=Header; the header may hold "=". */
export function readMapFlags(values: readonly string[]): { overrides: Record<string, string>; problems: string[] } {
  const overrides: Record<string, string> = {};
  const problems: string[] = [];
  for (const value of values) {
    const at = value.indexOf('=');
    const field = value.slice(0, at).trim();
    const header = value.slice(at + 1).trim();
    if (at < 0 || field === '' || header === '') {
      problems.push(`--map ${JSON.stringify(value)} is not field=Header (for example --map crm_id="Lead ID").`);
    } else if (Object.hasOwn(overrides, field)) {
      problems.push(`--map names ${field} more than once; give one header for it.`);
    } else {
      overrides[field] = header;
    }
  }
  return { overrides, problems };
}

/** `--map` values as field -> header; the first bad one is a UsageError. */
export function parseMapFlags(values: readonly string[]): Record<string, string> {
  const { overrides, problems } = readMapFlags(values);
  if (problems[0] !== undefined) throw new UsageError(problems[0]);
  return overrides;
}

/** `--mapping-file map.json`: a JSON object of field -> header, e.g. {"crm_id": "Lead ID"}. */
export async function loadMappingFile(path: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot be read';
    throw new UsageError(`Mapping file ${path}: ${why}.`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, '')); // editors on Windows like to add a BOM
  } catch (error) {
    throw new UsageError(`Mapping file ${path} is not valid JSON: ${(error as Error).message}.`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`Mapping file ${path} must hold a JSON object of field to header, e.g. {"crm_id": "Lead ID"}.`);
  }
  const overrides: Record<string, string> = {};
  for (const [field, header] of Object.entries(parsed)) {
    if (typeof header !== 'string' || header.trim() === '') {
      throw new UsageError(`Mapping file ${path}: the header for ${JSON.stringify(field)} must be a non-empty string.`);
    }
    overrides[field] = header;
  }
  return overrides;
}
