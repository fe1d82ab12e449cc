import { z } from 'zod';
import { isUsablePathSegment } from '../path-segment.js';
import type { Exchange } from './http-exchange.js';
import type { ErrorRespDto, GetContactRespDto } from './types.js';

/**
 * The API's answers, checked before anything is taken from them: a contact id goes into the next request's
 * path, so an answer without a usable one must fail the row rather than send `.../contact/undefined/...`.
 * Only what the tool uses is required; a field we only copy out (names, dates) may be absent or null.
 */


function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const contactId = z
  .string({ error: (issue) => (issue.input == null ? 'without a contact id' : `with a contact id that is ${typeName(issue.input)}, not text`) })
  .refine(isUsablePathSegment, { error: (issue) => `with an unusable contact id ${JSON.stringify(issue.input)}` });

/** A text field we only copy out: null counts as absent. */
const copiedText = (field: string) =>
  z
    .string({ error: `whose ${field} is not text` })
    .nullish()
    .transform((value) => value ?? undefined)
    .optional();

/** Dates come as RFC 3339 text or as epoch numbers (the published schema says both). */
const copiedDate = (field: string) =>
  z
    .union([z.string(), z.number()], { error: `whose ${field} is neither a date nor a number` })
    .nullish()
    .transform((value) => value ?? undefined)
    .optional();

/** ContactRespDto, the answer of create and update: only its id is used. */
const contactAnswer = z.object({ id: contactId }, { error: (issue) => `without the contact it publishes (${typeName(issue.input)})` });

/** GetContactRespDto, one element of the look-up by phone. */
const foundContact = z.object(
  {
    id: contactId,
    crm_id: copiedText('crm_id'),
    first_name: copiedText('first_name'),
    last_name: copiedText('last_name'),
    opt_in_date: copiedDate('opt_in_date'),
    create_date: copiedDate('create_date'),
    expiry_ts: copiedDate('expiry_ts'),
    // Written out only when it is a boolean; anything else is left blank rather than failing the look-up.
    is_expired: z
      .unknown()
      .transform((value) => (typeof value === 'boolean' ? value : undefined))
      .optional(),
  },
  { error: (issue) => `that is ${typeName(issue.input)}, not a contact` },
) satisfies z.ZodType<GetContactRespDto>;

const foundContacts = z.array(foundContact, { error: (issue) => `without the list of contacts it publishes (${typeName(issue.input)})` });

/** ErrorRespDto: each field kept only when it has its published type. */
const errorBody = z.object({
  error_code: z.int().optional().catch(undefined),
  error_message: z.string().optional().catch(undefined),
  error_description: z.string().optional().catch(undefined),
}) satisfies z.ZodType<ErrorRespDto>;

export type ContactAnswer = z.output<typeof contactAnswer>;
export type FoundContact = z.output<typeof foundContact>;

/** What a reader needs of the answer besides its body: the status, the content-type and any bytes not valid text, for messages. */
type AnswerMeta = Pick<Exchange, 'status' | 'headers' | 'malformedIn'>;

export type Answer<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * The content-coding of an answer that came compressed although http-exchange.ts asks for `identity` (a proxy or
 * CDN that compresses whatever it is asked): its bytes are not text, and saying "not JSON" would send one looking
 * for a wrong URL.
 */
export function compressedAs(headers: AnswerMeta['headers']): string | undefined {
  const coding = headers.get('content-encoding')?.trim().toLowerCase();
  return coding === undefined || coding === '' || coding === 'identity' ? undefined : coding;
}

/** The operations whose answers are used, as a message names them. */
const ANSWER_OF = { create: 'create', update: 'update', findByPhone: 'the look-up by phone' } as const;
export type AnsweredOperation = keyof typeof ANSWER_OF;

function describeIssue(issue: z.core.$ZodIssue): string {
  const [first] = issue.path;
  return typeof first === 'number' ? `with contact ${first + 1} of the list ${issue.message}` : issue.message;
}

/** The answer the schema accepts, or what is wrong with the body. */
function readJson<T>(schema: z.ZodType<T>, text: string, response: AnswerMeta): Answer<T> {
  if (text.trim() === '') return { ok: false, problem: 'with an empty body' };
  const coding = compressedAs(response.headers);
  if (coding !== undefined) return { ok: false, problem: `with a body compressed with ${coding}, though asked for uncompressed` };
  // Taken as it reads, a name would be written out with U+FFFD in it, and sent back so by the next import.
  if (response.malformedIn !== undefined) {
    return { ok: false, problem: `with a body that is not valid ${response.malformedIn} (${response.headers.get('content-type') ?? 'no content-type'})` };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // Typically an HTML page from a proxy or a gateway that answered in the API's place.
    const type = response.headers.get('content-type') ?? 'no content-type';
    return { ok: false, problem: `with a body that is not JSON (${type}, ${text.length} characters)` };
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, problem: describeIssue(parsed.error.issues[0]!) };
}

function explain<T>(answer: Answer<T>, operation: AnsweredOperation, response: AnswerMeta): Answer<T> {
  return answer.ok ? answer : { ok: false, problem: `the API answered ${response.status} to ${ANSWER_OF[operation]} ${answer.problem}` };
}

/** The id of the contact a create or update answered with, or why the answer cannot be used. */
export function readContactAnswer(operation: 'create' | 'update', text: string, response: AnswerMeta): Answer<ContactAnswer> {
  return explain(readJson(contactAnswer, text, response), operation, response);
}

/** The contacts a look-up by phone answered with, or why the answer cannot be used. */
export function readFoundContacts(text: string, response: AnswerMeta): Answer<FoundContact[]> {
  return explain(readJson(foundContacts, text, response), 'findByPhone', response);
}

/** The well-typed fields of an error answer; undefined when the body is not a JSON object. */
export function readErrorBody(text: string): ErrorRespDto | undefined {
  try {
    const parsed = errorBody.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
