/**
 * Flat memory and speed of `lindung validate` (issue #9): a 1,000,000-row CSV where every row is rejected,
 * through the real command with --json (issues streamed to stdout, kept in a file here), its peak RSS read
 * by /usr/bin/time; and a clean 1,000,000-row CSV through validateRows, plain papaparse streaming and the
 * whole command (bench/whole-command.ts: alternated with papaparse, median of 3), side by side in one run.
 * Goals: all-rejected peak RSS < 300 MB; the whole command (and validateRows) ≥ 0.5 × papaparse's rows/s on
 * the clean file.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cleanSample, compareWholeCommand, describeComparison } from './whole-command.ts';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = join(here, '.data');
const ROOT = join(here, '..');
const run$ = promisify(execFile);
const ROWS = Number(process.env.LINDUNG_BENCH_ROWS ?? 1_000_000);

/** The clean file with every row's gender made unreadable ('X'): every row rejected (INVALID_GENDER). */
async function ensureRejected(clean: string): Promise<string> {
  const path = join(DATA, `rejected-${ROWS}.csv`);
  if (existsSync(path)) return path;
  const out = createWriteStream(path);
  let header = true;
  for await (const line of createInterface({ input: createReadStream(clean) })) {
    const cells = line.split(',');
    if (!header) cells[3] = 'X';
    header = false;
    if (!out.write(`${cells.join(',')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return path;
}

/** `lindung validate FILE --agency disnakertrans --json > out`, under /usr/bin/time. */
async function cli(file: string, out: string): Promise<{ seconds: number; maxRssMB: number }> {
  const script = `"${process.execPath}" bin/lindung.mjs validate "${file}" --agency disnakertrans --json > "${out}"`;
  const { stderr } = await run$('/usr/bin/time', ['-f', 'TIME %e %M', 'sh', '-c', script], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: { stderr?: string; code?: number }) => {
    // exit code 2 is a file error; anything is reported below from the output
    return { stderr: error.stderr ?? '' };
  });
  const match = /TIME ([\d.]+) (\d+)/.exec(stderr);
  return { seconds: Number(match?.[1] ?? Number.NaN), maxRssMB: Math.round(Number(match?.[2] ?? 0) / 1024) };
}

/** Issues in the streamed JSON (one a line) and its counts (the last line), without loading it whole. */
async function readJsonOutput(out: string): Promise<{ issues: number; counts: string }> {
  let lines = 0;
  let last = '';
  for await (const line of createInterface({ input: createReadStream(out) })) {
    lines += 1;
    last = line;
  }
  return { issues: lines - 2, counts: last };
}

async function child(mode: 'papaparse' | 'validate', file: string) {
  const { stdout } = await run$(
    process.execPath,
    ['--import', 'tsx', join(here, 'validate-child.ts'), mode, file],
    {
      cwd: ROOT,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
    rows: number;
    ms: number;
    rowsPerSecond: number;
    maxRssMB: number;
  };
}

export async function run(): Promise<void> {
  console.log(
    `validate-flat: ${ROWS.toLocaleString('en')} rows (machine shared with other work: figures are indicative)`,
  );
  await mkdir(DATA, { recursive: true });
  const clean = await cleanSample(ROWS);
  const rejected = await ensureRejected(clean);
  const out = join(DATA, 'validate-out.json');

  const bad = await cli(rejected, out);
  const badOut = await readJsonOutput(out);
  console.log(
    `  all rejected, lindung validate --json: ${bad.seconds} s, peak RSS ${bad.maxRssMB} MB (goal < 300) ${bad.maxRssMB < 300 ? 'OK' : 'MISSED'}; ${badOut.issues.toLocaleString('en')} issues streamed; ${badOut.counts}`,
  );
  // The output must be one JSON document: parse it when it is small enough to hold.
  if ((await stat(out)).size < 512 * 1024 * 1024) JSON.parse(await readFile(out, 'utf8'));
  await rm(out, { force: true });

  const papa = await child('papaparse', clean);
  const ours = await child('validate', clean);
  const ratio = ours.rowsPerSecond / papa.rowsPerSecond;
  console.log(
    `  clean, papaparse streaming:   ${(papa.ms / 1000).toFixed(2)} s, ${papa.rowsPerSecond.toLocaleString('en')} rows/s, ${papa.maxRssMB} MB`,
  );
  console.log(
    `  clean, validateRows:          ${(ours.ms / 1000).toFixed(2)} s, ${ours.rowsPerSecond.toLocaleString('en')} rows/s, ${ours.maxRssMB} MB`,
  );
  console.log(
    `  validateRows / papaparse: ${ratio.toFixed(2)} (goal ≥ 0.50) ${ratio >= 0.5 ? 'OK' : 'MISSED'}`,
  );
  console.log('  clean, whole command vs papaparse, median of 3 alternated runs:');
  for (const line of describeComparison(await compareWholeCommand(clean, ROWS, 3))) console.log(line);
}
