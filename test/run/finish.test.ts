import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finishRun } from '../../src/run/finish.js';
import { Tally } from '../../src/run/tally.js';
import { capture, tempDir } from '../support/run-cli.js';

const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) /;

async function finish(isTTY: boolean | undefined, summaryJsonPath?: string) {
  const stderr = Object.assign(capture(), isTTY === undefined ? {} : { isTTY });
  const before = new Date().toISOString();
  const code = await finishRun({
    command: 'validate', tally: new Tally(), files: { input: 'in.csv', results: 'r.csv' }, outcome: 'finished', exitCode: 0,
    summaryJsonPath, stdout: capture(), stderr, advice: ['  advice line'],
  });
  return { code, text: stderr.text(), before, after: new Date().toISOString() };
}

/** A cron log (`--quiet 2>> import.log`) shows when a run ended, as the plain progress lines do; a terminal does not need it. */
describe('finishRun on stderr', () => {
  it.each([
    ['a pipe or file (isTTY unset)', undefined],
    ['isTTY false', false],
  ] as const)('%s: the first line starts with the time', async (_name, isTTY) => {
    const { code, text, before, after } = await finish(isTTY);
    expect(code).toBe(0);
    const lines = text.split('\n');
    const stamp = TIMESTAMP.exec(lines[0] ?? '')?.[1] ?? '';
    expect(stamp >= before && stamp <= after, lines[0]).toBe(true);
    expect(lines[0]).toMatch(/^\S+ validate finished: 0 rows in /);
    // Only the first line: the rest of the paragraph and the advice stay as they were.
    expect(lines.slice(1).filter((line) => TIMESTAMP.test(line))).toEqual([]);
    expect(lines.at(-2)).toBe('  advice line');
  });

  it('a terminal gets the same paragraph without the time', async () => {
    const [piped, terminal] = [await finish(undefined), await finish(true)];
    expect(piped.text).toMatch(TIMESTAMP);
    expect(terminal.text).toMatch(/^validate finished: 0 rows in /);
    const timing = (text: string) => text.replace(/ in [\d.]+ s \([\d,]+ rows\/s\)/, ' in ? s');
    expect(timing(terminal.text)).toBe(timing(piped.text.replace(TIMESTAMP, '')));
  });

  it('the stamp and --summary-json\'s ended_at are the same moment', async () => {
    const path = join(await tempDir(), 'summary.json');
    const { text } = await finish(undefined, path);
    const json = JSON.parse(await readFile(path, 'utf8')) as { ended_at: string; started_at: string };
    expect(TIMESTAMP.exec(text)?.[1]).toBe(json.ended_at);
    expect(json.started_at <= json.ended_at).toBe(true);
  });
});
