import type { Command } from 'commander';
import { DEFAULT_CONFIG_URL, loadValidationRules } from '../../validation/default-rules.ts';
import { loadRegionDirectory, normalizeDesaCode } from '../../validation/regions.ts';
import { writeSample } from '../../validation/sample.ts';

interface SampleCommandOptions {
  rows: string;
  out: string;
  xlsx?: boolean;
  errorRate: string;
  seed: string;
  desa?: string;
  config?: string;
  json?: boolean;
}

/** `lindung sample --rows N --out FILE [--xlsx] [--error-rate R] [--seed S]`: synthetic worker lists. */
export function register(program: Command): void {
  program
    .command('sample')
    .requiredOption('--rows <n>', 'jumlah baris / number of rows')
    .requiredOption('--out <file>', 'berkas keluaran / output file')
    .option('--xlsx', 'tulis Excel (.xlsx) alih-alih CSV / write XLSX instead of CSV')
    .option('--error-rate <r>', 'bagian baris dengan kesalahan, 0–1 / share of rows with an error', '0')
    .option('--seed <s>', 'benih acak / random seed', '1')
    .option('--desa <code>', 'semua pekerja di desa ini (unggahan desa) / all workers in this desa')
    .option('--config <file>', 'konfigurasi kabupaten / regency configuration')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: SampleCommandOptions) => {
      const rows = Number(opts.rows);
      const errorRate = Number(opts.errorRate);
      const seed = Number(opts.seed);
      if (!Number.isInteger(rows) || rows < 1)
        program.error('--rows harus bilangan bulat ≥ 1 / must be an integer ≥ 1');
      if (!(errorRate >= 0 && errorRate <= 1))
        program.error('--error-rate harus 0–1 / must be between 0 and 1');
      if (!Number.isInteger(seed)) program.error('--seed harus bilangan bulat / must be an integer');
      const { rules } = await loadValidationRules(opts.config ?? DEFAULT_CONFIG_URL);
      const regions = await loadRegionDirectory(rules.regencyCode);
      const desa = opts.desa ? normalizeDesaCode(opts.desa) : undefined;
      if (opts.desa && (!desa || !regions.desaByCode(desa)))
        program.error(`Kode desa tidak dikenal / unknown desa: ${opts.desa}`);
      const started = Date.now();
      const result = await writeSample(
        {
          rows,
          errorRate,
          seed,
          format: opts.xlsx ? 'xlsx' : 'csv',
          regions,
          programmeYear: Number(rules.programmeStart.slice(0, 4)),
          minAge: rules.minAge,
          maxAge: rules.maxAge,
          ...(desa ? { uploader: { kind: 'desa' as const, desa } } : {}),
        },
        opts.out,
      );
      const injectedTotal = Object.values(result.injected).reduce((a, b) => a + (b ?? 0), 0);
      if (opts.json) {
        console.log(JSON.stringify({ out: opts.out, rows: result.rows, injected: result.injected }, null, 2));
        return;
      }
      console.log(
        `${opts.out}: ${result.rows} baris/rows, ${injectedTotal} dengan kesalahan sengaja/with injected errors (${Date.now() - started} ms)`,
      );
      for (const [code, n] of Object.entries(result.injected)) console.log(`  ${code.padEnd(24)} ${n}`);
    });
}
