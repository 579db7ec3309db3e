import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageOn,
  civilFromDays,
  type DateStyle,
  daysFromCivil,
  excelSerialToYmd,
  formatDate,
  formatIso,
  isValidYmd,
  parseDateText,
  parseDateValue,
  parseIsoDate,
  ymdToExcelSerial,
} from './dates.ts';

const ymd = (min = 1000, max = 2999) =>
  fc
    .record({
      year: fc.integer({ min, max }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 31 }),
    })
    .filter((d) => isValidYmd(d.year, d.month, d.day));
const STYLES: DateStyle[] = ['dd-mm-yyyy', 'dd/mm/yyyy', 'dd.mm.yyyy', 'iso', 'd month yyyy', 'd mon yyyy'];

describe('date parsing and formatting', () => {
  it('parses back every day it formats, in every accepted style', () => {
    fc.assert(
      fc.property(ymd(), fc.constantFrom(...STYLES), (d, style) => {
        const parsed = parseDateText(formatDate(d, style));
        expect(parsed).toEqual({ ok: true, date: d });
      }),
    );
  });

  it('round-trips Excel serial numbers from March 1900 on', () => {
    fc.assert(
      fc.property(
        ymd(1900, 9999).filter((d) => d.year > 1900 || d.month > 2),
        (d) => {
          expect(excelSerialToYmd(ymdToExcelSerial(d))).toEqual(d);
        },
      ),
    );
  });

  it('round-trips day counts', () => {
    fc.assert(
      fc.property(ymd(1, 9999), (d) => {
        expect(civilFromDays(daysFromCivil(d))).toEqual(d);
      }),
    );
  });

  it('reads Excel serials like Excel, including its fictitious 29 February 1900', () => {
    expect(excelSerialToYmd(1)).toEqual({ year: 1900, month: 1, day: 1 });
    expect(excelSerialToYmd(59)).toEqual({ year: 1900, month: 2, day: 28 });
    expect(excelSerialToYmd(60)).toBeNull();
    expect(excelSerialToYmd(61)).toEqual({ year: 1900, month: 3, day: 1 });
    expect(excelSerialToYmd(32874)).toEqual({ year: 1990, month: 1, day: 1 });
    expect(excelSerialToYmd(45658)).toEqual({ year: 2025, month: 1, day: 1 });
    expect(excelSerialToYmd(45658.75)).toEqual({ year: 2025, month: 1, day: 1 });
    expect(excelSerialToYmd(0, true)).toBeNull();
    expect(excelSerialToYmd(1, true)).toEqual({ year: 1904, month: 1, day: 2 });
  });

  it('reads day-first numeric dates with -, / or . separators', () => {
    expect(parseDateText('03/04/1990')).toEqual({ ok: true, date: { year: 1990, month: 4, day: 3 } });
    expect(parseDateText('3-4-1990')).toEqual({ ok: true, date: { year: 1990, month: 4, day: 3 } });
    expect(parseDateText(' 17.08.1945 ')).toEqual({ ok: true, date: { year: 1945, month: 8, day: 17 } });
    expect(parseDateText('1990-04-03')).toEqual({ ok: true, date: { year: 1990, month: 4, day: 3 } });
  });

  it('ignores a midnight time exported after the date', () => {
    expect(parseDateText('1990-03-12 00:00:00')).toEqual({
      ok: true,
      date: { year: 1990, month: 3, day: 12 },
    });
    expect(parseDateText('12/03/1990 0:00')).toEqual({ ok: true, date: { year: 1990, month: 3, day: 12 } });
    expect(parseDateText('1990-03-12T00:00:00.000Z')).toEqual({
      ok: true,
      date: { year: 1990, month: 3, day: 12 },
    });
  });

  it('reads Indonesian month names and abbreviations, and English ones where they differ', () => {
    const cases: Array<[string, number]> = [
      ['12 Januari 1990', 1],
      ['12 Pebruari 1990', 2],
      ['12 Maret 1990', 3],
      ['12 Mar 1990', 3],
      ['12-Mar-1990', 3],
      ['12 Mar. 1990', 3],
      ['12 APRIL 1990', 4],
      ['12 Mei 1990', 5],
      ['12 May 1990', 5],
      ['12 Juni 1990', 6],
      ['12 Juli 1990', 7],
      ['12 Agustus 1990', 8],
      ['12 Agu 1990', 8],
      ['12 Agt 1990', 8],
      ['12 Aug 1990', 8],
      ['12 Sept 1990', 9],
      ['12 Oktober 1990', 10],
      ['12 Okt 1990', 10],
      ['12 Oct 1990', 10],
      ['12 Nopember 1990', 11],
      ['12 Desember 1990', 12],
      ['12 Des 1990', 12],
      ['12 Dec 1990', 12],
    ];
    for (const [text, month] of cases)
      expect(parseDateText(text), text).toEqual({ ok: true, date: { year: 1990, month, day: 12 } });
  });

  it('rejects impossible days, two-digit years, unknown month names and other text, saying which', () => {
    expect(parseDateText('31/02/1990')).toEqual({ ok: false, problem: 'impossible' });
    expect(parseDateText('29-02-1991')).toEqual({ ok: false, problem: 'impossible' });
    expect(parseDateText('29-02-1992').ok).toBe(true);
    expect(parseDateText('00-01-1990')).toEqual({ ok: false, problem: 'impossible' });
    expect(parseDateText('12-13-1990')).toEqual({ ok: false, problem: 'impossible' });
    expect(parseDateText('12-03-90')).toEqual({ ok: false, problem: 'two-digit-year' });
    expect(parseDateText('12 Maret 90')).toEqual({ ok: false, problem: 'two-digit-year' });
    expect(parseDateText('12 Foo 1990')).toEqual({ ok: false, problem: 'month-name' });
    expect(parseDateText('besok')).toEqual({ ok: false, problem: 'format' });
    expect(parseDateText('1990/13/45')).toEqual({ ok: false, problem: 'format' });
    expect(parseDateText('  ')).toEqual({ ok: false, problem: 'empty' });
  });

  it('reads spreadsheet date cells (JS Dates in UTC) and serial numbers', () => {
    expect(parseDateValue(new Date(Date.UTC(1990, 7, 17)))).toEqual({
      ok: true,
      date: { year: 1990, month: 8, day: 17 },
    });
    expect(parseDateValue(new Date(Date.UTC(1990, 7, 17, 23, 59, 59)))).toEqual({
      ok: true,
      date: { year: 1990, month: 8, day: 17 },
    });
    expect(parseDateValue(32917)).toEqual({ ok: true, date: { year: 1990, month: 2, day: 13 } });
    expect(parseDateValue(new Date(Number.NaN)).ok).toBe(false);
    expect(parseDateValue(17081985).ok).toBe(false);
    expect(parseDateValue(null)).toEqual({ ok: false, problem: 'empty' });
  });

  it('parses configuration dates strictly', () => {
    expect(parseIsoDate('2025-01-01')).toEqual({ year: 2025, month: 1, day: 1 });
    expect(parseIsoDate('2025-02-30')).toBeNull();
    expect(parseIsoDate('01-01-2025')).toBeNull();
    expect(formatIso({ year: 985, month: 3, day: 4 })).toBe('0985-03-04');
  });
});

describe('ageOn', () => {
  it('counts completed years', () => {
    const start = { year: 2025, month: 1, day: 1 };
    expect(ageOn({ year: 2007, month: 1, day: 1 }, start)).toBe(18);
    expect(ageOn({ year: 2007, month: 1, day: 2 }, start)).toBe(17);
    expect(ageOn({ year: 1960, month: 1, day: 1 }, start)).toBe(65);
    expect(ageOn({ year: 1960, month: 1, day: 2 }, start)).toBe(64);
    expect(ageOn({ year: 2000, month: 2, day: 29 }, { year: 2018, month: 2, day: 28 })).toBe(17);
    expect(ageOn({ year: 2000, month: 2, day: 29 }, { year: 2018, month: 3, day: 1 })).toBe(18);
  });
});
