import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../run-command.ts';
import * as sample from './sample.ts';
import * as template from './template.ts';
import * as validate from './validate.ts';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../../test/fixtures/validation/${name}`, import.meta.url));

async function cli(...args: string[]): Promise<{ out: string; exitCode: number }> {
  const program = new Command('lindung').exitOverride();
  for (const m of [validate, sample, template]) m.register(program);
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    lines.push(a.join(' '));
  });
  process.exitCode = 0;
  try {
    // Through the CLI's one failure wrapper, as bin/lindung runs it.
    await runCli(program, () => program.parseAsync(['node', 'lindung', ...args]));
  } finally {
    log.mockRestore();
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out: lines.join('\n'), exitCode };
}

describe('lindung validate', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2025-06-01T00:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('prints the JSON summary and exits 0 when the file was readable', async () => {
    const { out, exitCode } = await cli(
      'validate',
      fixture('rules.csv'),
      '--agency',
      'disnakertrans',
      '--json',
    );
    expect(exitCode).toBe(0);
    const json = JSON.parse(out) as {
      rows: number;
      valid: number;
      rejected: number;
      warnings: number;
      issues: unknown[];
    };
    expect(json).toMatchObject({ rows: 34, valid: 8, rejected: 26, warnings: 2 });
    expect(Object.keys(json).sort()).toEqual(['issues', 'rejected', 'rows', 'valid', 'warnings']);
    expect(json.issues).toHaveLength(30);
    expect(json.issues[0]).toEqual({
      row: 3,
      column: 'Nama Lengkap',
      code: 'MISSING_FIELD',
      severity: 'error',
      message: 'Kolom "Nama Lengkap" kosong. Isi Nama Lengkap pekerja ini.',
    });
  });

  it('exits 2 with the file error when the file itself is rejected', async () => {
    const { out, exitCode } = await cli(
      'validate',
      fixture('missing-columns.csv'),
      '--desa',
      '6408042001',
      '--json',
    );
    expect(exitCode).toBe(2);
    expect(JSON.parse(out)).toMatchObject({ rows: 0, fileError: { code: 'MISSING_COLUMNS' }, issues: [] });
  });

  it('exits 2 with a bilingual message when the regency file cannot be read', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const missing = join(tmpdir(), 'no-such-regency.json');
      const { out, exitCode } = await cli(
        'validate',
        fixture('rules.csv'),
        '--agency',
        'disnakertrans',
        '--config',
        missing,
      );
      expect(exitCode).toBe(2);
      expect(out).toBe('');
      expect(String(error.mock.calls[0]?.[0])).toContain(
        `Konfigurasi kabupaten ${missing}: tidak dapat dibaca (ENOENT)`,
      );
      expect(String(error.mock.calls[0]?.[0])).toContain(
        `Regency configuration ${missing}: cannot be read (ENOENT)`,
      );
    } finally {
      error.mockRestore();
    }
  });

  it('prints a human summary and a table of issues', async () => {
    const { out, exitCode } = await cli('validate', fixture('desa-upload.csv'), '--desa', '64.08.04.2001');
    expect(exitCode).toBe(0);
    expect(out).toMatch(/baris \/ rows\s+4/);
    expect(out).toMatch(/ditolak \/ rejected\s+1/);
    expect(out).toMatch(/4\s+Kode Desa\s+DESA_OUTSIDE_AGENCY\s+error/);
  });

  it('refuses an unknown desa or agency as a bad upload location', async () => {
    expect((await cli('validate', fixture('rules.csv'), '--desa', '6472011001', '--json')).exitCode).toBe(2);
    const agency = await cli('validate', fixture('rules.csv'), '--agency', 'dinas-entah', '--json');
    expect(agency.exitCode).toBe(2);
    expect(JSON.parse(agency.out)).toMatchObject({ fileError: { code: 'BAD_UPLOAD_KEY' } });
  });
});

describe('lindung sample and template', () => {
  it('writes a sample that validates, and the template', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lindung-cli-'));
    const csv = join(dir, 'sample.csv');
    const s = await cli('sample', '--rows', '50', '--out', csv, '--error-rate', '0', '--seed', '4', '--json');
    expect(JSON.parse(s.out)).toMatchObject({ rows: 50, injected: {} });
    expect((await readFile(csv, 'utf8')).trimEnd().split('\r\n')).toHaveLength(51);
    const checked = await cli('validate', csv, '--agency', 'dinas-pertanian', '--json');
    expect(JSON.parse(checked.out)).toMatchObject({ rows: 50, valid: 50, rejected: 0 });

    const xlsx = join(dir, 'template.xlsx');
    await cli('template', '--out', xlsx);
    expect((await stat(xlsx)).size).toBeGreaterThan(5000);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Data Pekerja', 'Petunjuk', 'Daftar Desa']);
  });
});
