import { DEFAULTS } from '../config/defaults.js';
import type { Command } from './command.js';
import { exampleSection, flagSection, type Example } from './help-format.js';

/** `saleschat-bulk --help`: the commands, the flags every command takes, the environment, examples. */

export const TOP_EXAMPLES: readonly Example[] = [
  { about: 'a starting point for a contact file', line: 'saleschat-bulk template > contacts.csv' },
  { about: 'check it offline; the verdicts go to contacts.results.csv', line: 'saleschat-bulk validate contacts.csv' },
  { about: 'import it into a local sandbox: nothing reaches SalesChat', line: 'saleschat-bulk import contacts.csv --sandbox' },
  { about: 'import it for real, with SALESCHAT_TOKEN and SALESCHAT_ORG_ID set', line: 'saleschat-bulk import contacts.csv' },
  { about: "a command's own flags and examples", line: 'saleschat-bulk help import' },
];

export function topLevelHelp(commands: readonly Command[]): string {
  return [
    'saleschat-bulk: move contacts between CSV files and the SalesChat contact API.',
    'Usage: saleschat-bulk <command> [flags]\n       saleschat-bulk help <command>',
    flagSection('Commands', commands.map((command) => [command.name, command.summary])),
    flagSection('Flags every command takes, anywhere on the line', [
      ['-q, --quiet', 'no progress or notices; the final summary is still printed'],
      ['--no-color', 'no colour in the output (as NO_COLOR=1 does)'],
      ['-h, --help', "this help; with a command, that command's"],
      ['-v, --version', 'the version'],
    ]),
    flagSection('Configuration of import and export', [
      ['SALESCHAT_TOKEN', 'the API token (or --token-file PATH); never printed'],
      ['SALESCHAT_ORG_ID', 'the organisation id (or --org ID)'],
      ['SALESCHAT_BASE_URL', `the API's address (or --base-url URL); default ${DEFAULTS.baseUrl}`],
    ]),
    exampleSection(TOP_EXAMPLES),
    "Run 'saleschat-bulk help <command>' for a command's flags.",
  ].join('\n\n');
}
