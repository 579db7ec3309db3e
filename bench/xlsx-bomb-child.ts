/**
 * One zip-bomb validation in its own process (TMPDIR a fresh folder): prints {code, ms, maxRssMB, peakTempMB}.
 *   node --import tsx bench/xlsx-bomb-child.ts <file.xlsx>
 */
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadRegionDirectory } from '../src/validation/regions.ts';
import { FileError } from '../src/validation/types.ts';
import { validateFile } from '../src/validation/validate-rows.ts';
import { peakRssMB } from './peak-rss.ts';

const file = process.argv[2] ?? '';
const dir = tmpdir();
const sizeOf = (path: string): number =>
  readdirSync(path, { withFileTypes: true }).reduce((n, d) => {
    const p = join(path, d.name);
    return n + (d.isDirectory() ? sizeOf(p) : (statSync(p, { throwIfNoEntry: false })?.size ?? 0));
  }, 0);
let peakTemp = 0;
const sampler = setInterval(() => {
  try {
    peakTemp = Math.max(peakTemp, sizeOf(dir));
  } catch {
    // a file removed while listed
  }
}, 10);
const regions = await loadRegionDirectory('6408');
const rules = {
  regencyCode: '6408',
  programmeStart: '2025-01-01',
  minAge: 18,
  maxAge: 64,
  excludedOccupations: [],
  maxFileBytes: 100 * 1024 * 1024,
};
const started = Date.now();
let code = 'ACCEPTED';
let message = '';
try {
  await validateFile(createReadStream(file), basename(file), {
    uploader: { kind: 'agency', agency: 'disnakertrans' },
    rules,
    regions,
  });
} catch (error) {
  if (!(error instanceof FileError)) throw error;
  code = error.code;
  message = error.messageEn;
}
const ms = Date.now() - started;
clearInterval(sampler);
console.log(
  JSON.stringify({
    code,
    message,
    ms,
    maxRssMB: peakRssMB(),
    peakTempMB: +(peakTemp / 1024 / 1024).toFixed(1),
  }),
);
