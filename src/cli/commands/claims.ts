import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { importClaimsFile } from '../../composition/claims.ts';
import { formatCount, formatRupiah } from '../../quota/calendar.ts';
import { EXIT_CODES } from '../../shared/errors.ts';
import { DEFAULT_DATA_DIR, withStack } from '../stack-client.ts';

export function register(program: Command): void {
  const claims = program
    .command('claims')
    .description('Klaim dan manfaat yang dibayar BPJS / claims and benefits BPJS paid');
  claims
    .command('import <file>')
    .description('Impor berkas klaim BPJS (CSV/XLSX) / import a BPJS claims file')
    .option(
      '--json',
      'print {file, lines, applied, alreadyApplied, unmatched, rejected, matchedAmount, problems, reportKey}',
    )
    .option('--data-dir <dir>', 'local stack data folder', DEFAULT_DATA_DIR)
    .action(async (file: string, opts: { json?: boolean; dataDir: string }) => {
      await withStack(opts.dataDir, async (clients) => {
        const { info } = clients;
        const summary = await importClaimsFile(clients, {
          name: `inbound/bpjs/claims/${basename(file)}`,
          bytes: createReadStream(file),
        });
        if (opts.json) console.log(JSON.stringify(summary, null, 2));
        else {
          console.log(
            [
              `${basename(file)}: ${formatCount(summary.lines)} baris / lines`,
              `  dihitung / applied           ${formatCount(summary.applied)}`,
              `  sudah ada / already applied  ${formatCount(summary.alreadyApplied)}`,
              `  tidak cocok / unmatched      ${formatCount(summary.unmatched)}`,
              `  ditolak / rejected           ${formatCount(summary.rejected)}`,
              `  nilai cocok / matched amount ${formatRupiah(summary.matchedAmount)}`,
              `  laporan / report             s3://${info.bucket}/${summary.errorsKey}`,
              ...(summary.fileError
                ? [`  BERKAS DITOLAK: ${summary.fileError.message}`, `  (${summary.fileError.messageEn})`]
                : []),
              ...summary.problems.slice(0, 20).map((p) => `  baris ${p.row} ${p.column}: ${p.message}`),
            ].join('\n'),
          );
        }
        if (summary.fileError) process.exitCode = EXIT_CODES.invalid;
      });
    });
}
