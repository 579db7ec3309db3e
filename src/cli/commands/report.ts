import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { runPeriodicReport } from '../../composition/reports.ts';
import { formatCount, formatRupiah } from '../../quota/calendar.ts';
import { UsageError } from '../errors.ts';
import { DEFAULT_DATA_DIR, withStack } from '../stack-client.ts';

interface ReportOptions {
  period: string;
  asOf?: string;
  send?: boolean;
  out?: string;
  json?: boolean;
  to?: string[];
  dataDir: string;
}

export function register(program: Command): void {
  program
    .command('report')
    .description('Laporan berkala (mingguan/bulanan) / periodic report (weekly/monthly)')
    .option('--period <period>', 'weekly | monthly', 'weekly')
    .option('--as-of <date>', 'the day the report is made (YYYY-MM-DD, regency time); default today')
    .option('--send', 'e-mail it to the configured recipients (once per period and recipient)')
    .option('--to <emails...>', 'recipients instead of the configured ones')
    .option('--out <file>', 'write the HTML here (the chart as <file>.png beside it)')
    .option('--json', 'print the report as JSON (the contract of issue #12)')
    .option('--data-dir <dir>', 'local stack data folder', DEFAULT_DATA_DIR)
    .action(async (opts: ReportOptions) => {
      if (opts.period !== 'weekly' && opts.period !== 'monthly')
        throw new UsageError(
          `--period harus weekly atau monthly: ${opts.period}`,
          `--period must be weekly or monthly: ${opts.period}`,
        );
      if (opts.asOf && !/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf))
        throw new UsageError(
          `--as-of harus YYYY-MM-DD: ${opts.asOf}`,
          `--as-of must be YYYY-MM-DD: ${opts.asOf}`,
        );
      await withStack(opts.dataDir, async (clients) => {
        const { info } = clients;
        const { report, run } = await runPeriodicReport(clients, {
          kind: opts.period as 'weekly' | 'monthly',
          send: opts.send === true,
          ...(opts.asOf ? { asOf: opts.asOf } : {}),
          ...(opts.to ? { recipients: opts.to } : {}),
        });
        if (opts.out) {
          const png = `${opts.out.replace(/\.html?$/i, '')}.png`;
          writeFileSync(opts.out, run.html.replace(/cid:grafik-cakupan/g, png.split('/').at(-1) ?? png));
          writeFileSync(png, run.png);
        }
        if (opts.json) {
          console.log(JSON.stringify(report, null, 2));
          return;
        }
        console.log(
          [
            `${report.regency.name} — laporan ${report.period === 'weekly' ? 'mingguan' : 'bulanan'} ${report.periodLabel} (${report.periodId})`,
            `  terlindungi / covered      ${formatCount(report.covered)} dari ${formatCount(report.target)}`,
            `  baru / new this period     ${formatCount(report.newThisPeriod)}`,
            `  daftar tunggu / waitlisted ${formatCount(report.waitlisted)}`,
            `  anggaran / budget          ${formatRupiah(report.budget.committed)} dari ${formatRupiah(report.budget.ceiling)}`,
            `  desa tanpa data / silent   ${report.desaWithoutUploads.length} dari ${report.byDesa.length}`,
            `  klaim / claims             ${formatCount(report.claims.count)}, ${formatRupiah(report.claims.amount)}`,
            `  disimpan / stored          s3://${info.bucket}/${run.prefix}`,
            ...(opts.send
              ? [
                  `  terkirim / sent            ${run.sent.map((s) => s.to).join(', ') || '-'}`,
                  `  sudah terkirim / already   ${run.alreadySent.join(', ') || '-'}`,
                  ...run.failed.map((f) => `  GAGAL / failed             ${f.to}: ${f.error}`),
                ]
              : []),
          ].join('\n'),
        );
        if (run.failed.length > 0) process.exitCode = 1;
      });
    });
}
