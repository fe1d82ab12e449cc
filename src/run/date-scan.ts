import type { InputConfig } from '../config/index.js';
import type { HeaderMapping } from '../contacts/index.js';
import type { CsvSource } from '../io/index.js';
import type { Io } from './io.js';

/**
 * The date format a run reads opt-in dates with when --date-format was not given (and no preset set one): none
 * (ISO 8601, epoch and the unambiguous forms), or the slashed order the file's dates show. (Issue 14.)
 */
export function inferDateFormat(_config: InputConfig, _source: CsvSource, _mapping: HeaderMapping, _io: Io): Promise<string | undefined> {
  return Promise.resolve(undefined);
}
