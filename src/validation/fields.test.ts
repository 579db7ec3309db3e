import { describe, expect, it } from 'vitest';
import {
  cellText,
  nameProblem,
  normalizePhone,
  occupationMatcher,
  parseGender,
  titleCase,
} from './fields.ts';

describe('gender', () => {
  it('accepts L, P, LK, PR, Laki-laki, Perempuan, Pria, Wanita in any case', () => {
    for (const v of ['L', 'l', 'LK', 'Laki-laki', 'LAKI LAKI', 'laki-laki', 'Pria', 'pria'])
      expect(parseGender(v), v).toBe('L');
    for (const v of ['P', 'p', 'PR', 'Perempuan', 'PEREMPUAN', 'Wanita', 'wanita'])
      expect(parseGender(v), v).toBe('P');
  });

  it('rejects anything else', () => {
    for (const v of ['X', '1', '-', 'Lelaki?', 'LP', 'L/P']) expect(parseGender(v), v).toBeUndefined();
  });
});

describe('phone numbers', () => {
  it('normalises Indonesian mobile numbers to +62…', () => {
    expect(normalizePhone('081234567890')).toBe('+6281234567890');
    expect(normalizePhone('0812-3456-7890')).toBe('+6281234567890');
    expect(normalizePhone('+62 812 3456 7890')).toBe('+6281234567890');
    expect(normalizePhone('6281234567890')).toBe('+6281234567890');
    expect(normalizePhone('(0812) 3456.7890')).toBe('+6281234567890');
    expect(normalizePhone('81234567890')).toBe('+6281234567890');
    expect(normalizePhone('0852123456')).toBe('+62852123456');
  });

  it('rejects landlines, foreign, short and long numbers', () => {
    for (const v of [
      '0211234567',
      '0549-21000',
      '12345',
      '+1 555 0100',
      '0812',
      '0812345678901234',
      '0801234567',
    ])
      expect(normalizePhone(v), v).toBeUndefined();
  });
});

describe('names', () => {
  it('accepts letters of any alphabet, spaces, apostrophes, dots, commas and hyphens', () => {
    for (const name of [
      "Nur'aini",
      'Yohanes Lung, S.Pd',
      'Ni Luh Putu Ayu',
      'José Peña',
      'Siti-Aminah',
      'Σοφία',
      '李娜',
      'Ma’ruf',
    ])
      expect(nameProblem(name), name).toBeUndefined();
  });

  it('rejects digits, formula starts, fewer than two letters and other characters', () => {
    expect(nameProblem('Budi 2')).toBe('digits');
    expect(nameProblem('=1+1')).toBe('formula');
    expect(nameProblem('+628123')).toBe('formula');
    expect(nameProblem('-Budi')).toBe('formula');
    expect(nameProblem('@budi')).toBe('formula');
    expect(nameProblem('A')).toBe('too-short');
    expect(nameProblem('A.')).toBe('too-short');
    expect(nameProblem('Budi_Santoso')).toBe('characters');
    expect(nameProblem('Budi "Ucok"')).toBe('characters');
  });
});

describe('excluded occupations', () => {
  const matcher = occupationMatcher(['PNS', 'ASN', 'PPPK', 'TNI', 'POLRI']);

  it('recognises the codes and their spelled-out forms as whole words', () => {
    const cases: Array<[string, string]> = [
      ['PNS', 'PNS'],
      ['Guru PNS', 'PNS'],
      ['pegawai negeri sipil', 'PNS'],
      ['Aparatur Sipil Negara', 'ASN'],
      ['Pegawai Pemerintah dengan Perjanjian Kerja', 'PPPK'],
      ['P3K', 'PPPK'],
      ['TNI-AD', 'TNI'],
      ['Tentara Nasional Indonesia', 'TNI'],
      ['Polisi', 'POLRI'],
      ['Kepolisian', 'POLRI'],
      ['Anggota POLRI', 'POLRI'],
    ];
    for (const [occupation, group] of cases)
      expect(matcher.excludedGroup(occupation), occupation).toBe(group);
  });

  it('leaves informal occupations alone, even when they contain a code inside a word', () => {
    for (const o of ['Petani', 'Nelayan', 'Buruh Harian Lepas', 'Pedagang', 'Guru Honorer', 'Tukang Ojek'])
      expect(matcher.excludedGroup(o), o).toBeUndefined();
  });

  it('follows the configured list', () => {
    const noPppk = occupationMatcher(['PNS']);
    expect(noPppk.excludedGroup('PPPK')).toBeUndefined();
    expect(occupationMatcher(['Kepala Desa']).excludedGroup('kepala  desa')).toBe('Kepala Desa');
  });
});

describe('cell text', () => {
  it('shows cells as a person would read them', () => {
    expect(cellText('  x ')).toBe('x');
    expect(cellText(6408012001)).toBe('6408012001');
    expect(cellText(new Date(Date.UTC(1990, 7, 17)))).toBe('1990-08-17');
    expect(cellText(null)).toBe('');
    expect(cellText(true)).toBe('TRUE');
  });
});

describe('titleCase', () => {
  it('capitalises each word, also after a bracket, slash or hyphen', () => {
    expect(titleCase('KABUPATEN KUTAI TIMUR')).toBe('Kabupaten Kutai Timur');
    expect(titleCase('KUTAI KARTANEGARA (KUKAR)')).toBe('Kutai Kartanegara (Kukar)');
    expect(titleCase('kota baru/tanah-grogot')).toBe('Kota Baru/Tanah-Grogot');
  });
});
