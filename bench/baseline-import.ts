import { readFile } from 'node:fs/promises';
import ky from 'ky';
import pLimit from 'p-limit';
import { createBody } from '../src/api/bodies.js';

/**
 * The yardstick of issue 4: a bare ky + p-limit loop sending the same creates (same bodies, PhoneNumber objects)
 * to the same sandbox, no validation, no results file. Prints rows a second as one JSON line.
 */
async function baselineImport(path: string, url: string, org: string, concurrency: number) {
  const lines = (await readFile(path, 'utf8')).trim().split('\n').slice(1);
  const bodies = lines.map((line) => {
    const [crm_id = '', phone_number = '', opt_in_date = '', first_name = '', last_name = ''] = line.split(',');
    return createBody({ crm_id, phone_number, opt_in_date: new Date(opt_in_date).toISOString(), first_name, last_name, additional: {} }, 'object');
  });
  const api = ky.create({ prefixUrl: url, headers: { authorization: 'Bearer sandbox-token' }, retry: 0 });
  const limit = pLimit(concurrency);
  const started = performance.now();
  let ok = 0;
  await Promise.all(bodies.map((json) => limit(async () => {
    await api.post(`v2/org/${org}/contact`, { json }).json();
    ok += 1;
  })));
  const seconds = (performance.now() - started) / 1000;
  return { rows: bodies.length, ok, seconds, rowsPerSecond: bodies.length / seconds };
}

const [path = '', url = '', org = '', concurrency = '32'] = process.argv.slice(2);
process.stdout.write(`${JSON.stringify(await baselineImport(path, url, org, Number(concurrency)))}\n`);
