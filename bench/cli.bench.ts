/**
 * The `lindung` command's own latency (issue #9): `lindung --help` and `lindung quota --json` against a running
 * local stack, each the median of 5 runs, wall clock from spawn to exit, Node start-up included. The command is
 * run as npm links it (bin/lindung.mjs through its `#!/usr/bin/env node` line) with the project's Node 22 first
 * on PATH: what `npx lindung` runs after npx's own start.
 * The stack: the one running for LINDUNG_BENCH_DATA_DIR when set, else one started here (`lindung start` on free
 * ports in a temporary folder, its example programme) and stopped at the end.
 * Goals: --help ≤ 0.3 s, quota --json ≤ 0.8 s.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, timedProcess } from './timed-process.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const LINDUNG = join(ROOT, 'bin', 'lindung.mjs');
const RUNS = 5;
/** The project's Node first on PATH, as npm puts it for npx and npm scripts. */
const env = {
  ...process.env,
  PATH: `${dirname(process.execPath)}:${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
};

const lindung = (args: string[]) => timedProcess(LINDUNG, args, { cwd: ROOT, env });

async function medianOf(
  args: string[],
  check: (stdout: string) => void,
): Promise<{ median: number; all: number[] }> {
  check((await lindung(args)).stdout); // not counted: a rebuild after an edit, the compile cache's first fill
  const all: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const { ms, stdout } = await lindung(args);
    check(stdout);
    all.push(ms);
  }
  return { median: median(all), all };
}

/** `lindung start` in the background; resolves once it prints that it is ready. */
async function startStack(dataDir: string): Promise<ChildProcess> {
  const child = spawn(LINDUNG, ['start', '--data-dir', dataDir, '--base-port', '0', '--no-examples'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the stack did not start in 120 s:\n${out}`)), 120_000);
    const seen = (d: Buffer) => {
      out += d.toString();
      if (out.includes('siap / ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', seen);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the stack exited (${code}) before it was ready:\n${out}`));
    });
  });
  return child;
}

async function stopStack(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function run(): Promise<void> {
  console.log(
    'cli: lindung --help and quota --json, median of 5 (machine shared with other work: indicative)',
  );
  const given = process.env.LINDUNG_BENCH_DATA_DIR;
  const dataDir = given ?? (await mkdtemp(join(tmpdir(), 'lindung-cli-bench-')));
  const stack = given ? undefined : await startStack(dataDir);
  try {
    const help = await medianOf(['--help'], (out) => {
      if (!out.includes('validate')) throw new Error('lindung --help did not list the commands');
    });
    const quota = await medianOf(['quota', '--json', '--data-dir', dataDir], (out) => {
      const report = JSON.parse(out) as { quota?: unknown };
      if (typeof report.quota !== 'number')
        throw new Error(`quota --json printed no quota: ${out.slice(0, 200)}`);
    });
    const line = (label: string, r: { median: number; all: number[] }, goal: number) =>
      `  ${label.padEnd(24)} median ${s(r.median)} (runs ${r.all.map((ms) => (ms / 1000).toFixed(2)).join(', ')}) goal ≤ ${goal} s ${r.median <= goal * 1000 ? 'OK' : 'MISSED'}`;
    console.log(line('lindung --help', help, 0.3));
    console.log(line('lindung quota --json', quota, 0.8));
  } finally {
    if (stack) {
      await stopStack(stack);
      await rm(dataDir, { recursive: true, force: true });
    }
  }
}
