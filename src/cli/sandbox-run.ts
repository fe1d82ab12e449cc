import { sandboxConfig, type CommandLine, type SandboxConfig, type SandboxServerConfig } from '../config/index.js';
import { UsageError, type ExitCode } from '../errors.js';
import type { Io } from '../run/io.js';
import { SandboxError, describeFaults, formatStartText, startSandbox, type Sandbox } from '../sandbox/index.js';

/** sandbox's check and run, loaded only when it runs. */

export function check(line: CommandLine): Promise<SandboxConfig> {
  return sandboxConfig(line);
}

async function start(options: SandboxServerConfig, log: ((line: string) => void) | undefined): Promise<Sandbox> {
  try {
    return await startSandbox({ ...options, log });
  } catch (error) {
    if (error instanceof SandboxError && error.code === 'PORT_IN_USE') {
      throw new UsageError(`port ${options.port} is already in use: pick another with --port N, or --port 0 for a free one`, { cause: error });
    }
    if (error instanceof SandboxError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
}

const aborted = (signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));

export async function run({ options, quiet }: SandboxConfig, io: Io): Promise<ExitCode> {
  const sandbox = await start(options, quiet ? undefined : (line: string) => void io.stderr.write(`${line}\n`));
  const statePath = options.statePath;
  const state = statePath === undefined ? undefined : { path: statePath, contacts: sandbox.store.count() };
  io.stdout.write(formatStartText({ url: sandbox.url, token: sandbox.token, state, faults: describeFaults(options) }));
  await aborted(io.signal);
  await sandbox.close();
  io.stderr.write(`sandbox stopped${statePath === undefined ? '' : `; state saved to ${statePath}`}\n`);
  return 0;
}
