import { HTTP_METHODS, type OpenApiDocument } from './openapi.js';

export type RouteMatch =
  | { kind: 'operation'; operationId: string; params: Record<string, string>; badParam?: string }
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed'; allow: string };

interface Route {
  pattern: RegExp;
  names: string[];
  /** Upper-case method -> operationId. */
  methods: Map<string, string>;
  allow: string;
}

function compile(template: string, item: OpenApiDocument['paths'][string]): Route {
  const names: string[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      const name = /^\{(.+)\}$/.exec(segment)?.[1];
      if (name === undefined) return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(name);
      return '([^/]+)';
    })
    .join('/');
  const methods = new Map<string, string>();
  for (const method of HTTP_METHODS) {
    const operation = item[method];
    if (operation) methods.set(method.toUpperCase(), operation.operationId);
  }
  return { pattern: new RegExp(`^${source}$`), names, methods, allow: [...methods.keys()].join(', ') };
}

/** Matches a method and path against the document's paths; parameters come back URL-decoded. */
export function createRouter(doc: OpenApiDocument): (method: string, pathname: string) => RouteMatch {
  const routes = Object.entries(doc.paths).map(([template, item]) => compile(template, item));
  return (method, pathname) => {
    for (const route of routes) {
      const found = route.pattern.exec(pathname);
      if (!found) continue;
      const operationId = route.methods.get(method);
      if (operationId === undefined) return { kind: 'method-not-allowed', allow: route.allow };
      const params: Record<string, string> = {};
      let badParam: string | undefined;
      route.names.forEach((name, i) => {
        const raw = found[i + 1] ?? '';
        try {
          params[name] = decodeURIComponent(raw);
        } catch {
          params[name] = raw;
          badParam ??= name;
        }
      });
      return badParam === undefined ? { kind: 'operation', operationId, params } : { kind: 'operation', operationId, params, badParam };
    }
    return { kind: 'not-found' };
  };
}
