import { z } from 'zod';
import { checkApi, type ApiConfig } from './api-options.js';
import type { CommandLine, Env } from './command-line.js';
import { DEFAULTS } from './defaults.js';
import { flagSwitch, oneOf } from './flag-schemas.js';
import { checkInput, type InputConfig } from './input-options.js';
import { fromZod, settle } from './problems.js';
import { checkStateOptions, type StateOptions } from './state-options.js';

/** One frozen, typed object per command, from its parsed command line and the environment; all problems at once. */

export type ValidateConfig = InputConfig;

export async function validateConfig(line: CommandLine): Promise<ValidateConfig> {
  return settle(line, { input: await checkInput(line) }).input;
}

export const IMPORT_MODES = ['upsert', 'create', 'update'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const PHONE_FORMATS = ['object', 'e164'] as const;
export type PhoneFormat = (typeof PHONE_FORMATS)[number];

export interface ImportSteps {
  readonly mode: ImportMode;
  readonly phoneFormat: PhoneFormat;
  readonly dryRun: boolean;
  /** With dryRun: look each valid row up (read-only) and plan create / update / unchanged / conflict. */
  readonly online: boolean;
  readonly resume: boolean;
}

export interface ImportConfig extends ImportSteps, StateOptions {
  readonly input: InputConfig;
  readonly api: ApiConfig;
  /** The command's arguments, to print the exact command that continues an interrupted run. */
  readonly argv: readonly string[];
}

const importFlags = z
  .object({
    mode: oneOf('mode', IMPORT_MODES).default(DEFAULTS.mode),
    'phone-format': oneOf('phone-format', PHONE_FORMATS).default(DEFAULTS.phoneFormat),
    'dry-run': flagSwitch(),
    online: flagSwitch(),
    resume: flagSwitch(),
  })
  .transform(
    (values): ImportSteps => ({ mode: values.mode, phoneFormat: values['phone-format'], dryRun: values['dry-run'], online: values.online, resume: values.resume }),
  );

/** --online adds look-ups to a dry run's plan: without --dry-run it would mean nothing (an import looks up anyway). */
function onlineProblems(values: CommandLine['values']): string[] {
  if (values['online'] !== true || values['dry-run'] === true) return [];
  return ['--online only goes with --dry-run (it plans each row from read-only look-ups): add --dry-run, or drop --online to import.'];
}

/** --resume continues sending into the results file of the earlier run: it fits neither a dry run, nor stdout, nor a sandbox. */
function resumeProblems(values: CommandLine['values']): string[] {
  if (values['resume'] !== true) return [];
  const problems: string[] = [];
  if (values['results'] === '-') problems.push('--resume reads the results file of the earlier run: give it with --results PATH (not -).');
  if (values['dry-run'] === true) problems.push('--resume continues sending and --dry-run sends nothing: use one or the other.');
  if (values['sandbox'] === true) {
    problems.push('--resume cannot continue a --sandbox run: each one starts an empty sandbox, so nothing it confirmed is still there. Run without --resume.');
  }
  return problems;
}

export async function importConfig(line: CommandLine, env: Env): Promise<ImportConfig> {
  const [input, api] = await Promise.all([checkInput(line), checkApi(line.values, env, { sends: line.values['dry-run'] !== true || line.values['online'] === true })]);
  const steps = fromZod(await importFlags.safeParseAsync(line.values));
  const state = checkStateOptions(line.values, env);
  const parts = settle(line, { input, steps, api }, [...resumeProblems(line.values), ...onlineProblems(line.values), ...state.problems]);
  return Object.freeze({ input: parts.input, api: parts.api, ...parts.steps, ...state.options, argv: Object.freeze([...line.argv]) });
}

export interface ExportConfig {
  readonly input: InputConfig;
  readonly api: ApiConfig;
  /** The export file, or "-" for standard output. */
  readonly out: string;
}

const exportOut = z
  .string({ error: 'export needs --out FILE for the export CSV (or --out - to write it to standard output).' })
  .refine((out) => out !== '', 'export needs --out FILE for the export CSV (or --out - to write it to standard output).');

export async function exportConfig(line: CommandLine, env: Env): Promise<ExportConfig> {
  const out = fromZod(exportOut.safeParse(line.values['out']));
  const [input, api] = await Promise.all([checkInput(line, { flag: '--out', out: out.ok ? out.value : undefined }), checkApi(line.values, env)]);
  return settle(line, { out, input, api });
}

/** template takes no flags of its own and no arguments. */
export type TemplateConfig = Readonly<Record<string, never>>;

export function templateConfig(line: CommandLine): TemplateConfig {
  const extra = line.positionals.join(' ');
  // `template contacts.csv` reads as "write the template there": say it prints to stdout instead of ignoring the name.
  const problems = extra === '' ? [] : [`template takes no arguments (got: ${extra}); it prints to standard output: saleschat-bulk template > contacts.csv`];
  settle(line, {}, problems);
  return Object.freeze({});
}
