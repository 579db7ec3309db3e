import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * The regency is configuration: Penajam Paser Utara (64.09, config/penajam-paser-utara.json) runs end to end
 * through the real CLI with no code change: its own file chosen by LINDUNG_REGENCY or --regency, its own data
 * folder, its own desa (idn-area-data) and NIKs, its own programme figures (quota 40,000, ages 18–60).
 */
const run = promisify(execFile);
const REPO = new URL('../../', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'lindung-ppu-'));
const dataDir = join(scratch, 'data');
const file = join(scratch, 'tanjung-tengah.csv');
const TANJUNG_TENGAH = '6409011001'; // Desa Tanjung Tengah, Kecamatan Penajam

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `lindung …` as a person runs it; the regency from `env` (LINDUNG_REGENCY) or the arguments (--regency). */
async function lindung(args: string[], env: Record<string, string> = {}) {
  const childEnv = { ...process.env, ...env };
  if (!('LINDUNG_REGENCY' in env)) delete childEnv.LINDUNG_REGENCY;
  try {
    const out = await run(process.execPath, ['bin/lindung.mjs', ...args], {
      cwd: REPO,
      env: childEnv,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, ...out };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('a second regency from its own file: Penajam Paser Utara', () => {
  it('lindung process of a desa file completes with its own config and data folder', async () => {
    // The sample generator takes the regency: workers of a PPU desa, NIKs of PPU kecamatan.
    const sample = await lindung(
      ['--regency', 'penajam-paser-utara', 'sample', '--rows', '30', '--out', file, '--desa', TANJUNG_TENGAH],
      {},
    );
    expect(sample.code, sample.stderr).toBe(0);
    const rows = readFileSync(file, 'utf8').trim().split('\n').slice(1);
    expect(rows).toHaveLength(30);
    expect(rows.filter((r) => r.startsWith('6409')).length).toBeGreaterThan(20);

    const ppu = { LINDUNG_REGENCY: 'penajam-paser-utara' };
    const processed = await lindung(
      ['process', file, '--desa', TANJUNG_TENGAH, '--data-dir', dataDir, '--json'],
      ppu,
    );
    expect(processed.code, processed.stderr).toBe(0);
    const summary = JSON.parse(processed.stdout);
    expect(summary).toMatchObject({ status: 'COMPLETED', rows: 30, rejected: 0, failed: 0 });
    const outcomes = ['rejected', 'duplicates', 'referred', 'waitlisted', 'enrolled', 'failed'] as const;
    expect(outcomes.reduce((n, k) => n + summary[k], 0)).toBe(30);
    expect(summary.enrolled).toBeGreaterThan(20);

    // The local stack created the regency's example programme from its file, with its kecamatan.
    const quota = await lindung(['quota', '--json', '--data-dir', dataDir], ppu);
    expect(quota.code, quota.stderr).toBe(0);
    const gauge = JSON.parse(quota.stdout);
    expect(gauge).toMatchObject({ quota: 40_000, used: summary.enrolled });
    expect(gauge.byKecamatan.map((k: { name: string }) => k.name)).toEqual([
      'Penajam',
      'Waru',
      'Babulu',
      'Sepaku',
    ]);
    expect(gauge.byKecamatan[0]).toMatchObject({ code: '640901', used: summary.enrolled });
  }, 180_000);

  it('the same desa is not Kutai Timur’s: the default regency refuses it, naming its own example', async () => {
    const out = await lindung(['validate', file, '--desa', TANJUNG_TENGAH, '--json']);
    expect(JSON.parse(out.stdout).fileError).toMatchObject({ code: 'BAD_UPLOAD_KEY' });
    expect(JSON.parse(out.stdout).fileError.message).toMatch(
      /bukan desa di kabupaten ini \(6408\).*mis\. 6408/,
    );
  });

  it('a regency file that does not exist stops the CLI with a bilingual message', async () => {
    const out = await lindung(['quota', '--json', '--data-dir', dataDir], { LINDUNG_REGENCY: 'bontang' });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(
      /^lindung: Konfigurasi kabupaten .*config\/bontang\.json: berkas tidak dapat dibaca \(ENOENT\)/,
    );
    expect(out.stderr).toMatch(/the file cannot be read \(ENOENT\)/);
    expect(out.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
