import { existsSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { benchSandbox } from './sandbox-bench.js';
import { generateContacts } from './generate.js';
import { generateWorkbook, generateWorkbookCsv } from './generate-workbook.js';
import { limiterTable, measureLimiters, pacedCeiling, percent } from './limiters.js';
import { runChild, runJson } from './measure.js';
import { startSandboxProcess } from './sandbox-process.js';
import { stockLibphonenumber } from './stock-library.js';
import { BENCH_STATE_DIR, changedNight, unchangedRerun } from './sync-state.js';
import { measureVerify } from './verify.js';

/**
 * npm run bench: every speed and memory figure the issues ask for, measured here and now, each in its own
 * process. BENCH_QUICK=1 uses smaller files (for a quick look; the figures to report come from a full run);
 * BENCH_ONLY picks sections.
 */
const QUICK = process.env['BENCH_QUICK'] === '1';
/** BENCH_ONLY=validate,sandbox,import,sync,import-memory,limiters,xlsx,verify runs only those sections. */
const ONLY = new Set((process.env['BENCH_ONLY'] ?? 'validate,sandbox,import,sync,import-memory,limiters,xlsx,verify').split(','));
const DIR = '.bench';
const figures: [string, string, string][] = [];
let limiters = '';
const round = (n: number) => Math.round(n).toLocaleString('en-US');

function report(name: string, value: string, target: string): void {
  figures.push([name, value, target]);
  process.stdout.write(`  ${name}: ${value}   (${target})\n`);
}

async function file(rows: number, options: { withSteps?: boolean } = {}): Promise<string> {
  const path = `${DIR}/contacts-${rows}${options.withSteps ? '-steps' : ''}.csv`;
  if (!existsSync(path)) await generateContacts(path, rows, options);
  return path;
}

async function validateFigures(): Promise<void> {
  process.stdout.write('validate (offline):\n');
  const rows = QUICK ? 200_000 : 1_000_000;
  const path = await file(rows);
  const small = await file(100_000);
  const stock = await stockLibphonenumber(DIR);
  const baseline = stock.url === undefined ? undefined : await runJson<{ rowsPerSecond: number }>('./baseline-validate.js', ['--run', path, stock.url]);
  const patchedBaseline = await runJson<{ rowsPerSecond: number }>('./baseline-validate.js', ['--run', path]);
  const ours = await runChild(['validate', path, '--quiet', '--results', '/dev/null']);
  const oneThread = await runChild(['validate', path, '--quiet', '--results', '/dev/null', '--workers', '0']);
  const smallRun = await runChild(['validate', small, '--quiet', '--results', '/dev/null']);
  const rate = rows / ours.seconds;
  if (baseline === undefined) {
    report('baseline: csv-parse + libphonenumber-js as published', 'not measured', stock.why ?? '');
  } else {
    report('baseline: csv-parse + libphonenumber-js as published', `${round(baseline.rowsPerSecond)} rows/s`, 'the yardstick');
  }
  report('the same loop on our patched libphonenumber-js', `${round(patchedBaseline.rowsPerSecond)} rows/s`, 'for comparison');
  const ratio = baseline === undefined ? '' : `, ${(rate / baseline.rowsPerSecond).toFixed(2)}x baseline`;
  report(`validate ${round(rows)} rows`, `${round(rate)} rows/s${ratio}, ${(rate / patchedBaseline.rowsPerSecond).toFixed(2)}x the patched loop`, 'target: >= 1x baseline');
  report('validate on one thread (--workers 0)', `${round(rows / oneThread.seconds)} rows/s`, 'for comparison');
  report(`peak RSS, ${round(rows)} rows`, `${round(ours.maxRssMB)} MB`, `vs ${round(smallRun.maxRssMB)} MB for 100,000 rows: flat means about the same`);
}

/**
 * validate on an .xlsx workbook beside the same rows as CSV. Streaming keeps the worksheet's memory flat; the
 * shared strings (here a distinct crm_id a row) are held whole, so the larger workbook shows what they cost.
 */
async function xlsxFigures(): Promise<void> {
  process.stdout.write('validate an .xlsx workbook, beside the same rows as CSV:\n');
  const sizes = QUICK ? [100_000] : [100_000, 300_000];
  for (const rows of sizes) {
    const book = `${DIR}/workbook-${rows}.xlsx`;
    const csv = `${DIR}/workbook-${rows}.csv`;
    if (!existsSync(book)) await generateWorkbook(book, rows);
    if (!existsSync(csv)) await generateWorkbookCsv(csv, rows);
    const args = ['--default-country', 'US', '--quiet', '--results', '/dev/null'];
    const fromBook = await runChild(['validate', book, ...args]);
    const fromCsv = await runChild(['validate', csv, ...args]);
    const size = (path: string) => `${(statSync(path).size / 1e6).toFixed(1)} MB`;
    report(`validate ${round(rows)} rows, .xlsx (${size(book)})`, `${round(rows / fromBook.seconds)} rows/s, peak RSS ${round(fromBook.maxRssMB)} MB`, `exit ${fromBook.code}`);
    report(`validate ${round(rows)} rows, the same as CSV (${size(csv)})`, `${round(rows / fromCsv.seconds)} rows/s, peak RSS ${round(fromCsv.maxRssMB)} MB`, `exit ${fromCsv.code}`);
  }
}

async function sandboxFigures(): Promise<void> {
  process.stdout.write('sandbox:\n');
  const { createsPerSecond } = await benchSandbox();
  report('sandbox creates', `${round(createsPerSecond)} creates/s`, 'target: >= 5,000');
}

async function importFigures(): Promise<void> {
  process.stdout.write('import (sandbox in its own process):\n');
  const env = { SALESCHAT_TOKEN: 'sandbox-token' };
  const rows = QUICK ? 5_000 : 20_000;
  const path = await file(rows);

  const plain = await startSandboxProcess();
  try {
    const bare = await runJson<{ rowsPerSecond: number }>('./baseline-import.js', [path, plain.url, 'bench-bare', '32']);
    const ours = await runChild(['import', path, '--base-url', plain.url, '--org', 'bench-ours', '--concurrency', '32', '--quiet', '--results', '/dev/null'], env);
    report('bare ky + p-limit loop, concurrency 32', `${round(bare.rowsPerSecond)} rows/s`, 'the yardstick');
    report('import, concurrency 32', `${round(rows / ours.seconds)} rows/s, ${(rows / ours.seconds / bare.rowsPerSecond).toFixed(2)}x the loop`, 'target: >= 0.8x');
  } finally {
    await plain.stop();
  }

  const slow = await startSandboxProcess(['--latency', '50', '--seed', '1']);
  try {
    const latencyRows = QUICK ? 2_000 : 20_000; // ~35 s: start-up (~0.4 s) weighs little
    const ours = await runChild(['import', await file(latencyRows), '--base-url', slow.url, '--org', 'bench-latency', '--concurrency', '32', '--quiet', '--results', '/dev/null'], env);
    report('import, 50 ms latency, concurrency 32', `${round(latencyRows / ours.seconds)} rows/s`, 'target: >= 576');
  } finally {
    await slow.stop();
  }

  const limited = await startSandboxProcess(['--rate-limit', '200']);
  try {
    const limitedRows = QUICK ? 2_000 : 12_000;
    const ours = await runChild(['import', await file(limitedRows), '--base-url', limited.url, '--org', 'bench-limited', '--concurrency', '32', '--quiet', '--results', '/dev/null'], env);
    const stats = await limited.stats();
    const accepted = stats.requests - stats.rateLimited;
    report('import against --rate-limit 200: accepted', `${(accepted / ours.seconds).toFixed(1)} requests/s`, 'target: >= 190');
    report('import against --rate-limit 200: answered 429', `${((stats.rateLimited / stats.requests) * 100).toFixed(2)}% of ${round(stats.requests)} requests`, 'target: <= 2%');
  } finally {
    await limited.stop();
  }

}

async function importMemoryFigures(): Promise<void> {
  process.stdout.write('import memory, and the same file again unchanged (sandbox in its own process):\n');
  const big = await startSandboxProcess();
  try {
    const bigRows = QUICK ? 100_000 : 1_000_000;
    const path = await file(bigRows);
    const run = await unchangedRerun(path, big, 'bench-memory');
    const validate = await runChild(['validate', path, '--quiet', '--results', '/dev/null']);
    report(`import ${round(bigRows)} rows: peak RSS of the importer`, `${round(run.first.maxRssMB)} MB (${round(bigRows / run.first.seconds)} rows/s)`, 'target: < 200 MB');
    report(
      `import the same ${round(bigRows)} rows again, unchanged`,
      `${run.again.seconds.toFixed(1)} s, ${(run.again.seconds / validate.seconds).toFixed(2)}x validate's ${validate.seconds.toFixed(1)} s; ${round(run.requests)} requests; peak RSS ${round(run.again.maxRssMB)} MB`,
      'target: 0 requests, <= 1.5x validate, <= 250 MB',
    );
    report('sync state size', `${(run.stateBytes / 1e6).toFixed(1)} MB for ${round(bigRows)} contacts (${((run.stateBytes / bigRows) * 1e6 / 1e6).toFixed(0)} MB per million)`, 'report');
  } finally {
    await big.stop();
  }
}

async function syncFigures(): Promise<void> {
  process.stdout.write('sync state: a night where 1% of rows changed (sandbox in its own process):\n');
  const sandbox = await startSandboxProcess();
  try {
    const rows = QUICK ? 5_000 : 20_000;
    const night = await changedNight(await file(rows, { withSteps: true }), sandbox, 'bench-night');
    report(
      `re-import ${round(rows)} rows, 1% changed (one step each)`,
      `${round(night.requests)} requests for ${round(night.changedSteps)} changed steps: ${(night.requests / night.changedSteps).toFixed(3)} a step, ${night.seconds.toFixed(1)} s`,
      'target: <= 1.05 requests a changed step',
    );
  } finally {
    await sandbox.stop();
  }
}

async function verifyFigures(): Promise<void> {
  process.stdout.write('verify beside export, the same phones against the same sandbox (in its own process):\n');
  const sandbox = await startSandboxProcess();
  try {
    const rows = QUICK ? 5_000 : 20_000;
    const figures = await measureVerify(await file(rows), rows, sandbox, 'bench-verify');
    report(`export ${round(rows)} rows, concurrency 32`, `${round(figures.exportRowsPerSecond)} rows/s (exit ${figures.exportCode})`, 'the yardstick');
    report(
      `verify ${round(rows)} rows, concurrency 32`,
      `${round(figures.verifyRowsPerSecond)} rows/s, ${figures.ratio.toFixed(2)}x export (exit ${figures.verifyCode})`,
      'target: >= 0.9x export',
    );
  } finally {
    await sandbox.stop();
  }
}

async function limiterFigures(): Promise<void> {
  const seconds = QUICK ? 8 : 20;
  process.stdout.write(`limiters (import --concurrency 32 for ${seconds} s against each shape, sandbox in its own process):\n`);
  // One table of its own in the summary: two figures a shape, each beside its target.
  const rows = await measureLimiters(await file(20_000), seconds, (row) => {
    process.stdout.write(`  ${row.shape}: ${percent(row.capacityShare)} of capacity used (${row.accepted}), ${percent(row.rejectedShare)} answered 429\n`);
  });
  limiters = limiterTable(rows);
  const ceiling = await pacedCeiling(seconds);
  const line = `a bare loop pacing 200/s as evenly as it can, against the burst-1 bucket: ${percent(ceiling.capacityShare)} of capacity used, ${percent(ceiling.rejectedShare)} of ${ceiling.requests.toLocaleString('en-US')} answered 429`;
  process.stdout.write(`  ${line}\n`);
  limiters += `\nFor scale: ${line}.\n`;
}

await mkdir(DIR, { recursive: true });
// Every import here keeps its sync state in the bench's own folder, emptied first: each sandbox starts empty.
await rm(BENCH_STATE_DIR, { recursive: true, force: true });
process.env['SALESCHAT_STATE_DIR'] = BENCH_STATE_DIR;
process.stdout.write(`saleschat-bulk bench on Node ${process.version}${QUICK ? ' (BENCH_QUICK: small files)' : ''}\n`);
if (ONLY.has('validate')) await validateFigures();
if (ONLY.has('sandbox')) await sandboxFigures();
if (ONLY.has('import')) await importFigures();
if (ONLY.has('sync')) await syncFigures();
if (ONLY.has('import-memory')) await importMemoryFigures();
if (ONLY.has('limiters')) await limiterFigures();
if (ONLY.has('xlsx')) await xlsxFigures();
if (ONLY.has('verify')) await verifyFigures();
process.stdout.write('\nSummary\n');
for (const [name, value, target] of figures) process.stdout.write(`| ${name} | ${value} | ${target} |\n`);
if (limiters !== '') process.stdout.write(`\nLimiters\n${limiters}`);
