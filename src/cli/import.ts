import { API_FLAGS, INPUT_FLAGS, resolveApiConfig, resolveInputConfig } from '../config/config.js';
import { UsageError } from '../errors.js';
import { refuseOverUnfinishedImport } from '../run/previous-results.js';
import { runImport, type ImportOptions } from '../import/run-import.js';
import { parseCommandArgs } from './args.js';
import type { Command } from './command.js';
import { API_HELP } from './api-help.js';
import { INPUT_HELP } from './input-help.js';

const IMPORT_FLAGS = {
  ...INPUT_FLAGS,
  ...API_FLAGS,
  mode: { type: 'string' },
  'phone-format': { type: 'string' },
  'dry-run': { type: 'boolean' },
  resume: { type: 'boolean' },
} as const;

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} takes ${allowed.join(', ')}; got "${value}"`);
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Validate a contact CSV, then create/update, disposition and assign every valid row through the API.',
  help: [
    'Usage: saleschat-bulk import <input> [flags]',
    '',
    'Validates <input> as `validate` does, then pushes every valid row: the contact step (create; update on',
    '409 in upsert mode), then the disposition step when `stage` is given, then the assign step when `user_id`',
    'or `group_id` is given. Writes one results row per input row, in input order, as rows finish.',
    '',
    'Import:',
    '  --mode upsert|create|update  upsert (default): create, or update the contact that has this crm_id;',
    '                               create: create only (an existing contact is left as is: action "exists");',
    '                               update: update by contact_id, or find by phone number and crm_id',
    '  --phone-format object|e164   phone_number as the published PhoneNumber object (default) or "+14155552671"',
    '  --dry-run                    validate and write the planned steps of each row; send nothing',
    '  --resume                     continue an earlier run into the same --results file: a row it confirmed',
    '                               ok with the same content is not sent again; every other row is',
    '',
    API_HELP,
    '',
    INPUT_HELP,
  ].join('\n'),

  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('import', argv, IMPORT_FLAGS);
    const input = resolveInputConfig('import', values, positionals);
    if (values.resume === true) {
      if (input.results === '-') throw new UsageError('--resume reads the results file of the earlier run: give it with --results PATH (not -).');
      if (values['dry-run'] === true) throw new UsageError('--resume continues sending and --dry-run sends nothing: use one or the other.');
      if (values.sandbox === true) {
        throw new UsageError('--resume cannot continue a --sandbox run: each one starts an empty sandbox, so nothing it confirmed is still there. Run without --resume.');
      }
    }
    if (values['dry-run'] === true) await refuseOverUnfinishedImport(input.results);
    const api = await resolveApiConfig(values, io.env, { sends: !(values['dry-run'] ?? false) });
    const options: ImportOptions = {
      input,
      api,
      mode: oneOf('mode', values.mode, ['upsert', 'create', 'update'] as const, 'upsert'),
      phoneFormat: oneOf('phone-format', values['phone-format'], ['object', 'e164'] as const, 'object'),
      dryRun: values['dry-run'] ?? false,
      resume: values.resume ?? false,
      argv,
    };
    return runImport(options, io);
  },
};
