import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What GET /_sandbox/stats reports (src/sandbox/stats.ts), as far as the bench reads it. */
export interface SandboxStats {
  requests: number;
  rateLimited: number;
  serverErrors: number;
  contacts: number;
  byOperation: Record<string, Record<string, number>>;
}

/** A sandbox in its own process, so the importer measured beside it has the other core and its own RSS. */
export interface SandboxProcess {
  url: string;
  token: string;
  /** performance.now() when it printed its address: about the 0 of a --rate-limit schedule. */
  readyAt: number;
  stats(): Promise<SandboxStats>;
  stop(): Promise<void>;
}

const CLI = fileURLToPath(new URL('../../bin/saleschat-bulk.js', import.meta.url));

export async function startSandboxProcess(flags: string[] = []): Promise<SandboxProcess> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'sandbox', '--port', '0', '--quiet', ...flags], { stdio: ['ignore', 'pipe', 'inherit'] });
  let readyAt = 0;
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(text);
      if (match) {
        readyAt = performance.now();
        resolve(match[0]);
      }
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited with ${code} before listening`)));
  });
  return {
    url,
    token: 'sandbox-token',
    readyAt,
    stats: async () => (await fetch(`${url}/_sandbox/stats`)).json() as ReturnType<SandboxProcess['stats']>,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    },
  };
}
