import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { parsePhoneNumberFromString as ParsePhoneNumber } from 'libphonenumber-js/max';

/**
 * The yardstick of issue 2: a plain loop that parses the file with csv-parse and checks each phone with
 * libphonenumber-js (the same full metadata validate uses). `library` is the URL of another copy of
 * libphonenumber-js/max (the stock one); by default the project's, patched. Prints rows a second as one JSON line.
 */
export async function baselineValidate(path: string, library = 'libphonenumber-js/max'): Promise<{ rows: number; valid: number; rowsPerSecond: number }> {
  const { parsePhoneNumberFromString } = (await import(library)) as { parsePhoneNumberFromString: typeof ParsePhoneNumber };
  const started = performance.now();
  let rows = 0;
  let valid = 0;
  const parser = createReadStream(path).pipe(parse({ from_line: 2 }));
  for await (const record of parser as AsyncIterable<string[]>) {
    rows += 1;
    if (parsePhoneNumberFromString(record[1] ?? '')?.isValid()) valid += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  return { rows, valid, rowsPerSecond: rows / seconds };
}

if (process.argv[2] === '--run') {
  const figures = await baselineValidate(process.argv[3] ?? '', process.argv[4]);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
