import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ChildFigures {
  code: number;
  seconds: number;
  maxRssMB: number;
}

/** Runs a bench script in a fresh Node process and parses the JSON line it prints last. */
export function runJson<T>(script: string, args: string[], env: Record<string, string> = {}): Promise<T> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as T);
      } catch {
        reject(new Error(`${script} printed no figures: ${out}`));
      }
    });
  });
}

/** Runs `saleschat-bulk <args>` (the dist build) in a fresh process: exit code, wall time, peak RSS. */
export function runChild(args: string[], env: Record<string, string> = {}): Promise<ChildFigures> {
  return runJson<ChildFigures>('./child.js', args, env);
}
