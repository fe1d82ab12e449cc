import { parseArgs } from 'node:util';
import type { CommandLine, FlagValue } from '../config/command-line.js';
import { GLOBAL_FLAGS, type FlagTable } from '../config/flags.js';
import { didYouMean } from './suggest.js';

/**
 * argv against a command's flags and the global ones, node:util parseArgs style, without stopping at the first
 * problem: an unknown flag (with a suggestion), a flag without its value, a value given to a switch each become a
 * line of `problems`, which config/ reports with its own in one usage error.
 */
export function parseCommandLine(command: string, argv: readonly string[], flags: FlagTable): CommandLine {
  const known: FlagTable = { ...flags, ...GLOBAL_FLAGS };
  const { tokens } = parseArgs({ args: [...argv], options: known, allowPositionals: true, strict: false, tokens: true });
  const values: Record<string, FlagValue> = {};
  const positionals: string[] = [];
  const problems: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const flag = Object.hasOwn(known, token.name) ? known[token.name] : undefined;
    const shown = flag?.short === undefined ? `--${token.name}` : `-${flag.short}, --${token.name}`;
    if (flag === undefined) {
      const longNames = Object.keys(known);
      problems.push(`Unknown option '${token.rawName}'.${token.rawName.startsWith('--') ? didYouMean(token.name, longNames, (name) => `--${name}`) : ''}`);
    } else if (flag.type === 'boolean') {
      if (token.value === undefined) values[token.name] = true;
      else problems.push(`Option '${shown}' does not take an argument`);
    } else if (token.value === undefined) {
      problems.push(`Option '${shown} <value>' argument missing`);
    } else if (token.inlineValue === false && token.value.length > 1 && token.value.startsWith('-')) {
      // `--results -q` more likely forgot the path than meant a file named "-q".
      problems.push(`Option '${token.rawName}' argument is ambiguous: did you forget its value? A value that starts with a dash goes as '--${token.name}=${token.value}'.`);
    } else {
      const earlier = values[token.name];
      values[token.name] = flag.multiple === true ? [...(typeof earlier === 'object' ? earlier : []), token.value] : token.value;
    }
  }
  return { command, argv: [...argv], values, positionals, problems };
}
