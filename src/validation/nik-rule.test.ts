import { describe, expect, it } from 'vitest';
import type { FieldKey } from './columns.ts';
import type { IssueSink } from './issue-sink.ts';
import type { Message } from './messages.ts';
import { encodeNik } from './nik.ts';
import { NikRule } from './nik-rule.ts';
import { kutaiTimur } from './test-helpers.ts';
import type { RowErrorCode } from './types.ts';

interface Reported {
  key: FieldKey;
  code: RowErrorCode;
  value: string;
  message: string;
}

async function rule(room?: number): Promise<{ nik: NikRule; reported: Reported[] }> {
  const reported: Reported[] = [];
  const sink: IssueSink = {
    add: (key, code, value, message: Message) => reported.push({ key, code, value, message: message.en }),
  };
  const names = { nik: 'NIK', tanggalLahir: 'Tanggal Lahir', jenisKelamin: 'Jenis Kelamin' };
  return { nik: new NikRule(await kutaiTimur(), names, sink, room), reported };
}

const birth = { year: 1990, month: 3, day: 12 };
const nik = encodeNik({ kecamatan: '640804', birthDate: birth, gender: 'P', serial: 17 });

describe('NIK rule', () => {
  it('accepts a NIK matching the birth date and gender, and names the first row of a duplicate', async () => {
    const { nik: check, reported } = await rule();
    expect(check.check(nik, 2, birth, 'P', 'P')).toBe(nik);
    expect(reported).toEqual([]);
    expect(check.check(` ${nik.slice(0, 4)}.${nik.slice(4)} `, 9, birth, 'P', 'P')).toBe(nik);
    expect(reported.map((r) => r.code)).toEqual(['DUPLICATE_IN_FILE']);
    expect(reported[0]?.message).toContain('row 2');
    expect(reported[0]?.value).toBe(`${nik.slice(0, 4)}**********${nik.slice(14)}`);
  });

  it('reports a mangled number cell, a short NIK and mismatches, never showing a NIK in full', async () => {
    const { nik: check, reported } = await rule();
    expect(check.check(6408045203900000, 2, birth, 'P', 'P')).toBeUndefined();
    expect(check.check('64080452039', 3, birth, 'P', 'P')).toBeUndefined();
    expect(check.check(nik, 4, { ...birth, day: 13 }, 'L', 'L')).toBe(nik);
    expect(reported.map((r) => r.code)).toEqual([
      'NIK_EXCEL_MANGLED',
      'NIK_FORMAT',
      'NIK_BIRTHDATE_MISMATCH',
      'NIK_GENDER_MISMATCH',
    ]);
    for (const r of reported) expect(r.value).not.toMatch(/\d{7}/);
  });

  it('reports the same when a batch is read ahead, also when the index grows in the middle of it', async () => {
    // Batches of rows as the reader gives them: NIKs repeated within a batch and across batches, a spaced
    // NIK (checked the long way), an empty cell, a mangled one; the index starts with room for 4 NIKs.
    const niks = Array.from({ length: 40 }, (_, i) =>
      encodeNik({ kecamatan: '640804', birthDate: birth, gender: 'P', serial: 100 + (i % 23) }),
    );
    const cells: string[] = [...niks, ` ${nik.slice(0, 4)}.${nik.slice(4)} `, nik, '', '6408045203900000'];
    const batches = [cells.slice(0, 7), cells.slice(7, 30), cells.slice(30)];
    const plain = await rule(4);
    const ahead = await rule(4);
    let row = 2;
    for (const batch of batches) {
      ahead.nik.prepare(
        batch.map((cell) => ['x', cell]),
        1,
      );
      batch.forEach((cell, i) => {
        expect(ahead.nik.check(cell, row, birth, 'P', 'P', i)).toBe(
          plain.nik.check(cell, row, birth, 'P', 'P'),
        );
        row += 1;
      });
    }
    expect(ahead.reported).toEqual(plain.reported);
    const codes = ahead.reported.map((r) => r.code);
    expect(codes.filter((c) => c === 'DUPLICATE_IN_FILE')).toHaveLength(40 - 23 + 1);
    expect(codes).toContain('MISSING_FIELD');
    expect(codes).toContain('NIK_EXCEL_MANGLED');
    // The first repeat (serial 100 again, row 25) names row 2.
    expect(ahead.reported.find((r) => r.code === 'DUPLICATE_IN_FILE')?.message).toContain('row 2');
  });

  it('checks a cell the long way when it is not the one read ahead for that index', async () => {
    const { nik: check, reported } = await rule();
    check.prepare([[nik]], 0);
    const other = encodeNik({ kecamatan: '640804', birthDate: birth, gender: 'P', serial: 18 });
    expect(check.check(other, 2, birth, 'P', 'P', 0)).toBe(other);
    expect(check.check(nik, 3, birth, 'P', 'P', 0)).toBe(nik);
    expect(check.check(other, 4, birth, 'P', 'P', 5)).toBe(other);
    expect(reported.map((r) => [r.code, r.message.includes('row 2')])).toEqual([['DUPLICATE_IN_FILE', true]]);
  });
});
