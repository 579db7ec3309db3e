/**
 * The whole `lindung validate` command against plain papaparse streaming of the same file, side by side in
 * one run (issue #9): each a fresh process, alternated (papaparse, lindung, papaparse, …) so a load change on
 * the machine hits both alike, wall clock from spawn to exit, the median of `runs`.
 * lindung: `node bin/lindung.mjs validate FILE --agency disnakertrans --json > /dev/null` (start-up, bundle
 * load, rules, region directory and output included). papaparse: bench/papaparse-child.mjs (plain JavaScript,
 * Node start-up included too; it also reports its parse alone, inside the process, the stricter baseline).
 */
import { existsSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSample } from '../src/validation/sample.ts';
import { median, timedProcess } from './timed-process.ts';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, '..');

/** A Node process (`node …args`) run from the project's root; stdout kept only when asked. */
const timed = (args: string[], keepStdout: boolean) =>
  timedProcess(process.execPath, args, { cwd: ROOT, keepStdout });

/**
 * The clean CSV the comparison runs on, bench/.data/clean-<rows>.csv (no injected errors, seed 909), written
 * when absent: validate.bench.ts and validate-flat.bench.ts share it.
 */
export async function cleanSample(rows: number): Promise<string> {
  const data = join(here, '.data');
  const path = join(data, `clean-${rows}.csv`);
  if (!existsSync(path)) {
    await mkdir(data, { recursive: true });
    const started = Date.now();
    process.stdout.write(`  writing clean-${rows}.csv (${rows.toLocaleString('en')} rows)… `);
    await writeSample({ rows, errorRate: 0, seed: 909, format: 'csv' }, path);
    console.log(
      `${((Date.now() - started) / 1000).toFixed(1)} s, ${((await stat(path)).size / 1e6).toFixed(1)} MB`,
    );
  }
  return path;
}

export interface CommandComparison {
  rows: number;
  /** Median wall clock of the papaparse process (Node start-up included). */
  papaparseMs: number;
  /** Median of papaparse's own parse time inside its process (no start-up). */
  papaparseParseMs: number;
  /** Median wall clock of the whole `lindung validate` command. */
  lindungMs: number;
  /** lindung's rows/s over papaparse's, both whole processes. */
  ratio: number;
  /** lindung's rows/s (whole command) over papaparse's parse alone. */
  strictRatio: number;
}

export async function compareWholeCommand(file: string, rows: number, runs = 3): Promise<CommandComparison> {
  // One run of each first, not counted: both read the file into the page cache and the CLI's compile cache.
  await timed([join(here, 'papaparse-child.mjs'), file], true);
  await timed(['bin/lindung.mjs', 'validate', file, '--agency', 'disnakertrans', '--json'], false);
  const papa: number[] = [];
  const papaParse: number[] = [];
  const ours: number[] = [];
  for (let i = 0; i < runs; i++) {
    const p = await timed([join(here, 'papaparse-child.mjs'), file], true);
    papa.push(p.ms);
    const printed = JSON.parse(p.stdout.trim().split('\n').at(-1) ?? '{}') as { rows: number; ms: number };
    if (printed.rows !== rows) throw new Error(`papaparse read ${printed.rows} rows, expected ${rows}`);
    papaParse.push(printed.ms);
    ours.push(
      (await timed(['bin/lindung.mjs', 'validate', file, '--agency', 'disnakertrans', '--json'], false)).ms,
    );
  }
  const papaparseMs = median(papa);
  const papaparseParseMs = median(papaParse);
  const lindungMs = median(ours);
  return {
    rows,
    papaparseMs,
    papaparseParseMs,
    lindungMs,
    ratio: papaparseMs / lindungMs,
    strictRatio: papaparseParseMs / lindungMs,
  };
}

/** The comparison as the bench prints it. */
export function describeComparison(c: CommandComparison): string[] {
  const rate = (ms: number) => Math.round((c.rows / ms) * 1000).toLocaleString('en');
  const s = (ms: number) => (ms / 1000).toFixed(2);
  return [
    `  papaparse streaming, whole process:   ${s(c.papaparseMs)} s  ${rate(c.papaparseMs)} rows/s (parse alone ${s(c.papaparseParseMs)} s, ${rate(c.papaparseParseMs)} rows/s)`,
    `  lindung validate --json, whole command: ${s(c.lindungMs)} s  ${rate(c.lindungMs)} rows/s`,
    `  whole command / papaparse (both with start-up): ${c.ratio.toFixed(2)} (goal ≥ 0.50) ${c.ratio >= 0.5 ? 'OK' : 'MISSED'}; / papaparse's parse alone: ${c.strictRatio.toFixed(2)}`,
  ];
}
