import { describe, expect, it } from 'vitest';
import { type FieldKey, matchHeader, matchHeaderRow, missingFields, normalizeHeader } from './columns.ts';

describe('header recognition', () => {
  it('recognises the headers agencies write, ignoring case, spaces and punctuation', () => {
    const cases: Array<[string, FieldKey]> = [
      ['NIK', 'nik'],
      ['No. KTP', 'nik'],
      ['nomor induk kependudukan', 'nik'],
      ['Nama', 'nama'],
      ['NAMA LENGKAP', 'nama'],
      ['Tanggal Lahir', 'tanggalLahir'],
      ['Tgl. Lahir', 'tanggalLahir'],
      ['tgl lahir', 'tanggalLahir'],
      ['Tanggal Lahir (DD-MM-YYYY)', 'tanggalLahir'],
      ['Jenis Kelamin', 'jenisKelamin'],
      ['JK', 'jenisKelamin'],
      ['L/P', 'jenisKelamin'],
      ['Jenis Kelamin (L/P)', 'jenisKelamin'],
      ['Kode Desa', 'desa'],
      ['Desa', 'desa'],
      ['Desa/Kelurahan', 'desa'],
      ['Kelurahan', 'desa'],
      ['Kecamatan', 'kecamatan'],
      ['Pekerjaan', 'pekerjaan'],
      ['No HP', 'noHp'],
      ['No. HP', 'noHp'],
      ['Telepon', 'noHp'],
      ['Nama Pemberi Kerja', 'namaPemberiKerja'],
      ['Perusahaan', 'namaPemberiKerja'],
      ['NIB Pemberi Kerja', 'nibPemberiKerja'],
      ['Nama Proyek', 'namaProyek'],
      ['  NIK * ', 'nik'],
    ];
    for (const [header, key] of cases) expect(matchHeader(header), header).toBe(key);
  });

  it('does not take an employer or project name for the worker name', () => {
    expect(matchHeader('Nama Pemberi Kerja')).not.toBe('nama');
    expect(matchHeader('Nama Proyek')).not.toBe('nama');
    expect(matchHeader('Keterangan')).toBeUndefined();
    expect(normalizeHeader('(L/P)')).toBe('lp');
  });

  it('tells a header row from a title row and a data row', () => {
    expect(matchHeaderRow(['DAFTAR PEKERJA RENTAN', null, '']).matched).toBe(0);
    expect(matchHeaderRow(['6408045708900001', 'Siti', '17-08-1990', 'P']).matched).toBe(0);
    const header = matchHeaderRow(['No', 'NIK', 'Nama', 'Tgl Lahir', 'JK', 'Nama', 'Pekerjaan']);
    expect(header.matched).toBe(5);
    expect(header.columns).toEqual({ nik: 1, nama: 2, tanggalLahir: 3, jenisKelamin: 4, pekerjaan: 6 });
    expect(missingFields(header, 'desa')).toEqual([]);
    expect(missingFields(header, 'agency')).toEqual(['desa']);
  });
});
