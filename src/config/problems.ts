import type { z } from 'zod';
import { UsageError } from '../errors.js';
import type { CommandLine } from './command-line.js';

/**
 * Every problem with a command line, reported at once: one usage error (exit 2), one line a problem, each naming
 * its flag and why, so three bad flags take one run to learn of, not three.
 */

/** A part of a command's options checked on its own: its value, or what is wrong with it. */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly string[] };

/** A zod result as a Checked: each issue's message already names its flag. */
export function fromZod<T>(result: z.ZodSafeParseResult<T>): Checked<T> {
  return result.success ? { ok: true, value: result.data } : { ok: false, problems: result.error.issues.map((issue) => issue.message) };
}

/**
 * The one usage error for these problems: a single problem alone, as it always read; several, one a line. The
 * pointer to --help follows when the parser found a flag it does not know or one without its value.
 */
export function usageError(problems: readonly string[], helpFor?: string): UsageError {
  const hint = helpFor === undefined ? '' : `\nRun 'saleschat-bulk ${helpFor} --help' for the flags it takes.`;
  if (problems.length === 1) return new UsageError(`${problems[0]}${hint}`);
  return new UsageError(`${problems.length} problems with the command line:\n${problems.map((problem) => `  ${problem}`).join('\n')}${hint}`);
}

type Values<P> = { readonly [K in keyof P]: P[K] extends Checked<infer T> ? T : never };

/**
 * The checked parts as one frozen object, or one usage error with the parser's problems, every part's, and
 * `more` (the problems between parts, such as --resume with --dry-run).
 */
export function settle<P extends Record<string, Checked<unknown>>>(line: CommandLine, parts: P, more: readonly string[] = []): Values<P> {
  const problems = [...line.problems, ...Object.values(parts).flatMap((part) => (part.ok ? [] : part.problems)), ...more];
  if (problems.length > 0) throw usageError(problems, line.problems.length > 0 ? line.command : undefined);
  const values = Object.fromEntries(Object.entries(parts).map(([key, part]) => [key, part.ok ? part.value : undefined]));
  return Object.freeze(values) as Values<P>;
}
