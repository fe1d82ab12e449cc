import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../../support/loopback-server.js';
import { csv, readCsv, tempDir, writeTemp } from '../../support/run-cli.js';
import { runCliCaught as runCli } from '../../support/run-cli-caught.js';
import { ORG } from './helpers.js';

/**
 * How the bytes of an answer become text, against servers that are not the sandbox: the same look-up answer, sent
 * with the bytes other servers put around it. Every answer here (the pre-flight's too) is a list of contacts.
 */

let server: LoopbackServer | undefined;
let dir: string;

beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const PHONE = '+14155552671';
const CONTACT = { id: 'c-1', crm_id: 'CRM-1', first_name: 'José', last_name: 'Núñez', opt_in_date: '2024-01-15T10:00:00Z' };

/** Every request answered 200 with `body`, under `contentType`. */
async function answering(body: Buffer, contentType: string): Promise<string> {
  server = await startLoopbackServer((_req, res) => {
    res.writeHead(200, { 'content-type': contentType, 'content-length': body.length }).end(body);
  });
  return server.url;
}

async function exportFrom(url: string) {
  const input = await writeTemp('in.csv', csv(['phone_number'], [[PHONE]]), dir);
  const out = join(dir, 'out.csv');
  const run = await runCli(['export', input, '--out', out, '--base-url', url, '--org', ORG, '--quiet'], { env: { SALESCHAT_TOKEN: 'secret-token' } });
  return { ...run, rows: run.code === 2 ? [] : await readCsv(out) };
}

describe('export: the answer as text', () => {
  it('a UTF-8 byte-order mark before the JSON is dropped, as fetch does: the contact is found', async () => {
    const url = await answering(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify([CONTACT]))]), 'application/json');
    const { code, rows, stderr } = await exportFrom(url);
    expect(stderr).toContain('status: 1 found.');
    expect(code).toBe(0);
    expect(rows).toMatchObject([{ phone_number: PHONE, id: 'c-1', first_name: 'José', last_name: 'Núñez', status: 'found' }]);
  });

  it('a body in the charset its content-type declares is read in it: ISO-8859-1 names come out whole', async () => {
    const url = await answering(Buffer.from(JSON.stringify([CONTACT]), 'latin1'), 'application/json; charset=ISO-8859-1');
    const { code, rows } = await exportFrom(url);
    expect(code).toBe(0);
    expect(rows).toMatchObject([{ id: 'c-1', first_name: 'José', last_name: 'Núñez', status: 'found' }]);
  });

  it('a body that is not UTF-8 and declares no charset fails its row, rather than writing U+FFFD for a name', async () => {
    const url = await answering(Buffer.from(JSON.stringify([CONTACT]), 'latin1'), 'application/json');
    const { code, rows } = await exportFrom(url);
    expect(code).toBe(1);
    expect(rows).toMatchObject([{ phone_number: PHONE, id: '', first_name: '', status: 'failed', error_code: 'UNEXPECTED_RESPONSE' }]);
    expect(rows[0]!['error_message']).toBe('the API answered 200 to the look-up by phone with a body that is not valid UTF-8 (application/json)');
  });

  it('an answer compressed although asked for uncompressed is named so at the check before the first row: exit 2', async () => {
    server = await startLoopbackServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync(JSON.stringify([CONTACT])));
    });
    const { code, stderr } = await exportFrom(server.url);
    expect(code).toBe(2);
    expect(stderr).toContain('does not look like the SalesChat API (an answer compressed with gzip, though asked for uncompressed (HTTP 200)');
  });
});
