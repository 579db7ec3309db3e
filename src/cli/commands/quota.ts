import type { Command } from 'commander';
import { formatQuotaReport, quotaReport } from '../../quota/status.ts';
import { regencyConfig } from '../../shared/regency-config.ts';
import { loadRegionDirectory } from '../../validation/regions.ts';
import { programmeFor, quotaDepsFor, REGENCY } from '../quota-ops.ts';
import { DEFAULT_DATA_DIR, withStack } from '../stack-client.ts';

export function register(program: Command): void {
  program
    .command('quota')
    .option('--year <year>', 'programme year (default: the programme covering today)')
    .option(
      '--json',
      'print {year, quota, used, remaining, waitlisted, budgetCeiling, budgetCommitted, byKecamatan}',
    )
    .option('--data-dir <dir>', 'local stack data folder', DEFAULT_DATA_DIR)
    .action(async (opts: { year?: string; json?: boolean; dataDir: string }) => {
      await withStack(opts.dataDir, async (clients) => {
        const state = await programmeFor(quotaDepsFor(clients), opts.year);
        const regions = await loadRegionDirectory(REGENCY);
        const report = quotaReport(state, regions.listKecamatan());
        console.log(
          opts.json
            ? JSON.stringify(report, null, 2)
            : formatQuotaReport(report, `Program ${regencyConfig.regency.name}`),
        );
      });
    });
}
