import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';

/** `--map field=Header` values (repeatable) as field -> header; the header may itself contain "=". */
export function parseMapFlags(values: string[]): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    const field = value.slice(0, at).trim();
    const header = value.slice(at + 1).trim();
    if (at < 0 || field === '' || header === '') {
      throw new UsageError(`--map ${JSON.stringify(value)} is not field=Header (for example --map crm_id="Lead ID").`);
    }
    if (Object.hasOwn(overrides, field)) throw new UsageError(`--map names ${field} more than once; give one header for it.`);
    overrides[field] = header;
  }
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
