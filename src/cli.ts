#!/usr/bin/env node
import { CliError, type ExitCode } from './errors.js';
import type { Io } from './commands/command.js';
import { main } from './main.js';

/** argv in, exit code out: the only place that calls process.exit. */

/** First SIGINT/SIGTERM asks the run to stop cleanly; a second one forces. */
function interruptSignal(stderr: NodeJS.WriteStream): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      stderr.write(`\nSecond ${signal}: stopping now; rows in flight are not recorded.\n`);
      process.exit(130);
    }
    stderr.write(`\n${signal}: stopping cleanly: finishing what is in flight and writing results (Ctrl-C again forces)...\n`);
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}

async function run(): Promise<void> {
  const io: Io = {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signal: interruptSignal(process.stderr),
  };
  let code: ExitCode;
  try {
    code = await main(process.argv.slice(2), io);
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`saleschat-bulk: ${error.message}\n`);
      code = error.exitCode;
    } else {
      const detail = process.env['SALESCHAT_DEBUG'] ? (error as Error).stack : String((error as Error)?.message ?? error);
      process.stderr.write(`saleschat-bulk: internal error: ${detail}\nSet SALESCHAT_DEBUG=1 for details, and please report it.\n`);
      code = 1;
    }
  }
  // Let stdout drain (a pipe may be slow) before leaving.
  process.stdout.write('', () => process.exit(code));
}

await run();
