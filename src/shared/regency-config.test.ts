import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseRegencyConfig,
  readRegencyConfig,
  regencyConfigPath,
  regencyTimeZone,
} from './regency-config.ts';
import { RegencyConfigError } from './regency-config-error.ts';

const scratch = mkdtempSync(join(tmpdir(), 'lindung-regency-'));
const write = (name: string, text: string): string => {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
};
/** The error `run` throws (each language is its own field of a LindungError). */
const thrown = (run: () => unknown): RegencyConfigError => {
  try {
    run();
  } catch (error) {
    return error as RegencyConfigError;
  }
  throw new Error('nothing thrown');
};

describe('regency configuration', () => {
  it('reads Kutai Timur by default and Penajam Paser Utara by name from config/', () => {
    const kutaiTimur = readRegencyConfig('kutai-timur');
    expect(kutaiTimur.regency.code).toBe('6408');
    expect(regencyTimeZone(kutaiTimur)).toBe('Asia/Makassar');
    const ppu = readRegencyConfig('penajam-paser-utara');
    expect(ppu.regency).toEqual({
      code: '6409',
      name: 'Kabupaten Penajam Paser Utara',
      province: 'Kalimantan Timur',
    });
    expect(ppu.mail.noticesFrom).toBe('lindung@penajamkab.go.id');
    expect(ppu.reports?.weekly.recipients).toContain('disnakertrans@penajamkab.go.id');
    expect(regencyConfigPath('penajam-paser-utara')).toMatch(/config\/penajam-paser-utara\.json$/);
  });

  it('reads a file given by path, e.g. a regency kept outside the repository', () => {
    const ppu = JSON.parse(readFileSync(regencyConfigPath('penajam-paser-utara'), 'utf8'));
    const path = write('bontang.json', JSON.stringify({ ...ppu, regency: { ...ppu.regency, code: '6474' } }));
    expect(readRegencyConfig(path).regency.code).toBe('6474');
  });

  it('a missing file says which one and how to choose, in Bahasa Indonesia and English', () => {
    const missing = join(scratch, 'tidak-ada.json');
    expect(() => readRegencyConfig(missing)).toThrow(RegencyConfigError);
    expect(() => readRegencyConfig(missing)).toThrow(
      `Konfigurasi kabupaten ${missing}: berkas tidak dapat dibaca (ENOENT). Pilih kabupaten dengan --regency`,
    );
    expect(thrown(() => readRegencyConfig('kabupaten-lain')).messageEn).toMatch(
      /^Regency configuration .*kabupaten-lain\.json: the file cannot be read \(ENOENT\)/,
    );
  });

  it('not JSON, and wrong fields, are named in both languages', () => {
    const broken = thrown(() => readRegencyConfig(write('broken.json', '{ "regency": ')));
    expect(broken.message).toMatch(/bukan JSON yang sah/);
    expect(broken.messageEn).toMatch(/not valid JSON/);
    const ppu = JSON.parse(readFileSync(regencyConfigPath('penajam-paser-utara'), 'utf8'));
    const wrong = {
      ...ppu,
      regency: { ...ppu.regency, code: '64.09' },
      reports: { ...ppu.reports, timeZone: 'Kalimantan/Timur' },
    };
    const error = (() => {
      try {
        parseRegencyConfig(wrong, 'ppu.json');
      } catch (e) {
        return e as RegencyConfigError;
      }
    })();
    expect(error?.id).toMatch(/^isian tidak sah — regency\.code: .*; reports\.timeZone: an IANA time zone/);
    expect(error?.en).toMatch(/^invalid fields — regency\.code/);
    const { mail: _, ...withoutMail } = ppu;
    expect(() => parseRegencyConfig(withoutMail, 'ppu.json')).toThrow(/mail:/);
  });

  it('a regency without a time zone cannot date letters: a clear error, not UTC', () => {
    const { reports: _, ...noReports } = readRegencyConfig('penajam-paser-utara');
    expect(thrown(() => regencyTimeZone(noReports)).messageEn).toMatch(/reports\.timeZone.*not set/);
  });
});
