#!/usr/bin/env node
import type { Io } from '../run/io.js';
import type { ExitCode } from '../errors.js';
import { main } from './main.js';
import { reportError } from './report-error.js';
import { redact } from '../secrets.js';

/** argv in, exit code out: the only place that calls process.exit. Everything it prints goes through redact(). */

const say = (text: string) => process.stderr.write(redact(text));

const debug = () => Boolean(process.env['SALESCHAT_DEBUG']);

/** The command that continues the run, once the run has one (import's --resume): a forced stop prints it. */
let resumeCommand: string | undefined;

/**
 * First SIGINT/SIGTERM/SIGHUP asks the run to stop cleanly; a second one forces. SIGHUP (the terminal or ssh session
 * closed) would otherwise kill the run with its lock and journal left and finished rows missing from the results.
 */
function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      // The finished rows are in the journal, even when the results file holds only its header.
      const next = resumeCommand === undefined ? '' : ` To continue: ${resumeCommand}`;
      say(`\nSecond ${signal}: stopping now; rows in flight are not recorded.${next}\n`);
      process.exit(130);
    }
    say(`\n${signal}: stopping: no new request starts, every wait ends, requests already sent get 2 s; then the results are written (Ctrl-C again forces)...\n`);
    controller.abort(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  return controller.signal;
}

async function run(): Promise<void> {
  // A terminal that went away (SIGHUP) or a closed log pipe fails every write to stderr (EIO, EPIPE): the run still
  // writes its results and ends as it would, rather than crash (exit 70) on the first progress line or the summary.
  process.stderr.on('error', () => undefined);
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
    resumeWith: (command) => {
      resumeCommand = command;
    },
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
