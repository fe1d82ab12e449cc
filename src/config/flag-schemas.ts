import { z } from 'zod';
import { UsageError } from '../errors.js';

/** zod schemas for the shapes flags share; every message names the flag, as a usage error's line. */

/** z.coerce reads an empty value (`--workers=`) as 0: treat it as no number at all. */
const blankAsMissing = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** A whole number from min to max (`--workers 4`). */
export const wholeNumber = (flag: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(
    blankAsMissing,
    z.coerce
      .number({ error: `--${flag} takes a whole number` })
      .int(`--${flag} takes a whole number`)
      .min(min, `--${flag} must be at least ${min}`)
      .max(max, `--${flag} must be at most ${max}`),
  );

/** A number above 0 (`--rate 2.5`). */
export const positiveNumber = (flag: string) =>
  z.preprocess(blankAsMissing, z.coerce.number({ error: `--${flag} takes a number` }).positive(`--${flag} must be greater than 0`));

/** A file path: `--results=` would otherwise surface later as a puzzling "cannot create" about an empty name. */
export const filePath = (flag: string) => z.string().refine((value) => value.trim() !== '', `--${flag} needs a file path.`);

/** One of a few words (`--mode create`); the message lists them and quotes what was given. */
export const oneOf = <const T extends readonly [string, ...string[]]>(flag: string, choices: T) =>
  z.enum(choices, { error: (issue) => `--${flag} takes ${choices.join(', ')}; got ${JSON.stringify(issue.input)}` });

/** A switch: absent is false. */
export const flagSwitch = () => z.boolean().default(false);

/**
 * A value parser that throws a UsageError (checkBaseUrl, readToken, parseDelimiterOption ...) as a zod transform:
 * its message becomes the issue, so it is reported with every other problem instead of ending the check.
 */
export function parsedBy<I, O>(parse: (value: I) => O | Promise<O>) {
  return async (value: I, ctx: z.RefinementCtx<I>): Promise<O> => {
    try {
      return await parse(value);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      ctx.addIssue(error.message);
      return z.NEVER;
    }
  };
}
