import { describe, expect, it } from 'vitest';
import { generateSample } from './sample.ts';
import { type SampleOptions, sampleRows } from './sample-rows.ts';
import { AGENCY, codesOf, kutaiTimur, RULES, run, SANGATTA_UTARA } from './test-helpers.ts';
import type { RowResult, Uploader } from './types.ts';

const WARNINGS = new Set(['NIK_UNKNOWN_REGION', 'INVALID_PHONE']);

async function checkEveryRow(
  options: Omit<SampleOptions, 'regions'>,
  uploader: Uploader,
): Promise<RowResult[]> {
  const regions = await kutaiTimur();
  const base = { ...options, regions, programmeYear: 2025, minAge: RULES.minAge, maxAge: RULES.maxAge };
  const expected = [...sampleRows({ ...base, uploader })];
  const name = `sample.${options.format ?? 'csv'}`;
  const { results, error } = await run(generateSample({ ...base, uploader }), name, uploader, RULES, regions);
  expect(error).toBeUndefined();
  expect(results).toHaveLength(options.rows);
  results.forEach((r, i) => {
    const e = expected[i];
    const row = r.kind === 'valid' ? r.worker.row : r.row;
    expect(row).toBe(e?.row);
    expect(codesOf(r), `row ${row} (${e?.injected ?? 'clean'})`).toEqual(e?.injected ? [e.injected] : []);
    expect(r.kind).toBe(e?.injected && !WARNINGS.has(e.injected) ? 'rejected' : 'valid');
    if (r.kind === 'valid') expect(Boolean(r.worker.employer)).toBe(e?.employer);
  });
  return results;
}

describe('sample generator', () => {
  it('writes CSV rows that validate exactly as injected: clean rows valid, each injected error found', async () => {
    const results = await checkEveryRow({ rows: 3000, errorRate: 0.3, seed: 42, format: 'csv' }, AGENCY);
    const injected = new Set(results.flatMap(codesOf));
    expect(injected.size).toBe(16);
  });

  it('writes XLSX rows (date cells, numeric mangled NIKs) that validate exactly as injected', async () => {
    await checkEveryRow({ rows: 800, errorRate: 0.3, seed: 7, format: 'xlsx' }, AGENCY);
  });

  it('writes a desa upload whose workers all live in that desa', async () => {
    const results = await checkEveryRow(
      { rows: 500, errorRate: 0.2, seed: 3, format: 'csv', delimiter: ';' },
      SANGATTA_UTARA,
    );
    for (const r of results) if (r.kind === 'valid') expect(r.worker.desa).toBe('6408042001');
  });

  it('is deterministic for a seed', async () => {
    const regions = await kutaiTimur();
    const text = async (seed: number) => {
      const chunks: Buffer[] = [];
      for await (const c of generateSample({ rows: 200, errorRate: 0.1, seed, regions }))
        chunks.push(Buffer.from(c));
      return Buffer.concat(chunks).toString('utf8');
    };
    const a = await text(5);
    expect(await text(5)).toBe(a);
    expect(await text(6)).not.toBe(a);
    expect(a.split('\r\n')[0]).toBe(
      'NIK,Nama Lengkap,Tanggal Lahir,Jenis Kelamin,Kode Desa,Pekerjaan,No HP,Nama Pemberi Kerja,NIB Pemberi Kerja,Nama Proyek',
    );
  });
});
