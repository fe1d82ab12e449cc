import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { operationsById, type JsonSchema, type OpenApiDocument, type Operation } from './openapi.js';
import { extendParameterSchema, extendSchemas, INTEGER_FORMATS } from './schema-extensions.js';
import { describeErrors } from './validation-message.js';

export type Check = { ok: true } | { ok: false; message: string };

export interface OperationValidator {
  params(params: Readonly<Record<string, string>>): Check;
  /** Undefined when the operation takes no body. */
  body: ((body: unknown) => Check) | undefined;
  bodyRequired: boolean;
}

/** The $id under which the document's components are registered, so its `#/components/...` refs resolve. */
const DOCUMENT_ID = 'saleschat-openapi';

// ajv-formats is CommonJS: under NodeNext its default import is module.exports, whose .default is the plugin.
const addFormats = addFormatsPlugin.default;

function rebaseRefs(schema: JsonSchema): JsonSchema {
  return JSON.parse(JSON.stringify(schema), (key, value: unknown) =>
    key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `${DOCUMENT_ID}${value}` : value,
  ) as JsonSchema;
}

function checker(validate: ValidateFunction, root: string): (value: unknown) => Check {
  return (value) => (validate(value) ? { ok: true } : { ok: false, message: describeErrors(validate.errors, root) });
}

function paramsSchema(operation: Operation): JsonSchema {
  const pathParams = (operation.parameters ?? []).filter((p) => p.in === 'path');
  const properties = Object.fromEntries(pathParams.map((p) => [p.name, extendParameterSchema(p.name, p.schema)]));
  return { type: 'object', properties, required: pathParams.map((p) => p.name) };
}

// Compiling takes tens of milliseconds; validators are pure, so every sandbox of the process can share them.
const compiled = new WeakMap<OpenApiDocument, ReadonlyMap<string, OperationValidator>>();

/** A validator for the path parameters and JSON body of every operation of the document, compiled once. */
export function compileValidators(doc: OpenApiDocument): ReadonlyMap<string, OperationValidator> {
  let validators = compiled.get(doc);
  if (!validators) compiled.set(doc, (validators = compileAll(doc)));
  return validators;
}

function compileAll(doc: OpenApiDocument): Map<string, OperationValidator> {
  // verbose: errors carry their schema, so an anyOf failure can quote its description.
  const ajv = new Ajv({ strict: true, verbose: true });
  addFormats(ajv, ['date-time']);
  for (const [name, validate] of Object.entries(INTEGER_FORMATS)) ajv.addFormat(name, { type: 'number', validate });
  ajv.addKeyword({ keyword: 'components' });
  ajv.addSchema({ $id: DOCUMENT_ID, components: { schemas: extendSchemas(doc.components.schemas) } });

  const validators = new Map<string, OperationValidator>();
  for (const [id, operation] of operationsById(doc)) {
    const bodySchema = operation.requestBody?.content['application/json']?.schema;
    validators.set(id, {
      params: checker(ajv.compile(paramsSchema(operation)), 'path'),
      body: bodySchema ? checker(ajv.compile(rebaseRefs(bodySchema)), 'body') : undefined,
      bodyRequired: operation.requestBody?.required === true,
    });
  }
  return validators;
}
