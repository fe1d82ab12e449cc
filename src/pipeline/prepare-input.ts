import type { InputConfig } from '../config.js';
import { WORKERS_FROM_BYTES, defaultWorkerCount, inlineChecker, workerChecker, type Checker } from './checker.js';
import type { Io } from '../commands/command.js';
import { openCsv, type CsvSource } from '../csv/index.js';
import {
  createDeduper,
  findLastOccurrences,
  loadMappingFile,
  mapHeader,
  parseDefaultCountry,
  parseMapFlags,
  type CheckOptions,
  type Deduper,
  type HeaderMapping,
} from '../contacts/index.js';

/** The input opened and understood: records to read, how to map them, and what to check. */
export interface PreparedInput {
  source: CsvSource;
  mapping: HeaderMapping;
  deduper: Deduper;
  checkOptions: CheckOptions;
  /** Things a person should know before the run starts (ignored columns). */
  notices: string[];
  /** Checks batches of records, on worker threads for large inputs; close it when the run ends. */
  checker: Checker;
}

/** Worker threads for validation: --workers, else one per core for inputs large enough to be worth it. */
function workerCount(config: InputConfig, source: CsvSource): number {
  if (config.workers !== undefined) return config.workers;
  const large = source.totalBytes === undefined || source.totalBytes >= WORKERS_FROM_BYTES;
  return large ? defaultWorkerCount() : 0;
}

async function columnOverrides(config: InputConfig): Promise<Record<string, string>> {
  const fromFile = config.mappingFile === undefined ? {} : await loadMappingFile(config.mappingFile);
  return { ...fromFile, ...parseMapFlags([...config.mapFlags]) };
}

function csvOptions(config: InputConfig, io: Io) {
  return {
    stdin: io.stdin,
    ...(config.delimiter === undefined ? {} : { delimiter: config.delimiter }),
    ...(config.encoding === undefined ? {} : { encoding: config.encoding }),
  };
}

/** Opens the CSV, maps its header and sets up de-duplication; every usage error surfaces here, before anything is sent. */
export async function prepareInput(config: InputConfig, io: Io): Promise<PreparedInput> {
  const checkOptions: CheckOptions =
    config.defaultCountry === undefined ? {} : { defaultCountry: parseDefaultCountry(config.defaultCountry) };
  const overrides = await columnOverrides(config);
  const source = await openCsv(config.input, csvOptions(config, io));
  try {
    const mapping = mapHeader(source.header, overrides);
    const notices: string[] = [];
    if (mapping.ignored.length > 0) {
      const names = mapping.ignored.map((name) => `"${name}"`).join(', ');
      notices.push(`Ignoring ${mapping.ignored.length} column(s) SalesChat does not take: ${names}. Map one with --map field=Header.`);
    }
    let lastOccurrences: Map<string, number> | undefined;
    if (config.dedupe === 'last') {
      // --dedupe last needs to know each crm_id's last row before the first is decided: a first pass over the file.
      const crmIdIndex = mapping.columns.get('crm_id') ?? 0;
      const firstPass = await openCsv(config.input, csvOptions(config, io));
      try {
        lastOccurrences = await findLastOccurrences(firstPass.records, crmIdIndex);
      } finally {
        firstPass.close();
      }
    }
    const workers = workerCount(config, source);
    const checker =
      workers === 0
        ? inlineChecker(mapping, source.header.length, checkOptions)
        : workerChecker({ header: source.header, overrides, checkOptions }, workers);
    return { source, mapping, deduper: createDeduper(config.dedupe, lastOccurrences), checkOptions, notices, checker };
  } catch (error) {
    source.close();
    throw error;
  }
}
