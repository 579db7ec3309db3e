import { fork } from 'node:child_process';

const CHILD = new URL('./dynamodb-process.mjs', import.meta.url).pathname;

/** What the emulator process has done since it started: its CPU time (µs) and requests by operation. */
export interface EmulatorStats {
  cpu: NodeJS.CpuUsage;
  requests: Record<string, number>;
}

/**
 * Forks the DynamoDB emulator (local/dynamodb-process.mjs) on `path` and waits until it listens. `stop` closes
 * its database and waits for the process to end; if this process dies first, the emulator follows (its IPC
 * channel closes).
 */
export async function startDynamoProcess(
  path: string,
  port: number,
): Promise<{ url: string; stop: () => Promise<void>; stats: () => Promise<EmulatorStats> }> {
  const child = fork(CHILD, [path, String(port)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // Plain JavaScript: no TypeScript loader or test-runner flags in the child. A larger young generation: with
    // ~160 requests in flight, many short-lived objects outlive the default 16 MB semi-space and get copied
    // (10k-row enrollment bench, side by side on a loaded machine: emulator CPU 26.1 s -> 25.1 s).
    execArgv: ['--max-semi-space-size=64'],
  });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const listening = await new Promise<number>((ok, fail) => {
    child.once('message', (m: { port?: number; error?: string }) =>
      m.port ? ok(m.port) : fail(new Error(`DynamoDB emulator: ${m.error ?? 'did not start'}`)),
    );
    child.once('exit', (code) =>
      fail(new Error(`DynamoDB emulator exited with code ${code} before listening`)),
    );
  });
  return {
    url: `http://127.0.0.1:${listening}`,
    stats: () =>
      new Promise<EmulatorStats>((ok) => {
        const answer = (m: { stats?: EmulatorStats }) => {
          if (!m.stats) return;
          child.off('message', answer);
          ok(m.stats);
        };
        child.on('message', answer);
        child.send('stats');
      }),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send('stop');
      await exited;
    },
  };
}
