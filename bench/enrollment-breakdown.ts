/**
 * Where an enrollment run's time goes (bench/enrollment.bench.ts): seconds per workflow step from the run's own
 * step log, handler time per function, DynamoDB requests by operation and CPU seconds of the stack process and
 * of the DynamoDB emulator process.
 */
import type { EmulatorStats } from '../local/dynamodb.ts';
import { invocationObservers } from '../local/lambda-runtime.ts';
import type { LocalStack } from '../local/stack.ts';
import { dynamoStepLog } from '../src/adapters/dynamo-step-log.ts';
import type { StackClients } from '../src/cli/stack-client.ts';

export interface Meter {
  /** Prints the breakdown of everything since the meter started. */
  report(clients: StackClients, uploadId: string, wallSeconds: number, rows: number): Promise<void>;
}

/** Starts counting: handler time per function, CPU of this process and of the emulator. */
export async function startMeter(stack: LocalStack): Promise<Meter> {
  const handlerMs = new Map<string, { calls: number; ms: number }>();
  const observe = (name: string, ms: number) => {
    const m = handlerMs.get(name) ?? { calls: 0, ms: 0 };
    m.calls += 1;
    m.ms += ms;
    handlerMs.set(name, m);
  };
  invocationObservers.add(observe);
  const cpu0 = process.cpuUsage();
  const emulator0 = await stack.dynamoStats();
  return {
    async report(clients, uploadId, wallSeconds, rows) {
      invocationObservers.delete(observe);
      const cpu = process.cpuUsage(cpu0);
      const emulator = await stack.dynamoStats();
      const steps = await dynamoStepLog(clients.dynamo, clients.info.tables.uploads).list(uploadId);
      const bySteps = new Map<string, { n: number; ms: number; first: number; last: number }>();
      for (const s of steps) {
        const b = bySteps.get(s.step) ?? { n: 0, ms: 0, first: Number.POSITIVE_INFINITY, last: 0 };
        b.n += 1;
        b.ms += s.durationMs;
        b.first = Math.min(b.first, Date.parse(s.startedAt));
        b.last = Math.max(b.last, Date.parse(s.endedAt));
        bySteps.set(s.step, b);
      }
      const t0 = Math.min(...[...bySteps.values()].map((b) => b.first));
      console.log('steps (step log): runs, summed seconds, mean ms per run, span from first start (s)');
      for (const [step, b] of bySteps)
        console.log(
          `  ${step.padEnd(18)} ${String(b.n).padStart(5)}  ${(b.ms / 1000).toFixed(1).padStart(7)} s  ${(b.ms / b.n).toFixed(0).padStart(6)} ms  ${((b.first - t0) / 1000).toFixed(1)}–${((b.last - t0) / 1000).toFixed(1)} s`,
        );
      console.log('handlers (wall ms summed over concurrent calls): calls, seconds');
      for (const [name, m] of [...handlerMs].sort((a, b) => b[1].ms - a[1].ms))
        console.log(
          `  ${name.padEnd(18)} ${String(m.calls).padStart(5)}  ${(m.ms / 1000).toFixed(1).padStart(7)} s`,
        );
      const requests = diff(emulator0, emulator);
      const total = Object.values(requests).reduce((a, b) => a + b, 0);
      console.log(
        `DynamoDB requests: ${total}, ${(total / rows).toFixed(2)} per row (${Object.entries(requests)
          .sort((a, b) => b[1] - a[1])
          .map(([op, n]) => `${op} ${n}`)
          .join(', ')})`,
      );
      const seconds = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;
      const emulatorCpu = seconds(emulator.cpu) - seconds(emulator0.cpu);
      console.log(
        `CPU: stack process ${seconds(cpu).toFixed(1)} s (user ${(cpu.user / 1e6).toFixed(1)}, system ${(cpu.system / 1e6).toFixed(1)}), ` +
          `DynamoDB emulator ${emulatorCpu.toFixed(1)} s, over ${wallSeconds.toFixed(1)} s wall ` +
          `(${((seconds(cpu) + emulatorCpu) / wallSeconds).toFixed(2)} cores busy)`,
      );
      // Each process runs its JavaScript on one thread and both are CPU-bound: on an otherwise idle 2-core machine
      // the run can go no faster than the busier of the two.
      const perRow = (s: number) => (s * 1000) / rows;
      const floor = Math.max(seconds(cpu), emulatorCpu);
      console.log(
        `CPU per row: stack ${perRow(seconds(cpu)).toFixed(2)} ms, emulator ${perRow(emulatorCpu).toFixed(2)} ms, ` +
          `${(((seconds(cpu) + emulatorCpu) * 1000) / Math.max(total, 1)).toFixed(2)} ms per DynamoDB request (both); ` +
          `at this CPU per row, 150,000 rows need ≥ ${((floor / rows) * 150_000).toFixed(0)} s on an idle 2-core machine`,
      );
    },
  };
}

function diff(before: EmulatorStats, after: EmulatorStats): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after.requests)
      .map(([op, n]) => [op, n - (before.requests[op] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );
}
