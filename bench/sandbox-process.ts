import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A sandbox in its own process, so the importer measured beside it has the other core and its own RSS. */
export interface SandboxProcess {
  url: string;
  token: string;
  stats(): Promise<{ requests: number; rateLimited: number; serverErrors: number; contacts: number; byOperation: Record<string, Record<string, number>> }>;
  stop(): Promise<void>;
}

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export async function startSandboxProcess(flags: string[] = []): Promise<SandboxProcess> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'sandbox', '--port', '0', '--quiet', ...flags], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(text);
      if (match) resolve(match[0]);
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited with ${code} before listening`)));
  });
  return {
    url,
    token: 'sandbox-token',
    stats: async () => (await fetch(`${url}/_sandbox/stats`)).json() as ReturnType<SandboxProcess['stats']>,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    },
  };
}
