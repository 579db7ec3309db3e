/**
 * Validator benchmark: a 1,000,000-row CSV (and a 100,000-row one) under bench/.data, timed through
 * validateRows and through plain papaparse streaming of the same file in the same run; peak RSS of each
 * run (each in its own process, its VmHWM: bench/peak-rss.ts); and a 1,000,000-row XLSX
 * written with the streaming writer, validated under the 1.5 GB goal.
 * First, the whole `lindung validate` command on a clean 1,000,000-row CSV against plain papaparse streaming
 * of the same file, side by side (bench/whole-command.ts).
 * Goals: the whole command ≥ half of papaparse's rows/s; validateRows too; CSV peak RSS < 300 MB and flat
 * from 100k to 1M rows.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { writeSample } from '../src/validation/sample.ts';
import { cleanSample, compareWholeCommand, describeComparison } from './whole-command.ts';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = join(here, '.data');
const CHILD = join(here, 'validate-child.ts');
const run$ = promisify(execFile);

interface Measurement {
  mode: string;
  file: string;
  rows: number;
  valid?: number;
  rejected?: number;
  ms: number;
  rowsPerSecond: number;
  maxRssMB: number;
  sampledPeakRssMB: number;
}

async function ensureSample(name: string, rows: number, format: 'csv' | 'xlsx'): Promise<string> {
  const path = join(DATA, name);
  if (!existsSync(path)) {
    const started = Date.now();
    process.stdout.write(`  writing ${name} (${rows.toLocaleString('en')} rows)… `);
    // XLSX with a shared-strings table, as Excel writes it: the reader's heavier, realistic case.
    await writeSample({ rows, errorRate: 0.05, seed: 2025, format, sharedStrings: true }, path);
    console.log(
      `${((Date.now() - started) / 1000).toFixed(1)} s, ${((await stat(path)).size / 1e6).toFixed(1)} MB`,
    );
  }
  return path;
}

type Mode = 'papaparse' | 'papaparse-step' | 'papaparse-stream' | 'validate';

async function measure(mode: Mode, file: string): Promise<Measurement> {
  const { stdout } = await run$(process.execPath, ['--import', 'tsx', CHILD, mode, file], {
    maxBuffer: 1024 * 1024,
    env: process.env,
  });
  const line = stdout.trim().split('\n').at(-1) ?? '{}';
  return JSON.parse(line) as Measurement;
}

const fmt = (n: number) => n.toLocaleString('en');

export async function run(): Promise<void> {
  console.log('validate: validateRows vs papaparse streaming (each measurement in its own process)');
  console.log(
    '  (machine shared with other work: figures are indicative; the comparisons alternate the two)',
  );
  await mkdir(DATA, { recursive: true });
  const clean1m = await cleanSample(1_000_000);
  console.log('  clean 1,000,000-row CSV, whole command vs papaparse, median of 3 alternated runs:');
  for (const line of describeComparison(await compareWholeCommand(clean1m, 1_000_000, 3))) console.log(line);
  const csv100k = await ensureSample('workers-100k.csv', 100_000, 'csv');
  const csv1m = await ensureSample('workers-1m.csv', 1_000_000, 'csv');
  const xlsx1m = await ensureSample('workers-1m.xlsx', 1_000_000, 'xlsx');

  // papaparse: rows per chunk (its fastest streaming mode, the reference); papaparse-step: one callback per
  // row; papaparse-stream: its Node duplex (NODE_STREAM_INPUT) read with for await, one row at a time.
  const rows: Measurement[] = [];
  rows.push(await measure('papaparse', csv100k));
  rows.push(await measure('validate', csv100k));
  for (const mode of ['papaparse', 'papaparse-step', 'papaparse-stream', 'validate'] as const) {
    rows.push(await measure(mode, csv1m));
  }
  rows.push(await measure('validate', xlsx1m));

  console.log(
    `  ${'file'.padEnd(18)} ${'run'.padEnd(10)} ${'rows'.padStart(10)} ${'seconds'.padStart(8)} ${'rows/s'.padStart(10)} ${'peak RSS'.padStart(9)}`,
  );
  for (const m of rows) {
    console.log(
      `  ${m.file.padEnd(18)} ${m.mode.padEnd(16)} ${fmt(m.rows).padStart(10)} ${(m.ms / 1000).toFixed(2).padStart(8)} ${fmt(m.rowsPerSecond).padStart(10)} ${`${m.maxRssMB} MB`.padStart(9)}`,
    );
  }
  const pick = (file: string, mode: string) => rows.find((m) => m.file === file && m.mode === mode);
  const papa = pick('workers-1m.csv', 'papaparse');
  const ours = pick('workers-1m.csv', 'validate');
  const small = pick('workers-100k.csv', 'validate');
  const xlsx = pick('workers-1m.xlsx', 'validate');
  if (papa && ours && small && xlsx) {
    const ratio = ours.rowsPerSecond / papa.rowsPerSecond;
    console.log(
      `  validateRows / papaparse rate (1M CSV): ${ratio.toFixed(2)} (goal ≥ 0.50) ${ratio >= 0.5 ? 'OK' : 'MISSED'}`,
    );
    console.log(
      `  CSV peak RSS 100k → 1M: ${small.maxRssMB} MB → ${ours.maxRssMB} MB (goal < 300 MB, flat) ${ours.maxRssMB < 300 ? 'OK' : 'MISSED'}`,
    );
    console.log(
      `  XLSX 1M peak RSS: ${xlsx.maxRssMB} MB (goal < 1,536 MB) ${xlsx.maxRssMB < 1536 ? 'OK' : 'MISSED'}`,
    );
  }
}
