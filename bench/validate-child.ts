/**
 * One measurement in its own process, so its peak RSS is its own: prints one JSON line.
 *   node --import tsx bench/validate-child.ts <papaparse|validate> <file>
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import Papa from 'papaparse';
import { validationRules } from '../src/validation/default-rules.ts';
import { loadRegionDirectory } from '../src/validation/regions.ts';
import { validateRows } from '../src/validation/validate-rows.ts';
import { peakRssMB } from './peak-rss.ts';

const MODES = ['papaparse', 'papaparse-step', 'papaparse-stream', 'validate'] as const;
type Mode = (typeof MODES)[number];
const [modeArg, file] = process.argv.slice(2);
const mode = MODES.find((m) => m === modeArg);
if (!file || !mode) {
  console.error(`usage: validate-child.ts <${MODES.join('|')}> <file>`);
  process.exit(1);
}

let sampledPeak = 0;
const sampler = setInterval(() => {
  sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
}, 50);

/** papaparse over a file stream, rows delivered per chunk (its fastest streaming mode). */
async function papaparseChunks(path: string): Promise<number> {
  let rows = 0;
  await new Promise<void>((resolve, reject) => {
    Papa.parse(createReadStream(path), {
      chunk: (results: Papa.ParseResult<unknown>) => {
        rows += results.data.length;
      },
      complete: () => resolve(),
      error: (error: Error) => reject(error),
    });
  });
  return rows - 1; // header
}

/** papaparse over a file stream, one callback per row. */
async function papaparseSteps(path: string): Promise<number> {
  let rows = 0;
  await new Promise<void>((resolve, reject) => {
    Papa.parse(createReadStream(path), {
      step: () => {
        rows += 1;
      },
      complete: () => resolve(),
      error: (error: Error) => reject(error),
    });
  });
  return rows - 1;
}

/** papaparse's Node duplex stream (NODE_STREAM_INPUT), rows read with for await. */
async function papaparseStream(path: string): Promise<number> {
  let rows = 0;
  const parser = createReadStream(path).pipe(Papa.parse(Papa.NODE_STREAM_INPUT, {}));
  for await (const _row of parser) rows += 1;
  return rows - 1;
}

async function validate(path: string): Promise<{ rows: number; valid: number; rejected: number }> {
  const regions = await loadRegionDirectory('6408');
  const rules = validationRules(
    {
      regency: { code: '6408' },
      programme: { minAge: 18, maxAge: 64, excludedOccupations: ['PNS', 'ASN', 'PPPK', 'TNI', 'POLRI'] },
    },
    { programmeStart: `${new Date().getFullYear()}-01-01`, maxFileBytes: 1024 * 1024 * 1024 },
  );
  let valid = 0;
  let rejected = 0;
  for await (const r of validateRows(createReadStream(path), basename(path), {
    uploader: { kind: 'agency', agency: 'disnakertrans' },
    rules,
    regions,
  })) {
    if (r.kind === 'valid') valid += 1;
    else rejected += 1;
  }
  return { rows: valid + rejected, valid, rejected };
}

const started = process.hrtime.bigint();
const runners: Record<Mode, (path: string) => Promise<{ rows: number }>> = {
  papaparse: async (path) => ({ rows: await papaparseChunks(path) }),
  'papaparse-step': async (path) => ({ rows: await papaparseSteps(path) }),
  'papaparse-stream': async (path) => ({ rows: await papaparseStream(path) }),
  validate,
};
const result = await runners[mode](file);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
clearInterval(sampler);
sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
console.log(
  JSON.stringify({
    mode,
    file: basename(file),
    ...result,
    ms: Math.round(ms),
    rowsPerSecond: Math.round((result.rows / ms) * 1000),
    maxRssMB: peakRssMB(),
    sampledPeakRssMB: Math.round(sampledPeak / 1024 / 1024),
  }),
);
