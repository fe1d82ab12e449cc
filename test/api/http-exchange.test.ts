import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AnswerTooLargeError, createHttpExchange, ExchangeTimeoutError, HttpStatusError, type HttpExchange } from '../../src/api/http-exchange.js';
import { streamPaddedJson } from '../support/padded-body.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server | undefined;
let transport: HttpExchange | undefined;

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

function exchange(baseUrl: string, timeoutMs = 5_000, maxAnswerBytes?: number): HttpExchange {
  transport = createHttpExchange({ baseUrl, timeoutMs, maxAnswerBytes, headers: { authorization: 'Bearer t', 'user-agent': 'test/1' } });
  return transport;
}

afterEach(async () => {
  transport?.close();
  transport = undefined;
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

describe('http-exchange: one request, one answer, on node:http', () => {
  it('sends method, path under the base URL and the fixed headers; returns status, headers and text', async () => {
    const { url, seen } = await serve((_request, response) => {
      response.setHeader('set-cookie', ['a=1', 'b=2']);
      response.writeHead(201, { 'content-type': 'application/json', 'X-Trace': 'abc' });
      response.end('{"id":"c-1"}');
    });
    const answer = await exchange(`${url}/prefix`).send('GET', 'v2/org/o%201/contact');
    // identity: answers come uncompressed, as the transport reads them.
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/prefix/v2/org/o%201/contact', headers: { authorization: 'Bearer t', 'user-agent': 'test/1', 'accept-encoding': 'identity' } });
    expect(seen[0]!.headers['content-type']).toBeUndefined();
    expect(answer.status).toBe(201);
    expect(answer.headers.get('x-trace')).toBe('abc');
    expect(answer.headers.get('X-Trace')).toBe('abc');
    expect(answer.headers.get('set-cookie')).toBe('a=1, b=2');
    expect(answer.headers.get('absent')).toBeNull();
    expect([...answer.headers.keys()]).toContain('x-trace');
    expect(answer.text).toBe('{"id":"c-1"}');
  });

  it('sends a JSON body with its length in bytes', async () => {
    const { url, seen } = await serve((_request, response) => response.end());
    const body = JSON.stringify({ first_name: 'Zoë' });
    await exchange(url).send('POST', 'c', body);
    expect(seen[0]).toMatchObject({ method: 'POST', body, headers: { 'content-length': String(Buffer.byteLength(body)), 'content-type': 'application/json' } });
  });

  it('a body in many chunks is read whole, multi-byte characters across chunk edges included', async () => {
    const text = 'é'.repeat(100_000);
    const { url } = await serve((_request, response) => {
      const bytes = Buffer.from(text);
      response.write(bytes.subarray(0, 3));
      setTimeout(() => response.end(bytes.subarray(3)), 5);
    });
    expect((await exchange(url).send('GET', 'big')).text).toBe(text);
  });

  it.each([
    [204, ''],
    [299, 'odd but 2xx'],
  ])('%i is an answer', async (status, body) => {
    const { url } = await serve((_request, response) => {
      response.writeHead(status);
      response.end(body);
    });
    expect(await exchange(url).send('POST', 'assign', '{}')).toMatchObject({ status, text: body });
  });

  it.each([301, 404, 429, 500, 503])('%i is an HttpStatusError holding the whole answer (a redirect is not followed)', async (status) => {
    const { url, seen } = await serve((_request, response) => {
      response.writeHead(status, { location: '/elsewhere', 'retry-after': '1' });
      response.end('{"error_code":4290001}');
    });
    const error = await exchange(url).send('POST', 'c', '{}').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpStatusError);
    const { exchange: answer } = error as HttpStatusError;
    expect(answer.status).toBe(status);
    expect(answer.text).toBe('{"error_code":4290001}');
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(seen).toHaveLength(1);
  });

  it.each([200, 502])('a %i whose body runs past the cap fails as AnswerTooLargeError, and the connection is dropped', async (status) => {
    const cap = 64 * 1024;
    const total = 32 * 1024 * 1024;
    let stream: { written: () => number } | undefined;
    let closed = false;
    const { url } = await serve((request, response) => {
      request.socket.on('close', () => {
        closed = true;
      });
      // No content-length: the cap is met while reading.
      response.writeHead(status, { 'content-type': 'application/json' });
      stream = streamPaddedJson(response, total);
    });
    const error = await exchange(url, 10_000, cap).send('GET', 'big').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AnswerTooLargeError);
    expect(error).toMatchObject({ status, limit: '64 KB' });
    expect((error as Error).message).toContain(`the API's answer (HTTP ${status}) was larger than 64 KB`);
    await expect.poll(() => closed).toBe(true);
    // Stopped near the cap (plus what the sockets' buffers held), far from the whole body.
    expect(stream!.written()).toBeLessThan(total / 2);
  });

  it('a content-length past the cap fails at once, before the body is read', async () => {
    const { url } = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': String(1024 * 1024) });
      response.write('[');
    });
    const started = performance.now();
    await expect(exchange(url, 2_000, 64 * 1024).send('GET', 'big')).rejects.toBeInstanceOf(AnswerTooLargeError);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('a body exactly at the cap is read whole', async () => {
    const { url } = await serve((_request, response) => response.end(' '.repeat(1024)));
    expect((await exchange(url, 5_000, 1024).send('GET', 'c')).text).toHaveLength(1024);
  });

  it('reuses one keep-alive connection for requests one after another', async () => {
    const ports = new Set<number>();
    const { url } = await serve((request, response) => {
      ports.add(request.socket.remotePort ?? 0);
      response.end('x');
    });
    const client = exchange(url);
    for (let i = 0; i < 5; i += 1) await client.send('GET', 'n');
    expect(ports.size).toBe(1);
  });

  it('no whole answer within the timeout is an ExchangeTimeoutError, and the request is ended', async () => {
    let closed = false;
    const { url } = await serve((request, response) => {
      request.socket.on('close', () => {
        closed = true;
      });
      // Headers at once, the body never: the timeout covers the whole exchange, not only the wait for headers.
      response.writeHead(200);
      response.write('{');
    });
    await expect(exchange(url, 100).send('GET', 'slow')).rejects.toBeInstanceOf(ExchangeTimeoutError);
    await expect.poll(() => closed).toBe(true);
  });

  it('a refused connection is a TypeError whose cause names the code, as with fetch', async () => {
    const { url } = await serve(() => undefined);
    server!.close();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const error = await exchange(url).send('GET', 'c').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError & { cause: { code: string } }).cause.code).toBe('ECONNREFUSED');
  });

  it('a connection dropped before the answer is complete is a network error, never a short body', async () => {
    const { url } = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('{"partial":');
      setTimeout(() => response.socket?.destroy(), 10);
    });
    await expect(exchange(url).send('GET', 'c')).rejects.toBeInstanceOf(TypeError);
  });

  it('cancelInFlight ends what is on the wire as a network error; the next request still goes', async () => {
    let calls = 0;
    const { url } = await serve((_request, response) => {
      calls += 1;
      if (calls > 1) response.end('later');
    });
    const client = exchange(url);
    const pending = client.send('GET', 'slow');
    await expect.poll(() => calls).toBe(1);
    client.cancelInFlight();
    await expect(pending).rejects.toBeInstanceOf(TypeError);
    expect((await client.send('GET', 'again')).text).toBe('later');
  });
});
