import { fork } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startSandbox } from '../src/sandbox/index.js';

const TOTAL = 20_000;
const WARM_UP = 1_000;
const CONCURRENCY = 32;
/** Set in the environment of the client process, which runs this same file. */
const ROLE_VARIABLE = 'SANDBOX_BENCH_ROLE';

interface ClientJob {
  port: number;
  token: string;
}

/** One create over the keep-alive agent; resolves with the status. */
function create(job: ClientJob, agent: Agent, n: number): Promise<number> {
  const body = JSON.stringify({
    crm_id: `bench-${n}`,
    phone_number: { countryCode: 1, nationalNumber: 4155550000 + (n % 10_000) },
    opt_in_date: '2024-05-01T12:00:00Z',
    first_name: 'Bench',
  });
  const headers = { authorization: `Bearer ${job.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: job.port, path: '/v2/org/bench-org/contact', method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends `count` creates, CONCURRENCY at a time; returns the elapsed milliseconds. */
async function load(job: ClientJob, agent: Agent, first: number, count: number): Promise<number> {
  let next = first;
  const end = first + count;
  const began = performance.now();
  const worker = async (): Promise<void> => {
    while (next < end) {
      const status = await create(job, agent, next++);
      if (status !== 200) throw new Error(`create answered ${status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return performance.now() - began;
}

/** The client half, in its own process: it does not share the sandbox's event loop, and the sandbox's CPU time can be read alone. */
async function runClient(job: ClientJob): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    await load(job, agent, 0, WARM_UP);
    return await load(job, agent, WARM_UP, TOTAL);
  } finally {
    agent.destroy();
  }
}

export interface SandboxBenchResult {
  /** Creates answered a second, wall clock: what a client saw (depends on what else the machine runs). */
  createsPerSecond: number;
  /** Creates per second of the sandbox process's own CPU time: its capacity on one free core. */
  createsPerCpuSecond: number;
}

/** Creates a second against an in-process sandbox with no faults and no log, over keep-alive. */
export async function benchSandbox(): Promise<SandboxBenchResult> {
  const sandbox = await startSandbox({ port: 0, log: undefined });
  try {
    const client = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, [ROLE_VARIABLE]: 'client' } });
    const cpuBefore = process.cpuUsage();
    client.send({ port: sandbox.port, token: sandbox.token } satisfies ClientJob);
    // A client that dies before answering must fail the bench, not leave it waiting.
    const exited = once(client, 'exit').then(([code]) => {
      throw new Error(`bench client exited with ${String(code)}`);
    });
    exited.catch(() => undefined);
    const [ms] = (await Promise.race([once(client, 'message'), exited])) as [number];
    const cpu = process.cpuUsage(cpuBefore);
    client.kill();
    if (sandbox.store.count() !== WARM_UP + TOTAL) throw new Error(`stored ${sandbox.store.count()} contacts, expected ${WARM_UP + TOTAL}`);
    const createsPerSecond = Math.round((TOTAL / ms) * 1000);
    const createsPerCpuSecond = Math.round(((WARM_UP + TOTAL) / (cpu.user + cpu.system)) * 1e6);
    console.log(
      `sandbox: ${TOTAL} creates, concurrency ${CONCURRENCY}, keep-alive: ${createsPerSecond} creates/s ` +
        `(${createsPerCpuSecond} creates per CPU-second of the sandbox)`,
    );
    return { createsPerSecond, createsPerCpuSecond };
  } finally {
    await sandbox.close();
  }
}

if (process.env[ROLE_VARIABLE] === 'client') {
  // This file, forked as the bench's client: one job in, the elapsed milliseconds out.
  process.once('message', (job: ClientJob) => {
    runClient(job).then(
      (ms) => process.send?.(ms),
      (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
        process.disconnect?.();
      },
    );
  });
} else if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Run directly: node dist-bench/bench/sandbox-bench.js
  await benchSandbox();
}
