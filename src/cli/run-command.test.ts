import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { NoProgrammeError } from '../enrollment/reserve-quota.ts';
import { ProgrammeRuleError } from '../quota/programme.ts';
import { runCli } from './run-command.ts';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;

/** Runs `lindung <args>` from the built CLI as a person would; a non-zero exit is returned, not thrown. */
async function lindung(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const options = { cwd: ROOT, env: { ...process.env, ...env } };
    return { code: 0, ...(await run(process.execPath, ['bin/lindung.mjs', ...args], options)) };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A program whose `program set` subcommand fails with `error`, run through the wrapper. */
async function failing(error: unknown, argv = ['program', 'set']) {
  const program = new Command('lindung');
  const printed: string[] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
    printed.push(a.join(' '));
  });
  process.exitCode = 0;
  try {
    // As main.ts does: commands are added inside the wrapper, so they inherit its settings.
    await runCli(program, async () => {
      program
        .command('program')
        .command('set')
        .action(() => {
          throw error;
        });
      await program.parseAsync(['node', 'lindung', ...argv]);
    });
  } finally {
    spy.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { stderr: printed.join('\n'), code };
}

afterEach(() => {
  process.exitCode = 0;
});

describe('the CLI wrapper: one place for failures', () => {
  it('prints a LindungError in Bahasa Indonesia, then English, under the command that failed, with its exit code', async () => {
    const rule = await failing(
      new ProgrammeRuleError('kuota harus bilangan bulat', 'quota must be a whole number'),
    );
    expect(rule).toEqual({
      stderr: 'lindung program set: kuota harus bilangan bulat\n  (quota must be a whole number)',
      code: 2,
    });
    const missing = await failing(new NoProgrammeError('6408', '2026-01-05'));
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('Tidak ada program untuk kabupaten 6408 pada 2026-01-05');
    expect(missing.stderr).toContain('(No programme of regency 6408 covers 2026-01-05');
  });

  it('turns a zod error into a rejected input naming the fields, and anything else into an internal failure', async () => {
    const parsed = z.object({ year: z.number() }).safeParse({ year: 'dua ribu' });
    const zod = await failing(parsed.error);
    expect(zod.code).toBe(2);
    expect(zod.stderr).toMatch(
      /^lindung program set: Masukan tidak sah: year: .*\n {2}\(Invalid input: year: /,
    );
    const crash = await failing(new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(crash).toEqual({
      stderr:
        "lindung program set: Kesalahan internal: Cannot read properties of undefined (reading 'x')\n  (Internal error: Cannot read properties of undefined (reading 'x'))",
      code: 1,
    });
  });

  it('treats a command line commander refuses as a rejected input', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect((await failing(new Error('never thrown'), ['program', 'set', '--no-such-option'])).code).toBe(2);
    } finally {
      stderr.mockRestore();
    }
  });
});

describe('lindung (built) when a command fails', () => {
  it('prints both languages and exits with the mapped code: 3 for a file that is not there', async () => {
    const out = await lindung(['validate', '/tmp/lindung-tidak-ada.csv', '--agency', 'disnakertrans']);
    expect(out.code).toBe(3);
    expect(out.stderr).toBe(
      'lindung validate: Berkas /tmp/lindung-tidak-ada.csv tidak ditemukan.\n  (File /tmp/lindung-tidak-ada.csv not found.)\n',
    );
    expect(out.stdout).toBe('');
  });

  it('exits 2 for a usage error, before any stack is started', async () => {
    const out = await lindung(['report', '--period', 'harian', '--data-dir', '/tmp/lindung-never-started']);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('lindung report: --period harus weekly atau monthly: harian');
    expect(out.stderr).toContain('(--period must be weekly or monthly: harian)');
    expect(out.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('reports a regency file that cannot be read the same way, before any command loads (exit 2)', async () => {
    const out = await lindung(['quota'], { LINDUNG_REGENCY: 'kabupaten-tidak-ada' });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(
      /^lindung: Konfigurasi kabupaten .*kabupaten-tidak-ada\.json: berkas tidak dapat dibaca/,
    );
    expect(out.stderr).toMatch(/\n {2}\(Regency configuration .*: the file cannot be read \(ENOENT\)/);
  });
});
