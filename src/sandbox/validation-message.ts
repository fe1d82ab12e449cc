import type { ErrorObject } from 'ajv';

const depth = (error: ErrorObject): number => error.instancePath.split('/').length;

/** The one error worth showing: inside an anyOf, the deepest branch error, else the anyOf itself. */
function pick(errors: ErrorObject[]): ErrorObject | undefined {
  const anyOf = errors.find((e) => e.keyword === 'anyOf');
  if (!anyOf) return errors[0];
  const deeper = errors.filter((e) => e.instancePath.startsWith(`${anyOf.instancePath}/`));
  return deeper.sort((a, b) => depth(b) - depth(a))[0] ?? anyOf;
}

function field(error: ErrorObject, root: string): string {
  const path = error.instancePath.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required') path.push(String(error.params.missingProperty));
  return path.length > 0 ? path.join('.') : root;
}

function reason(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
    case 'anyOf': {
      const description = (error.parentSchema as { description?: unknown } | undefined)?.description;
      return typeof description === 'string' ? `must be ${description}` : 'matches none of the allowed forms';
    }
    default:
      return error.message ?? 'is invalid';
  }
}

/** `field: reason`, e.g. `first_name: must match pattern "^(?!.*\*).*$"`; `root` names the whole value. */
export function describeErrors(errors: readonly ErrorObject[] | null | undefined, root: string): string {
  const error = pick([...(errors ?? [])]);
  return error ? `${field(error, root)}: ${reason(error)}` : `${root}: is invalid`;
}
