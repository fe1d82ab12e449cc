import { z } from 'zod';
import type { CountryCode } from 'libphonenumber-js/max';
import { parseYesNo, YES_NO_HINT } from './booleans.js';
import { optInDateReader, type DateReading } from './dates.js';
import { SOURCES } from './fields.js';
import type { Source } from './fields.js';
import { normalisePhone } from './phone.js';
import { isUsablePathSegment } from '../path-segment.js';
import { quote } from './quote.js';
import { FIX_AT_SOURCE, isScientificNotation } from './spreadsheet-number.js';
import type { ValidationCode } from './row-issue.js';

/** The API's maxLength for crm_id, names and governance_level_id (openapi.json, ContactReqDto). */
export const MAX_LENGTH = 128;

type Ctx = z.RefinementCtx;

/** Normalises one trimmed, non-empty cell; reports every problem on ctx (its return value is then discarded). */
export type Rule<T> = (text: string, ctx: Ctx) => T;

/** Carries our stable code in the issue's params, so nothing downstream reads zod's wording. */
export function report(ctx: Ctx, code: ValidationCode, reason: string): void {
  ctx.addIssue({ code: 'custom', message: reason, params: { code } });
}

/**
 * One column: trimmed, empty means absent (REQUIRED when it must be there), then the rule.
 * A bare transform rather than z.string().optional().transform(): RawContact is typed as strings
 * already, and the extra pipe costs about 0.5 µs a column, 8 µs a row, on the hottest path.
 */
export function cell<T>(rule: Rule<T>, required: boolean) {
  return z.transform((value: string | undefined, ctx): T | undefined => {
    const text = value?.trim();
    if (text === undefined || text === '') {
      if (required) report(ctx, 'REQUIRED', 'is required but empty');
      return undefined;
    }
    const out = rule(text, ctx);
    return ctx.issues.length === 0 ? out : z.NEVER;
  });
}

export const anyText: Rule<string> = (text) => text;

export const maxLength: Rule<string> = (text, ctx) => {
  if (text.length > MAX_LENGTH) report(ctx, 'TOO_LONG', `is ${text.length} characters; the API allows at most ${MAX_LENGTH}`);
  return text;
};

// The API's pattern ^(?!.*\*).*$ has no flags, so "." stops at \n, \r, \u2028 and \u2029 as well as "*".
const NOT_IN_NAMES = /[*\n\r\u2028\u2029]/;

/** A crm_id: at most MAX_LENGTH, and not an id whose digits a spreadsheet lost, which would name another record. */
export const crmId: Rule<string> = (text, ctx) => {
  maxLength(text, ctx);
  if (isScientificNotation(text)) {
    report(ctx, 'ID_INVALID', `${quote(text)} is written as a spreadsheet writes a number in scientific notation, which has lost digits: ${FIX_AT_SOURCE}`);
  }
  return text;
};

export const name: Rule<string> = (text, ctx) => {
  maxLength(text, ctx);
  if (NOT_IN_NAMES.test(text)) report(ctx, 'NAME_PATTERN', 'must not contain "*" or a line break');
  return text;
};

/** An id that goes into a request's path as one segment: "." and ".." would be read as the path itself. */
export const pathId: Rule<string> = (text, ctx) => {
  if (!isUsablePathSegment(text)) {
    report(ctx, 'ID_INVALID', `${quote(text)}: . and .. cannot be contact ids: they would change the request's path`);
  }
  return text;
};

export const yesNo: Rule<boolean> = (text, ctx) => {
  const value = parseYesNo(text);
  if (value === undefined) report(ctx, 'BOOLEAN_INVALID', `${quote(text)} is not a yes/no value: ${YES_NO_HINT}`);
  return value ?? false;
};

const isSource = (value: string): value is Source => (SOURCES as readonly string[]).includes(value);

export const source: Rule<Source> = (text, ctx) => {
  const upper = text.toUpperCase();
  if (isSource(upper)) return upper;
  report(ctx, 'ENUM_INVALID', `${quote(text)} is not one of ${SOURCES.join(', ')}`);
  return SOURCES[0];
};

/** The opt-in date as the run's --date-format and --timezone say; the reader (its parsers compiled) is built once here. */
export function optInDate(reading: DateReading): Rule<string> {
  const read = optInDateReader(reading);
  return (text, ctx) => {
    const result = read(text);
    if (typeof result === 'string') return result;
    report(ctx, 'DATE_INVALID', result.reason);
    return text;
  };
}

export function phone(defaultCountry: CountryCode | undefined): Rule<string> {
  return (text, ctx) => {
    const result = normalisePhone(text, defaultCountry);
    if (typeof result === 'string') return result;
    report(ctx, 'PHONE_INVALID', result.reason);
    return text;
  };
}
