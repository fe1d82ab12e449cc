import type { CommandLine, Env } from '../config/command-line.js';
import type { FlagTable } from '../config/flags.js';
import type { ExitCode } from '../errors.js';
import type { Io } from '../run/io.js';
import { packageVersion } from '../version.js';
import { parseCommandLine } from './args.js';
import { exampleSection, flagSection, paragraphs, type Example, type FlagRow } from './help-format.js';

/**
 * One subcommand, in two halves: this light descriptor (name, help, flags), which main.ts loads for every run, and
 * the module with its `check` and `run`, loaded with import() only when the command runs, so that `--help` and
 * `--version` load no library. Only cli.ts ends the process.
 */

/** What a command's module holds: its config check (argv -> one frozen object, every problem at once) and its run. */
export interface CommandModule<Options> {
  check(line: CommandLine, env: Env): Promise<Options>;
  run(options: Options, io: Io): Promise<ExitCode>;
}

export interface Command {
  readonly name: string;
  /** One line for the top-level help. */
  readonly summary: string;
  /** The full text of `saleschat-bulk <name> --help`. */
  readonly help: string;
  /** The flags it takes (the global ones too, not listed here): what argv is parsed with and suggestions come from. */
  readonly flags: FlagTable;
  /** The Examples of its help, each a line that parses (test/cli/conventions.test.ts runs them through check). */
  readonly examples: readonly Example[];
  /** The argv after the command's name, checked as its run would: the frozen options, or the usage error. */
  check(argv: readonly string[], env: Env): Promise<unknown>;
  /** Parses argv, answers --help and --version, checks the rest, then runs. */
  run(argv: readonly string[], io: Io): Promise<ExitCode>;
}

export interface CommandSpec<Options> {
  readonly name: string;
  readonly summary: string;
  /** `Usage: <this>`. */
  readonly usage: string;
  /** What it does, in paragraphs (a blank line between). */
  readonly about: string;
  readonly sections: readonly { readonly title: string; readonly rows: readonly FlagRow[] }[];
  readonly examples: readonly Example[];
  readonly flags: FlagTable;
  readonly load: () => Promise<CommandModule<Options>>;
}

/** A command from its spec: the help laid out within 80 columns, and the module loaded on first use. */
export function defineCommand<Options>(spec: CommandSpec<Options>): Command {
  const help = [
    `Usage: ${spec.usage}`,
    paragraphs(spec.about),
    ...spec.sections.map((section) => flagSection(section.title, section.rows)),
    exampleSection(spec.examples),
  ].join('\n\n');
  const check = async (line: CommandLine, env: Env) => (await spec.load()).check(line, env);
  return {
    name: spec.name,
    summary: spec.summary,
    help,
    flags: spec.flags,
    examples: spec.examples,
    check: (argv, env) => check(parseCommandLine(spec.name, argv, spec.flags), env),
    async run(argv, io) {
      const line = parseCommandLine(spec.name, argv, spec.flags);
      if (line.values['version'] === true) {
        io.stdout.write(`${packageVersion()}\n`);
        return 0;
      }
      if (line.values['help'] === true) {
        io.stdout.write(`${help}\n`);
        return 0;
      }
      // Progress output reads NO_COLOR from the env it is given, as every tool that honours it does.
      const commandIo = line.values['no-color'] === true ? { ...io, env: { ...io.env, NO_COLOR: '1' } } : io;
      const module = await spec.load();
      return module.run(await module.check(line, commandIo.env), commandIo);
    },
  };
}
