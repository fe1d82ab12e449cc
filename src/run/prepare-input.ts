import type { InputConfig } from '../config/index.js';
import { WORKERS_FROM_BYTES, defaultWorkerCount, growingChecker, inlineChecker, workerChecker, type Checker, type CheckerSetup } from '../check/checker.js';
import { checkSummaryJsonPath } from './summary.js';
import type { Io } from './io.js';
import { checkOutputsDistinct, type NamedPath } from './output-paths.js';
import { openCsv, type CsvSource } from '../io/index.js';
import { UsageError } from '../errors.js';
import { choosePreset, withPreset } from '../contacts/presets.js';
import { mappingLines } from '../contacts/mapping-lines.js';
import { inferDateFormat } from './date-scan.js';
import {
  createDeduper,
  findLastOccurrences,
  mapHeader,
  type CheckOptions,
  type Deduper,
  type HeaderMapping,
  type MapHeaderOptions,
  type RowLookup,
} from '../contacts/index.js';

/** The input opened and understood: records to read, how to map them, and what to check. */
export interface PreparedInput {
  source: CsvSource;
  mapping: HeaderMapping;
  deduper: Deduper;
  checkOptions: CheckOptions;
  /** Things a person should know before the run starts (the preset, which header feeds which field, ignored columns). */
  notices: string[];
  /** Checks batches of records, on worker threads for large inputs; close it when the run ends. */
  checker: Checker;
}

export interface PrepareOptions extends MapHeaderOptions {
  /**
   * Start validation workers for a large file when --workers is not given. Offline validation is CPU-bound and
   * gains from them; import and export wait on the network, where a worker's ~50 MB would buy nothing.
   */
  automaticWorkers?: boolean;
  /** `slices` hands the text to the checker to parse (validate: parsing spreads over the workers too). */
  readAs?: 'records' | 'slices';
  /** How messages name config.results: "the results file" (default), or export's "--out". */
  resultsLabel?: string;
  /** Files the run writes beside the results (journal, lock): like every output, never the input or another output. */
  sidecars?: readonly NamedPath[];
  /**
   * An input already open instead of config.input (records handed over by code): read record by record, whatever
   * `readAs` says, as it has no text to slice; closed here if preparing fails.
   */
  source?: CsvSource;
}

/**
 * Where rows are checked: --workers, else (when automatic) one worker per core for a file large enough to be
 * worth it. Standard input has no size to judge by: its slices start on this thread and move to workers once
 * it proves large, so a one-row pipe does not wait for threads to start.
 */
function chooseChecker(config: InputConfig, source: CsvSource, options: { automatic: boolean; readAs: 'records' | 'slices' }, mapping: HeaderMapping, setup: CheckerSetup): Checker {
  if (config.workers !== undefined) return config.workers > 0 ? workerChecker(setup, config.workers) : inlineChecker(mapping, setup);
  if (!options.automatic) return inlineChecker(mapping, setup);
  if (source.totalBytes === undefined) {
    return options.readAs === 'slices' ? growingChecker(mapping, setup, defaultWorkerCount()) : inlineChecker(mapping, setup);
  }
  return source.totalBytes >= WORKERS_FROM_BYTES ? workerChecker(setup, defaultWorkerCount()) : inlineChecker(mapping, setup);
}

function csvOptions(config: InputConfig, io: Io, readAs: 'records' | 'slices' = 'records') {
  return {
    stdin: io.stdin,
    signal: io.signal,
    readAs,
    ...(config.delimiter === undefined ? {} : { delimiter: config.delimiter }),
    ...(config.encoding === undefined ? {} : { encoding: config.encoding }),
    ...(config.sheet === undefined ? {} : { sheet: config.sheet }),
  };
}

/**
 * Opens the CSV, maps its header and sets up de-duplication; every usage error surfaces here, before anything is sent.
 * `mapOptions` reaches every mapHeader, workers' too (export requires only phone_number).
 */
export async function prepareInput(config: InputConfig, io: Io, options: PrepareOptions = {}): Promise<PreparedInput> {
  const { automaticWorkers = false, readAs: asked = 'records', resultsLabel = 'the results file', sidecars = [], source: ready, ...mapOptions } = options;
  const readAs = ready === undefined ? asked : 'records';
  // The flags were read and checked in config/: what is left to check here is about the file (its header, its paths).
  let source = ready;
  try {
    if (config.summaryJson !== undefined) await checkSummaryJsonPath(config.summaryJson);
    source ??= await openCsv(config.input, csvOptions(config, io, readAs));
    await checkOutputsDistinct(source, [
      { what: resultsLabel, path: config.results },
      { what: '--rejects', path: config.rejects },
      { what: '--summary-json', path: config.summaryJson },
      ...sidecars,
    ]);
    const notices: string[] = [];
    // A preset (asked for, or recognised from the header) maps first; --mapping-file and --map win over it.
    const preset = choosePreset(config.preset, source.header);
    if (preset !== undefined) notices.push(preset.notice);
    const overrides = withPreset(preset, config.columnOverrides);
    const mapping = mapHeader(source.header, overrides, mapOptions);
    notices.push(...mappingLines(mapping));
    const reopen = ready === undefined ? () => openCsv(config.input, csvOptions(config, io)) : undefined;
    // Only the person's --date-format replaces the forms read by themselves (README, "Dates as your CRM writes them").
    // A preset's format is the tool's guess from the header, and the file's slashed order decides only slashed cells:
    // both are read beside those forms, so one slashed date does not turn a file's dotted or written dates invalid.
    const { dateFormat } = config;
    const impliedDateFormat = dateFormat === undefined ? await inferDateFormat(source, mapping, reopen, preset?.dateFormat) : undefined;
    if (preset?.dateFormat !== undefined && impliedDateFormat !== preset.dateFormat && impliedDateFormat !== undefined) {
      notices.push(`Its dates show the other order, so they are read as ${impliedDateFormat} (--date-format to choose).`);
    }
    const checkOptions: CheckOptions = {
      ...(config.defaultCountry === undefined ? {} : { defaultCountry: config.defaultCountry }),
      ...(dateFormat === undefined ? {} : { dateFormat }),
      ...(impliedDateFormat === undefined ? {} : { impliedDateFormat }),
      ...(config.timezone === undefined ? {} : { timezone: config.timezone }),
    };
    if (mapping.ignored.length > 0) {
      const names = mapping.ignored.map((name) => `"${name}"`).join(', ');
      notices.push(`Ignoring ${mapping.ignored.length} column(s) SalesChat does not take: ${names}. Map one with --map field=Header.`);
    }
    let lastOccurrences: RowLookup | undefined;
    if (config.dedupe === 'last') {
      // --dedupe last needs to know each crm_id's last row before the first is decided: a first pass over the file.
      if (ready !== undefined) {
        throw new UsageError(`--dedupe last reads the input twice, and ${source.name} can be read only once: use --dedupe first (the default) or off, or write them to a file first.`);
      }
      const crmIdIndex = mapping.columns.get('crm_id') ?? 0;
      const firstPass = await openCsv(config.input, csvOptions(config, io));
      try {
        lastOccurrences = await findLastOccurrences(firstPass.records, crmIdIndex, mapping.readCell);
      } finally {
        firstPass.close();
      }
    }
    const setup = { header: source.header, overrides, mapOptions, checkOptions, delimiter: source.delimiter, keepFields: config.rejects !== undefined };
    // What the source gives, not what was asked: a workbook has no text to slice.
    const checker = chooseChecker(config, source, { automatic: automaticWorkers, readAs: source.readAs }, mapping, setup);
    return { source, mapping, deduper: createDeduper(config.dedupe, lastOccurrences), checkOptions, notices, checker };
  } catch (error) {
    source?.close();
    throw error;
  }
}
