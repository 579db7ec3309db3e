import { describe, expect, it } from 'vitest';
import { sampleRows } from './sample-rows.ts';
import { kutaiTimur, SANGATTA_UTARA } from './test-helpers.ts';

describe('sample rows', () => {
  it('uses the real desa codes of the regency and realistic occupations', async () => {
    const regions = await kutaiTimur();
    const rows = [...sampleRows({ rows: 400, seed: 9, regions, programmeYear: 2025 })];
    const occupations = new Set(rows.map((r) => r.cells[5]));
    expect(occupations.has('Petani')).toBe(true);
    expect(occupations.has('Nelayan')).toBe(true);
    expect(occupations.has('Buruh Harian Lepas')).toBe(true);
    expect(rows.filter((r) => r.cells[6] !== '').length).toBeGreaterThan(150);
    for (const r of rows) {
      const desa = String(r.cells[4]);
      expect(regions.desaByCode(desa) ?? regions.findDesaByName(desa)[0], desa).toBeDefined();
    }
  });

  it('puts every worker of a desa upload in that desa, and injects about the asked share of errors', async () => {
    const regions = await kutaiTimur();
    const rows = [
      ...sampleRows({
        rows: 1000,
        seed: 4,
        errorRate: 0.2,
        regions,
        programmeYear: 2025,
        uploader: SANGATTA_UTARA,
      }),
    ];
    expect(rows.map((r) => r.row)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 2));
    const injected = rows.filter((r) => r.injected).length;
    expect(injected).toBeGreaterThan(150);
    expect(injected).toBeLessThan(250);
    for (const r of rows) {
      if (r.injected) continue;
      const desa = String(r.cells[4]);
      if (desa !== '')
        expect((regions.desaByCode(desa) ?? regions.findDesaByName(desa)[0])?.code).toBe('6408042001');
    }
  });
});
