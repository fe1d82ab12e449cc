import { Agent, request } from 'node:http';

/** One answer the steady client got: when (performance.now()) and its status (0: no answer). */
export interface SteadyAnswer {
  at: number;
  status: number;
}

export interface SteadyClient {
  answers: SteadyAnswer[];
  stop(): Promise<void>;
}

/**
 * Another client of the same org sharing the rate limit (or, `strict`, a bare loop pacing as evenly as timers allow): `perSecond` lookups evenly spaced, open loop (it does not
 * slow down on 429, nor retry), over plain http with keep-alive, as a second integration of the same customer would.
 */
export function startSteadyClient(url: string, org: string, token: string, perSecond: number, spacing: 'catch-up' | 'strict' = 'catch-up'): SteadyClient {
  const { hostname, port } = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const headers = { authorization: `Bearer ${token}` };
  const answers: SteadyAnswer[] = [];
  const pending = new Set<Promise<void>>();
  const gapMs = 1000 / perSecond;
  let next = performance.now();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const send = (): void => {
    const done = new Promise<void>((resolve) => {
      const path = `/v2/org/${org}/contact/pn/%2B14155550100`;
      const req = request({ hostname, port, path, method: 'GET', agent, headers }, (res) => {
        res.resume();
        res.on('end', () => {
          answers.push({ at: performance.now(), status: res.statusCode ?? 0 });
          resolve();
        });
      });
      req.on('error', () => {
        answers.push({ at: performance.now(), status: 0 });
        resolve();
      });
      req.end();
    });
    pending.add(done);
    void done.then(() => pending.delete(done));
  };

  // Sends what is due by now (catching up after a late timer), then sleeps until the next one is due.
  const tick = (): void => {
    if (stopped) return;
    const now = performance.now();
    if (spacing === 'strict') {
      // One send a tick, the next a full gap after it: never two closer than the gap, whatever the timer did.
      if (next <= now) {
        send();
        next = now + gapMs;
      }
    } else for (; next <= now; next += gapMs) send();
    timer = setTimeout(tick, Math.max(0, next - performance.now()));
  };
  tick();

  return {
    answers,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await Promise.all(pending);
      agent.destroy();
    },
  };
}
