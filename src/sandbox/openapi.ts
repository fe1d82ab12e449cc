import document from './openapi.json' with { type: 'json' };

/** A JSON Schema (OpenAPI 3.0 dialect) as plain data. */
export type JsonSchema = { [keyword: string]: unknown };

export interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema> };
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The published document (a copy of shared/api/openapi.json), the single source of paths and schemas. */
export function publishedDocument(): OpenApiDocument {
  return document;
}

/** Every operation of the document, keyed by operationId. */
export function operationsById(doc: OpenApiDocument): Map<string, Operation> {
  const operations = new Map<string, Operation>();
  for (const item of Object.values(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation) operations.set(operation.operationId, operation);
    }
  }
  return operations;
}
