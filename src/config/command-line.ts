/** What cli/ hands config/: argv parsed against a command's flags, every value still as typed. */

export type FlagValue = string | boolean | readonly string[];

export interface CommandLine {
  /** The command's name, for messages ("validate needs an input file ..."). */
  readonly command: string;
  /** The arguments after the command's name, as given (import prints them back in its --resume advice). */
  readonly argv: readonly string[];
  /** By flag name (`dry-run`): a string, true for a switch, a list for a repeatable flag; absent when not given. */
  readonly values: Readonly<Record<string, FlagValue | undefined>>;
  readonly positionals: readonly string[];
  /** What the parser already found wrong (an unknown flag, a flag without its value): reported with the rest. */
  readonly problems: readonly string[];
}

/** The environment a command reads (SALESCHAT_TOKEN, SALESCHAT_ORG_ID, SALESCHAT_BASE_URL). */
export type Env = Readonly<Record<string, string | undefined>>;
