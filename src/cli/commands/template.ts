import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DEFAULT_CONFIG_URL, loadValidationRules } from '../../validation/default-rules.ts';
import { loadRegionDirectory } from '../../validation/regions.ts';
import { buildTemplate, DEFAULT_TEMPLATE_FILE } from '../../validation/template.ts';

/** `lindung template [--out FILE]`: the Excel template agencies fill in. */
export function register(program: Command): void {
  program
    .command('template')
    .option('--out <file>', 'berkas keluaran / output file', DEFAULT_TEMPLATE_FILE)
    .option('--config <file>', 'konfigurasi kabupaten / regency configuration')
    .action(async (opts: { out: string; config?: string }) => {
      const { rules } = await loadValidationRules(opts.config ?? DEFAULT_CONFIG_URL);
      const regions = await loadRegionDirectory(rules.regencyCode);
      const buffer = await buildTemplate({
        regions,
        minAge: rules.minAge,
        maxAge: rules.maxAge,
        excludedOccupations: rules.excludedOccupations,
      });
      await writeFile(opts.out, buffer);
      console.log(
        `${opts.out}: templat ditulis / template written (${regions.listDesa().length} desa/kelurahan)`,
      );
    });
}
