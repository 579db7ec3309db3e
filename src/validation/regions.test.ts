import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRegionDirectory, loadRegionDirectory, normalizeDesaCode } from './regions.ts';
import { kutaiTimur } from './test-helpers.ts';

/** A made-up regency where two kecamatan each have a "Sidomulyo" (common in transmigration areas). */
const SYNTHETIC = {
  districts: 'code,regency_code,name\n35.01.01,35.01,Alpha\n35.01.02,35.01,Beta\n11.01.01,11.01,Bakongan\n',
  villages:
    'code,district_code,name\n35.01.01.2001,35.01.01,Sidomulyo\n35.01.02.2001,35.01.02,Sidomulyo\n35.01.02.1002,35.01.02,Kota Beta\n',
  regencies: 'code,province_code,name\n35.01,35,KABUPATEN CONTOH\n',
};

describe('RegionDirectory for Kutai Timur (idn-area-data)', () => {
  it('holds the 18 kecamatan and the 139 desa + 2 kelurahan of regency 64.08', async () => {
    const kt = await kutaiTimur();
    expect(kt.regencyCode).toBe('6408');
    expect(kt.regencyName).toBe('KABUPATEN KUTAI TIMUR');
    expect(kt.listKecamatan()).toHaveLength(18);
    expect(kt.listKecamatan()[0]).toEqual({ code: '640801', name: 'Muara Ancalong' });
    const desa = kt.listDesa();
    expect(desa).toHaveLength(141);
    expect(desa.filter((d) => d.kind === 'kelurahan').map((d) => d.name)).toEqual([
      'Teluk Lingga',
      'Singa Geweh',
    ]);
    expect(desa.every((d) => /^6408\d{6}$/.test(d.code) && d.kecamatanName !== '')).toBe(true);
  });

  it('finds a desa by its 10-digit code, with or without dots', async () => {
    const kt = await kutaiTimur();
    const expected = {
      code: '6408042001',
      name: 'Sangatta Utara',
      kecamatan: '640804',
      kecamatanName: 'Sangatta Utara',
      kind: 'desa',
    };
    expect(kt.desaByCode('6408042001')).toEqual(expected);
    expect(kt.desaByCode('64.08.04.2001')).toEqual(expected);
    expect(kt.desaByCode(' 64 08 04 2001 ')).toEqual(expected);
    expect(kt.desaByCode('6472011001')).toBeUndefined();
    expect(kt.desaByCode('640804200')).toBeUndefined();
    expect(kt.kecamatanOfDesa('64.08.04.2012')).toEqual({ code: '640804', name: 'Sangatta Utara' });
  });

  it('finds a desa by name ignoring case, spaces, punctuation and a Desa/Kelurahan prefix', async () => {
    const kt = await kutaiTimur();
    for (const name of [
      'Swarga Bara',
      '  SWARGA-bara ',
      'swargabara',
      'Desa Swarga Bara',
      'Ds. Swarga Bara',
    ]) {
      expect(
        kt.findDesaByName(name).map((d) => d.code),
        name,
      ).toEqual(['6408042012']);
    }
    expect(kt.findDesaByName('Kel. Teluk Lingga').map((d) => d.code)).toEqual(['6408041010']);
    expect(kt.findDesaByName('Kelurahan Teluk Lingga', 'Sangatta Utara').map((d) => d.code)).toEqual([
      '6408041010',
    ]);
    expect(kt.findDesaByName('Teluk Lingga', '64.08.01')).toEqual([]);
    expect(kt.findDesaByName('Atlantis')).toEqual([]);
  });

  it('knows every kecamatan of Indonesia for NIK prefixes, not only this regency', async () => {
    const kt = await kutaiTimur();
    expect(kt.isKnownKecamatan('640804')).toBe(true);
    expect(kt.isKnownKecamatan('647201')).toBe(true); // Palaran, Samarinda
    expect(kt.isKnownKecamatan('110101')).toBe(true); // Bakongan, Aceh Selatan
    expect(kt.isKnownKecamatan('640899')).toBe(false);
    expect(kt.isKnownKecamatan('999999')).toBe(false);
  });

  it('tells repeated desa names apart by kecamatan', () => {
    const dir = buildRegionDirectory('35.01', SYNTHETIC);
    expect(dir.regencyName).toBe('KABUPATEN CONTOH');
    expect(dir.findDesaByName('Sidomulyo').map((d) => d.code)).toEqual(['3501012001', '3501022001']);
    expect(dir.findDesaByName('sido mulyo', 'Kecamatan Beta').map((d) => d.code)).toEqual(['3501022001']);
    expect(dir.findDesaByName('Sidomulyo', '35.01.01').map((d) => d.code)).toEqual(['3501012001']);
    expect(dir.isKnownKecamatan('110101')).toBe(true);
  });

  it('refuses a regency it has no villages for', () => {
    expect(() => buildRegionDirectory('9999', SYNTHETIC)).toThrow(/no villages/);
    expect(() => buildRegionDirectory('64', SYNTHETIC)).toThrow(/4 digits/);
  });

  it('loads from another data folder (e.g. CSV files shipped beside a Lambda bundle)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'area-'));
    await writeFile(join(dir, 'villages.csv'), SYNTHETIC.villages);
    await writeFile(join(dir, 'districts.csv'), SYNTHETIC.districts);
    const loaded = await loadRegionDirectory('3501', { dataDir: dir });
    expect(loaded.listDesa()).toHaveLength(3);
    expect(loaded.regencyName).toBeUndefined();
    expect(await loadRegionDirectory('3501', { dataDir: dir })).toBe(loaded);
  });

  it('normalises desa codes', () => {
    expect(normalizeDesaCode('64.08.04.2001')).toBe('6408042001');
    expect(normalizeDesaCode('6408042001 - Sangatta Utara')).toBeNull();
    expect(normalizeDesaCode('64080420011')).toBeNull();
  });
});
