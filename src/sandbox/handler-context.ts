import type { DateStyle } from './options.js';
import type { ApiResponse } from './responses.js';
import type { ContactStore } from './store.js';

/** What an operation may use: the store, the time and the date style. No I/O. */
export interface HandlerContext {
  store: ContactStore;
  clock: () => number;
  dates: DateStyle;
}

/** A routed request whose path parameters and body have passed the schemas. */
export interface OperationRequest {
  params: Readonly<Record<string, string>>;
  body: unknown;
}

export type Handler = (ctx: HandlerContext, request: OperationRequest) => ApiResponse;

/** A path parameter the router has already matched, so it is always there. */
export function param(request: OperationRequest, name: string): string {
  const value = request.params[name];
  if (value === undefined) throw new Error(`route has no parameter ${name}`);
  return value;
}

/** Drops undefined values, so optional fields stay absent (exactOptionalPropertyTypes). */
export function defined<T extends object>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  // A plain loop: this runs on every create, and entries/filter/fromEntries cost several times more.
  const out: Partial<T> = {};
  for (const key in values) if (values[key] !== undefined) out[key] = values[key];
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}
