import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpFetch, type HttpFetch } from '../../src/api/http-fetch.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server | undefined;
let transport: HttpFetch | undefined;

/** A loopback server that records each request and answers with `handler`. */
async function serve(handler: (request: IncomingMessage, response: ServerResponse, seen: Seen) => void): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString() };
      seen.push(entry);
      handler(request, response, entry);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function http(): HttpFetch {
  transport = createHttpFetch();
  return transport;
}

afterEach(async () => {
  transport?.close();
  transport = undefined;
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

describe('http-fetch: a fetch for ky on node:http', () => {
  it('sends method, path, query and headers, and returns status, headers and body', async () => {
    const { url, seen } = await serve((_request, response) => {
      response.setHeader('set-cookie', ['a=1', 'b=2']);
      response.writeHead(201, 'Made', { 'content-type': 'application/json', 'x-trace': 'abc' });
      response.end('{"id":"c-1"}');
    });
    const response = await http().fetch(new Request(`${url}/v2/org/o%201/contact?x=1`, { method: 'GET', headers: { authorization: 'Bearer t' } }));
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/v2/org/o%201/contact?x=1', headers: { authorization: 'Bearer t' } });
    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Made');
    expect(response.ok).toBe(true);
    expect(response.headers.get('x-trace')).toBe('abc');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.json()).toEqual({ id: 'c-1' });
  });

  it('sends the body given as bodyText, with its length in bytes', async () => {
    const { url, seen } = await serve((_request, response) => response.end());
    const body = JSON.stringify({ first_name: 'Zoë' });
    await http().fetch(new Request(`${url}/c`, { method: 'POST', headers: { 'content-type': 'application/json' } }), { bodyText: body });
    expect(seen[0]).toMatchObject({ method: 'POST', body, headers: { 'content-length': String(Buffer.byteLength(body)), 'content-type': 'application/json' } });
  });

  it('reads the body of a Request when no bodyText is given, as the platform fetch does', async () => {
    const { url, seen } = await serve((_request, response) => response.end('ok'));
    const response = await http().fetch(`${url}/c`, { method: 'PUT', body: 'plain body' });
    expect(seen[0]).toMatchObject({ method: 'PUT', body: 'plain body', headers: { 'content-length': '10' } });
    expect(await response.text()).toBe('ok');
  });

  it('answers 204 with no body', async () => {
    const { url } = await serve((_request, response) => {
      response.writeHead(204);
      response.end();
    });
    const response = await http().fetch(`${url}/assign`, { method: 'POST' });
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
    expect(await response.text()).toBe('');
  });

  it('does not follow a redirect: a POST is never re-sent elsewhere', async () => {
    const { url, seen } = await serve((_request, response) => {
      response.writeHead(301, { location: '/elsewhere' });
      response.end();
    });
    const response = await http().fetch(`${url}/c`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/elsewhere');
    expect(seen).toHaveLength(1);
  });

  it('reuses one keep-alive connection for requests one after another', async () => {
    const ports = new Set<number>();
    const { url } = await serve((request, response) => {
      ports.add(request.socket.remotePort ?? 0);
      response.end('x');
    });
    const client = http();
    for (let i = 0; i < 5; i += 1) await (await client.fetch(`${url}/n`)).text();
    expect(ports.size).toBe(1);
  });

  it('a refused connection is a TypeError whose cause names the code, as with the platform fetch', async () => {
    const { url } = await serve(() => undefined);
    server!.close();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const error = await http().fetch(`${url}/c`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError & { cause: { code: string } }).cause.code).toBe('ECONNREFUSED');
  });

  it('a connection dropped before the answer is complete is a network error, never a short body', async () => {
    const { url } = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('{"partial":');
      setTimeout(() => response.socket?.destroy(), 10);
    });
    const error = await http().fetch(`${url}/c`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
  });

  it('an aborted signal ends the request on the wire and rejects with the reason', async () => {
    let closed = false;
    const { url } = await serve((request) => {
      request.socket.on('close', () => {
        closed = true;
      });
    });
    const controller = new AbortController();
    const pending = http().fetch(new Request(`${url}/slow`, { signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort(new Error('timed out'));
    await expect(pending).rejects.toThrow('timed out');
    await expect.poll(() => closed).toBe(true);
  });

  it('refuses a protocol other than http and https', async () => {
    await expect(http().fetch('ftp://127.0.0.1/x')).rejects.toBeInstanceOf(TypeError);
  });
});
