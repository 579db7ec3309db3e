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

const [mode, file] = process.argv.slice(2);
if (!file || (mode !== 'papaparse' && mode !== 'validate')) {
  console.error('usage: validate-child.ts <papaparse|validate> <file>');
  process.exit(1);
}

let sampledPeak = 0;
const sampler = setInterval(() => {
  sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
}, 50);

async function papaparse(path: string): Promise<number> {
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
const result = mode === 'papaparse' ? { rows: await papaparse(file) } : await validate(file);
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
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    sampledPeakRssMB: Math.round(sampledPeak / 1024 / 1024),
  }),
);
