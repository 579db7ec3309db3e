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

async function rule(): Promise<{ nik: NikRule; reported: Reported[] }> {
  const reported: Reported[] = [];
  const sink: IssueSink = {
    add: (key, code, value, message: Message) => reported.push({ key, code, value, message: message.en }),
  };
  const names = { nik: 'NIK', tanggalLahir: 'Tanggal Lahir', jenisKelamin: 'Jenis Kelamin' };
  return { nik: new NikRule(await kutaiTimur(), names, sink), reported };
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
});
