/**
 * Zip bombs (issue #13): a workbook whose sheet inflates to 2 GiB from a few MB, stated honestly and with a
 * forged small size, validated in its own process with its own TMPDIR. Goals: rejected in < 3 s, peak RSS
 * < 300 MB, < 50 MB of temporary files.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { zipBombWorkbook } from '../test/fixtures/validation/zip-bomb.ts';

const here = dirname(fileURLToPath(import.meta.url));
const DATA = join(here, '.data');
const run$ = promisify(execFile);

export async function run(): Promise<void> {
  console.log(
    'xlsx-bomb: 2 GiB-inflating workbooks (machine shared with other work: figures are indicative)',
  );
  await mkdir(DATA, { recursive: true });
  for (const lie of [false, true]) {
    const bomb = zipBombWorkbook(2 * 1024 ** 3, lie);
    const file = join(DATA, lie ? 'bomb-forged-size.xlsx' : 'bomb.xlsx');
    await writeFile(file, bomb);
    const tmp = await mkdtemp(join(tmpdir(), 'lindung-bomb-'));
    const { stdout } = await run$(
      process.execPath,
      ['--import', 'tsx', join(here, 'xlsx-bomb-child.ts'), file],
      {
        env: { ...process.env, TMPDIR: tmp },
      },
    );
    await rm(tmp, { recursive: true, force: true });
    const r = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      code: string;
      message: string;
      ms: number;
      maxRssMB: number;
      peakTempMB: number;
    };
    const ok = r.code !== 'ACCEPTED' && r.ms < 3000 && r.maxRssMB < 300 && r.peakTempMB < 50;
    console.log(
      `  ${lie ? 'forged size' : 'stated size'}: ${(bomb.length / 1e6).toFixed(1)} MB file → ${r.code} in ${(r.ms / 1000).toFixed(2)} s, peak RSS ${r.maxRssMB} MB, temp ${r.peakTempMB} MB ${ok ? 'OK' : 'MISSED'}`,
    );
    console.log(`    ${r.message}`);
  }
}
