import type { CommandLine } from './command-line.js';

/** One output flag and the path it was given ("-" is standard output). */
type OutputFlag = readonly [flag: string, path: unknown];

/** The outputs a command line names: export's --out stands in for --results and --rejects, which export does not take. */
function outputFlags(values: CommandLine['values'], exported: boolean): OutputFlag[] {
  const summary: OutputFlag = ['--summary-json', values['summary-json']];
  if (exported) return [['--out', values['out']], summary];
  return [['--results', values['results']], ['--rejects', values['rejects']], summary];
}

/**
 * At most one output may be "-": two would interleave on standard output, and what reads it could not tell one
 * from the other. Each flag that asks is named, so the person knows which to give a file.
 */
export function standardOutputProblems(values: CommandLine['values'], exported: boolean): string[] {
  const asking = outputFlags(values, exported).filter(([, path]) => path === '-').map(([flag]) => flag);
  if (asking.length < 2) return [];
  const two = asking.length === 2;
  const named = `${asking.slice(0, -1).join(', ')} and ${asking.at(-1)}`;
  return [`${named} ${two ? 'both' : 'all'} ask for standard output (-), and only one output can go there: give ${two ? 'one of them' : 'all but one'} a file path.`];
}
