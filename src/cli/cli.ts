#!/usr/bin/env node
import type { Io } from '../run/io.js';
import type { ExitCode } from '../errors.js';
import { main } from './main.js';
import { reportError } from './report-error.js';
import { redact } from '../secrets.js';

/** argv in, exit code out: the only place that calls process.exit. Everything it prints goes through redact(). */

const say = (text: string) => process.stderr.write(redact(text));

const debug = () => Boolean(process.env['SALESCHAT_DEBUG']);

/** First SIGINT/SIGTERM asks the run to stop cleanly; a second one forces. */
function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      say(`\nSecond ${signal}: stopping now; rows in flight are not recorded.\n`);
      process.exit(130);
    }
    say(`\n${signal}: stopping: no new request starts, every wait ends, requests already sent get 2 s; then the results are written (Ctrl-C again forces)...\n`);
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}

async function run(): Promise<void> {
  // Thrown outside the command's promise (a listener, a timer), an error would get Node's own unredacted trace and exit 1.
  process.on('uncaughtException', (error) => {
    const report = reportError(error, { debug: debug() });
    say(report.text);
    process.exit(report.exitCode);
  });
  const io: Io = {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signal: interruptSignal(),
  };
  let code: ExitCode;
  try {
    code = await main(process.argv.slice(2), io);
  } catch (error) {
    const report = reportError(error, { debug: debug() });
    say(report.text);
    code = report.exitCode;
  }
  // Let stdout drain (a pipe may be slow) before leaving.
  process.stdout.write('', () => process.exit(code));
}

await run();
