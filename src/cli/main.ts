import { GLOBAL_FLAGS } from '../config/flags.js';
import { UsageError, type ExitCode } from '../errors.js';
import type { Io } from '../run/io.js';
import { packageVersion } from '../version.js';
import type { Command } from './command.js';
import { doctorCommand, exportCommand, importCommand, sandboxCommand, templateCommand, validateCommand, verifyCommand } from './index.js';
import { didYouMean } from './suggest.js';
import { topLevelHelp } from './top-help.js';

/**
 * Dispatches argv to a command and returns its exit status; cli.ts owns the process. Only the commands' light
 * descriptors are loaded here: a command's module (and every library it needs) loads when it runs.
 */

export const COMMANDS: readonly Command[] = [validateCommand, importCommand, exportCommand, verifyCommand, doctorCommand, sandboxCommand, templateCommand];

const NAMES = COMMANDS.map((command) => command.name);

/** -q, --no-color, -h, -v (and short groups of them, -qv): what may come before the command's name. */
function isGlobalFlag(arg: string): boolean {
  if (/^-[qhv]+$/.test(arg)) return true;
  return arg.startsWith('--') && Object.hasOwn(GLOBAL_FLAGS, arg.slice(2));
}

function unknownCommand(name: string): UsageError {
  return new UsageError(`Unknown command "${name}".${didYouMean(name, NAMES)}\nCommands: ${NAMES.join(', ')}. Run 'saleschat-bulk --help' for more.`);
}

/** A flag before the command's name that is not a global one. */
function misplacedFlag(arg: string): UsageError {
  const name = arg.replace(/^-+/, '').replace(/=.*$/s, '');
  if (COMMANDS.some((command) => Object.hasOwn(command.flags, name))) return new UsageError(`Option '${arg}' comes before the command: give the command first (saleschat-bulk <command> ${arg} ...).`);
  return new UsageError(`Unknown option '${arg}'.${didYouMean(name, Object.keys(GLOBAL_FLAGS), (flag) => `--${flag}`)}\nRun 'saleschat-bulk --help' for the commands and their flags.`);
}

/** What argv asks for: a command (with every other argument, global flags before its name included), help, or nothing. */
export type Located =
  | { readonly kind: 'command'; readonly command: Command; readonly argv: string[] }
  | { readonly kind: 'help'; readonly topic: string | undefined }
  | { readonly kind: 'none'; readonly flags: readonly string[] };

export function locateCommand(argv: readonly string[]): Located {
  const at = argv.findIndex((arg) => !isGlobalFlag(arg));
  const leading = argv.slice(0, at < 0 ? argv.length : at);
  const name = at < 0 ? undefined : argv[at];
  if (name === undefined || name === '--') return { kind: 'none', flags: leading };
  if (name.startsWith('-')) throw misplacedFlag(name);
  const rest = argv.slice(at + 1);
  if (name === 'help') {
    const topics = rest.filter((arg) => !isGlobalFlag(arg));
    if (topics.length > 1) throw new UsageError(`help takes one command; got: ${topics.join(' ')}`);
    return { kind: 'help', topic: topics[0] };
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) throw unknownCommand(name);
  return { kind: 'command', command, argv: [...leading, ...rest] };
}

export async function main(argv: string[], io: Io): Promise<ExitCode> {
  const located = locateCommand(argv);
  if (located.kind === 'command') return located.command.run(located.argv, io);
  if (located.kind === 'help' && located.topic !== undefined) {
    const topic = located.topic;
    const command = COMMANDS.find((candidate) => candidate.name === topic);
    if (command === undefined) throw unknownCommand(topic);
    io.stdout.write(`${command.help}\n`);
    return 0;
  }
  const flags = located.kind === 'none' ? located.flags : [];
  const has = (short: string, long: string) => flags.some((arg) => arg === `--${long}` || (!arg.startsWith('--') && arg.includes(short)));
  if (has('v', 'version')) {
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  io.stdout.write(`${topLevelHelp(COMMANDS)}\n`);
  // `saleschat-bulk` alone (or with only -q) is a usage error that shows the help; `help` and `--help` ask for it.
  return located.kind === 'help' || has('h', 'help') ? 0 : 2;
}
