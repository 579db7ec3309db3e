/**
 * The all-rejected file through the stack (issue #9): a 1,000,000-row CSV in which every row is rejected,
 * uploaded with `lindung process` (a child process) to a local stack running in this process, whose peak
 * RSS is measured here. Goals: the upload ends COMPLETED with rejected 1,000,000, errors.csv holds
 * 1,000,000 rows, the stack's peak RSS < 600 MB. Run validate-flat first (it writes the file).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { startLocalStack } from '../local/stack.ts';
import { clientsFor } from '../src/cli/stack-client.ts';
import { peakRssMB } from './peak-rss.ts';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, '..');
const ROWS = Number(process.env.LINDUNG_BENCH_ROWS ?? 1_000_000);
const run$ = promisify(execFile);

export async function run(): Promise<void> {
  const file = join(here, '.data', `rejected-${ROWS}.csv`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run bench -- validate-flat\` first`);
  console.log(
    `process-rejected: ${ROWS.toLocaleString('en')} rejected rows through the local stack (machine shared with other work)`,
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'lindung-bench-'));
  let sampled = 0;
  const sampler = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage().rss);
  }, 100);
  const stack = await startLocalStack({ dataDir, basePort: 0 });
  try {
    const started = Date.now();
    const { stdout } = await run$(
      process.execPath,
      ['bin/lindung.mjs', 'process', file, '--agency', 'disnakertrans', '--json', '--data-dir', dataDir],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
    const seconds = (Date.now() - started) / 1000;
    await stack.idle();
    const summary = JSON.parse(stdout) as {
      uploadId: string;
      status: string;
      rows: number;
      rejected: number;
    };
    const clients = clientsFor(stack.info);
    const report = await clients.s3.send(
      new GetObjectCommand({ Bucket: stack.info.bucket, Key: `reports/${summary.uploadId}/errors.csv` }),
    );
    let lines = 0;
    for await (const _ of createInterface({ input: report.Body as Readable })) lines += 1;
    const xlsx = await clients.s3.send(
      new GetObjectCommand({ Bucket: stack.info.bucket, Key: `reports/${summary.uploadId}/errors.xlsx` }),
    );
    clearInterval(sampler);
    const peak = peakRssMB();
    const ok =
      summary.status === 'COMPLETED' && summary.rejected === ROWS && lines - 1 === ROWS && peak < 600;
    console.log(
      `  ${summary.status}, rows ${summary.rows.toLocaleString('en')}, rejected ${summary.rejected.toLocaleString('en')} in ${seconds.toFixed(1)} s`,
    );
    console.log(
      `  errors.csv: ${(lines - 1).toLocaleString('en')} rows; errors.xlsx: ${((xlsx.ContentLength ?? 0) / 1e6).toFixed(1)} MB`,
    );
    console.log(
      `  stack peak RSS ${peak} MB (sampled ${Math.round(sampled / 1024 / 1024)} MB; goal < 600) ${ok ? 'OK' : 'MISSED'}`,
    );
  } finally {
    clearInterval(sampler);
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
