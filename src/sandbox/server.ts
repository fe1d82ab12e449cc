import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_PREFIX, handleAdmin, type AdminActions } from './admin.js';
import type { ApiOutcome, ApiRequest } from './api.js';
import { SandboxError } from './errors.js';
import { readBody, send } from './http-io.js';
import { formatLogLine } from './log-line.js';
import { errorResponse } from './responses.js';
import type { StatsCounter } from './stats.js';

export interface ListenerDeps {
  api: (request: ApiRequest, signal: AbortSignal) => Promise<ApiOutcome>;
  admin: AdminActions;
  stats: StatsCounter;
  log: ((line: string) => void) | undefined;
  /** Aborted on close: requests held by --latency stop waiting. */
  closing: AbortSignal;
  /** The sandbox's clock: every answer's Date header reads it (node's own would read the machine's). */
  clock: () => number;
}

const TOO_LARGE = errorResponse(413, 'PAYLOAD_TOO_LARGE', 'The request body is over 1 MiB', { connection: 'close' });

async function answer(deps: ListenerDeps, req: IncomingMessage, pathname: string): Promise<ApiOutcome> {
  const method = req.method ?? 'GET';
  const body = await readBody(req);
  if (pathname.startsWith(ADMIN_PREFIX)) return { operation: 'admin', response: handleAdmin(method, pathname, deps.admin) };
  if (body === undefined) return { operation: 'unmatched', response: TOO_LARGE };
  return deps.api({ method, pathname, authorization: req.headers.authorization, body }, deps.closing);
}

/** node:http adapter: bytes in, ApiOutcome, bytes out (or a destroyed socket), one stats entry and one log line. */
export function createRequestListener(deps: ListenerDeps): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const pathname = query === -1 ? url : url.slice(0, query);
    void answer(deps, req, pathname)
      .catch((error: unknown): ApiOutcome => {
        // Closing aborts requests held by --latency: their sockets are gone, nothing to answer.
        if (deps.closing.aborted) return { operation: 'unmatched', response: 'drop' };
        return { operation: 'unmatched', response: errorResponse(500, 'INTERNAL_ERROR', `sandbox bug: ${String(error)}`) };
      })
      .then(({ operation, response }) => {
        if (response === 'drop') req.socket.destroy();
        else send(res, response, deps.clock());
        const status = response === 'drop' ? 'dropped' : response.status;
        if (operation !== 'admin') deps.stats.record(operation, status);
        deps.log?.(formatLogLine(req.method ?? 'GET', pathname, status, performance.now() - started));
      });
  };
}

/** Listens, turning EADDRINUSE into a typed error that names the port. */
export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') reject(new SandboxError('PORT_IN_USE', `port ${port} is already in use on ${host}`, { cause: error }));
      else reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** The URL a client on this machine should use: wildcard hosts become loopback, IPv6 gets brackets. */
export function baseUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/** Stops listening and ends every connection, idle keep-alive ones included. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
