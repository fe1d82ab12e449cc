import { Writable } from 'node:stream';
import type { main as Main } from '../src/cli/main.js';

// The real build in dist/ (as a user runs it), not a second compile: validation workers live beside it.
const { main } = (await import(new URL('../../dist/cli/main.js', import.meta.url).href)) as { main: typeof Main };

/**
 * Runs one saleschat-bulk command in this (child) process and prints its figures as one JSON line:
 * wall time and peak RSS of the whole process, which is what a person's machine would see.
 */
const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
const started = performance.now();
const controller = new AbortController();
const code = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: sink,
  stderr: sink,
  env: process.env,
  signal: controller.signal,
});
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ code, seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
