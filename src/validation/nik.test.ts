import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidYmd } from './dates.ts';
import { cleanNik, decodeNik, detectExcelMangling, encodeNik, maskNik, nikDateIsValid } from './nik.ts';

const ymd = fc
  .record({
    year: fc.integer({ min: 1900, max: 2099 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
  })
  .filter((d) => isValidYmd(d.year, d.month, d.day));
const parts = fc.record({
  kecamatan: fc.stringMatching(/^[1-9]\d{5}$/),
  birthDate: ymd,
  gender: fc.constantFrom('L' as const, 'P' as const),
  serial: fc.integer({ min: 1, max: 9999 }),
});

describe('NIK encode/decode', () => {
  it('decodes every encoded NIK back to its region, birth date, gender and serial', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const nik = encodeNik(p);
        expect(nik).toMatch(/^\d{16}$/);
        const d = decodeNik(nik);
        expect(d).not.toBeNull();
        expect(d?.kecamatan).toBe(p.kecamatan);
        expect(d?.regency).toBe(p.kecamatan.slice(0, 4));
        expect(d?.province).toBe(p.kecamatan.slice(0, 2));
        expect(d?.day).toBe(p.birthDate.day);
        expect(d?.month).toBe(p.birthDate.month);
        expect(d?.yy).toBe(p.birthDate.year % 100);
        expect(d?.gender).toBe(p.gender);
        expect(Number(d?.serial)).toBe(p.serial);
        expect(d && nikDateIsValid(d, p.birthDate.year)).toBe(true);
      }),
    );
  });

  it('adds 40 to the day of birth for women', () => {
    expect(
      encodeNik({
        kecamatan: '640804',
        birthDate: { year: 1990, month: 8, day: 17 },
        gender: 'P',
        serial: 1,
      }),
    ).toBe('6408045708900001');
    expect(
      encodeNik({
        kecamatan: '640804',
        birthDate: { year: 1990, month: 8, day: 17 },
        gender: 'L',
        serial: 1,
      }),
    ).toBe('6408041708900001');
  });

  it('refuses to decode values that are not 16 digits', () => {
    for (const v of ['640804570890001', '64080457089000011', '6408O45708900001', ''])
      expect(decodeNik(v)).toBeNull();
  });

  it('checks the NIK date with the century of the birth-date column', () => {
    const leap = decodeNik('6408042902000001');
    expect(leap && nikDateIsValid(leap, 2000)).toBe(true);
    expect(leap && nikDateIsValid(leap, 1900)).toBe(false);
    expect(leap && nikDateIsValid(leap)).toBe(true);
    for (const bad of [
      '6408043508900001',
      '6408047208900001',
      '6408040008900001',
      '6408041713900001',
      '6408043102900001',
    ]) {
      const d = decodeNik(bad);
      expect(d && nikDateIsValid(d, 1990)).toBe(false);
    }
  });
});

describe('maskNik', () => {
  it('shows a NIK as its first 4 and last 2 digits with 10 stars between', () => {
    expect(maskNik('6408045708900012')).toBe('6408**********12');
    fc.assert(
      fc.property(fc.stringMatching(/^\d{16}$/), (nik) => {
        const masked = maskNik(nik);
        expect(masked).toBe(`${nik.slice(0, 4)}**********${nik.slice(14)}`);
        expect(masked.replace(/\*/g, '').length).toBe(6);
      }),
    );
  });

  it('never shows more than the first 4 and last 2 characters of other values, nor more than a third', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (value) => {
        const s = value.trim();
        const masked = maskNik(value);
        expect(masked.length).toBe(s.length);
        const shown = [...masked].filter((c, i) => c !== '*' && c === s[i]).length;
        expect(shown).toBeLessThanOrEqual(Math.min(6, Math.floor(s.length / 3) + Math.floor(s.length / 6)));
      }),
    );
    expect(maskNik('6.40804E+15')).toBe('6.4*******5');
    expect(maskNik('640804570890001')).toBe('6408*********01');
    expect(maskNik('12345')).toBe('*****');
  });
});

describe('cleanNik', () => {
  it('removes spaces, dots and the leading apostrophe Excel users type', () => {
    expect(cleanNik("'6408 0457.0890 0001")).toBe('6408045708900001');
    expect(cleanNik('6408\u00a0045708900001')).toBe('6408045708900001');
    expect(cleanNik('’6408045708900001')).toBe('6408045708900001');
  });
});

describe('detectExcelMangling', () => {
  it('recognises scientific notation, as Excel shows and exports long numbers', () => {
    for (const v of ['6.40804E+15', '6,40804E+15', '6.408045708E15', "'6.40804e+15"])
      expect(detectExcelMangling(v)).toBe('scientific');
  });

  it('recognises a numeric spreadsheet cell whose last digit Excel turned into 0', () => {
    expect(detectExcelMangling(6408045708900000)).toBe('numeric-cell');
    expect(detectExcelMangling(6.40804e15)).toBe('numeric-cell');
    expect(detectExcelMangling(94080457089000000)).toBe('numeric-cell');
  });

  it('accepts an exact 16-digit number that Excel could not have produced', () => {
    expect(detectExcelMangling(6408045708900001)).toBeNull();
  });

  it('recognises the serial 0000, which is what Excel makes of 0001', () => {
    expect(detectExcelMangling('6408045708900000')).toBe('zeroed-serial');
    expect(detectExcelMangling('6408045708900010')).toBeNull();
  });

  it('leaves short numbers and ordinary text to the format rule', () => {
    expect(detectExcelMangling(640805411200)).toBeNull();
    expect(detectExcelMangling('6408045708900001')).toBeNull();
    expect(detectExcelMangling('abc')).toBeNull();
  });
});
