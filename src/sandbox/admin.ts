import type { ApiResponse } from './responses.js';
import { errorResponse } from './responses.js';
import type { SandboxStats } from './stats.js';

/** Paths of the sandbox itself, outside the API's: no auth, no faults, not counted. */
export const ADMIN_PREFIX = '/_sandbox/';

export interface AdminActions {
  stats(): SandboxStats;
  reset(): void;
}

const ROUTES: Record<string, { method: string; run: (actions: AdminActions) => ApiResponse }> = {
  '/_sandbox/stats': { method: 'GET', run: (actions) => ({ status: 200, body: actions.stats() }) },
  '/_sandbox/reset': {
    method: 'POST',
    run: (actions) => {
      actions.reset();
      return { status: 200, body: { reset: true, contacts: 0 } };
    },
  },
};

export function handleAdmin(method: string, pathname: string, actions: AdminActions): ApiResponse {
  const route = ROUTES[pathname];
  if (!route) return errorResponse(404, 'NOT_FOUND', `No sandbox endpoint at ${pathname}; try GET /_sandbox/stats or POST /_sandbox/reset`);
  if (route.method !== method) {
    return errorResponse(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here; allowed: ${route.method}`, { allow: route.method });
  }
  return route.run(actions);
}
