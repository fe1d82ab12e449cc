import type { JsonSchema } from './openapi.js';
import { E164_PATTERN } from './phone.js';

/*
 * The sandbox's departures from the published schemas, all here and in README-section.md.
 * Everything else is validated exactly as the document says.
 */

function child(schema: JsonSchema | undefined, ...keys: string[]): JsonSchema {
  let node: unknown = schema;
  for (const key of keys) node = (node as JsonSchema | undefined)?.[key];
  if (typeof node !== 'object' || node === null) throw new Error(`openapi.json has no ${keys.join('.')}`);
  return node as JsonSchema;
}

/** A copy of the document's component schemas with the documented extensions applied. */
export function extendSchemas(schemas: Record<string, JsonSchema>): Record<string, JsonSchema> {
  const copy = structuredClone(schemas);
  // (a) CONTRACT.md: phone_number may be the PhoneNumber object or a plain E.164 string.
  child(copy.ContactReqDto, 'properties').phone_number = {
    description: 'a PhoneNumber object or an E.164 string such as "+14155552671"',
    anyOf: [{ $ref: '#/components/schemas/PhoneNumber' }, { type: 'string', pattern: E164_PATTERN }],
  };
  // (b) springdoc renders a Java Object (the values of Map<String, Object>) as {type: object}; the server takes any JSON value.
  child(copy.UpdateContactDispositionReqV2Dto, 'properties', 'additionalFields').additionalProperties = {};
  return copy;
}

/** (c) The phoneNumber path parameter is documented as "e164 format": the sandbox enforces that pattern. */
export function extendParameterSchema(name: string, schema: JsonSchema): JsonSchema {
  return name === 'phoneNumber' ? { ...schema, pattern: E164_PATTERN } : schema;
}

/** OpenAPI's integer formats, which plain JSON Schema does not know. */
export const INTEGER_FORMATS = {
  int32: (n: number): boolean => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
  int64: (n: number): boolean => Number.isInteger(n) && Math.abs(n) <= 2 ** 63,
} as const;
