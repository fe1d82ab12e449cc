import { INPUT_FLAGS, resolveInputConfig } from '../config/config.js';
import { runValidate } from '../validate/run-validate.js';
import { parseCommandArgs } from './args.js';
import type { Command } from './command.js';
import { INPUT_HELP } from './input-help.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check a contact CSV offline and write a results file: no request is sent.',
  help: [
    'Usage: saleschat-bulk validate <input> [flags]',
    '',
    'Reads <input> (a .csv, a .csv.gz, or - for standard input), maps its header, normalises and validates',
    'every row, de-duplicates by crm_id and writes one results row per input row. No network.',
    'Exit status: 0 every row valid, 1 some rows invalid or duplicate, 2 usage or input error, 130 interrupted.',
    '',
    INPUT_HELP,
  ].join('\n'),

  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('validate', argv, INPUT_FLAGS);
    return runValidate(resolveInputConfig('validate', values, positionals), io);
  },
};
