import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Writes a realistic contact CSV of `rows` rows: valid US and UK numbers, ISO dates, a few optional columns. */
export async function generateContacts(path: string, rows: number, options: { withSteps?: boolean } = {}): Promise<void> {
  const out = createWriteStream(path);
  const header = ['crm_id', 'phone_number', 'opt_in_date', 'first_name', 'last_name', 'source'];
  if (options.withSteps) header.push('stage', 'user_id');
  out.write(`${header.join(',')}\n`);
  let chunk = '';
  for (let i = 0; i < rows; i += 1) {
    // 201-555-xxxx style numbers are not valid; use real area codes with a 7-digit subscriber part that varies.
    const us = `+1${['212', '415', '617', '312', '646'][i % 5]}${String(2_000_000 + (i % 7_000_000)).padStart(7, '0')}`;
    const phone = i % 4 === 3 ? `+4479${String(10_000_000 + (i % 90_000_000)).padStart(8, '0')}` : us;
    const day = String(1 + (i % 28)).padStart(2, '0');
    const cells = [`CRM-${i}`, phone, `2024-0${1 + (i % 9)}-${day}T10:00:00Z`, `First${i % 977}`, `Last ${i % 1009}`, i % 2 ? 'BTRIX' : 'CAMPAIGN'];
    if (options.withSteps) cells.push(i % 2 ? 'Lead' : '', i % 3 === 0 ? `user-${1 + (i % 5)}` : '');
    chunk += `${cells.join(',')}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'close');
}
