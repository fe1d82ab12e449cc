import type { Command } from './command.js';
import type { Io } from '../run/io.js';
import { exportCommand, importCommand, sandboxCommand, templateCommand, validateCommand } from './index.js';
import type { ExitCode } from '../errors.js';
import { packageVersion } from '../version.js';

/** Dispatches argv to a command and returns its exit status; cli.ts owns the process. */

const commands: readonly Command[] = [validateCommand, importCommand, exportCommand, sandboxCommand, templateCommand];

function topLevelHelp(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    'saleschat-bulk: move contacts between CSV files and the SalesChat contact API.',
    '',
    'Usage: saleschat-bulk <command> [flags]',
    '',
    'Commands:',
    ...lines,
    '',
    "Run 'saleschat-bulk <command> --help' for a command's flags.",
    'Configuration: SALESCHAT_TOKEN (or --token-file), SALESCHAT_ORG_ID (or --org), SALESCHAT_BASE_URL (or --base-url).',
  ].join('\n');
}

export async function main(argv: string[], io: Io): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${topLevelHelp()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (command === undefined) {
    io.stderr.write(`Unknown command "${name}".\n\n${topLevelHelp()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.help}\n`);
    return 0;
  }
  return command.run(rest, io);
}
