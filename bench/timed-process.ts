/**
 * A process run to its end for the benches that time whole commands (bench/cli.bench.ts,
 * bench/whole-command.ts): wall clock from spawn to exit, what it printed, and the median of such runs.
 */
import { spawn } from 'node:child_process';
import { basename } from 'node:path';

export interface TimedOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Collect stdout (else it is discarded). Default true. */
  keepStdout?: boolean;
}

/** Runs `command args` to its end; wall-clock milliseconds and its stdout. Rejects when it exits non-zero. */
export function timedProcess(
  command: string,
  args: string[],
  { cwd, env, keepStdout = true }: TimedOptions,
): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: ['ignore', keepStdout ? 'pipe' : 'ignore', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0)
        reject(
          new Error(`${basename(command)} ${args.join(' ')} exited with ${code}: ${stderr.slice(0, 500)}`),
        );
      else resolve({ ms, stdout });
    });
  });
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
