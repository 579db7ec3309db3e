import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import type { Command } from 'commander';
import { UploadNotFoundError } from '../../uploads/errors.ts';
import { summarize } from '../../uploads/model.ts';
import { formatSummary } from '../format.ts';
import { DEFAULT_DATA_DIR, withStack } from '../stack-client.ts';

interface Messages {
  message: string;
  messageEn: string;
}

/** Read-side commands over uploads: errors, status, runs. */
export function register(program: Command): void {
  program
    .command('errors')
    .argument('<uploadId>')
    .option('--json', 'JSON: [{row, column, code, severity, message}]')
    .option('--english', 'messages in English')
    .option('--data-dir <dir>', 'local stack data folder', DEFAULT_DATA_DIR)
    .action(async (uploadId: string, opts: { json?: boolean; english?: boolean; dataDir: string }) => {
      await withStack(opts.dataDir, async ({ storage }) => {
        const report = await storage.getErrorReport(uploadId);
        if (!report) throw new UploadNotFoundError(uploadId);
        const view = (i: { row: number; column: string; code: string; severity: string } & Messages) => ({
          row: i.row,
          column: i.column,
          code: i.code,
          severity: i.severity,
          message: opts.english ? i.messageEn : i.message,
        });
        // The report keeps the first issues; errors.csv has them all (read as a stream: flat memory).
        const all = (report.issueCount ?? report.issues.length) > report.issues.length;
        if (opts.json) {
          const issues = all ? storage.readErrorLines(uploadId) : report.issues;
          let first = true;
          process.stdout.write('[');
          for await (const i of issues) {
            const ok = process.stdout.write(`${first ? '\n' : ',\n'}  ${JSON.stringify(view(i))}`);
            first = false;
            if (!ok) await new Promise((r) => process.stdout.once('drain', r));
          }
          process.stdout.write(first ? ']\n' : '\n]\n');
          return;
        }
        const rows = report.issues.map(view);
        if (report.fileError)
          console.log(
            `Berkas ditolak / file rejected: ${report.fileError.code}\n${report.fileError.message}`,
          );
        if (rows.length === 0 && !report.fileError) console.log('Tidak ada kesalahan / no errors');
        for (const r of rows)
          console.log(`baris ${r.row}  ${r.column}  ${r.code} (${r.severity})  ${r.message}`);
        if (all)
          console.log(
            `… ${report.issues.length} pertama dari ${report.issueCount}; semuanya di / first ${report.issues.length} of ${report.issueCount}; all of them in reports/${uploadId}/errors.csv (--json lists every one)`,
          );
      });
    });

  program
    .command('status')
    .argument('<uploadId>')
    .option('--json', 'print as JSON')
    .option('--data-dir <dir>', 'local stack data folder', DEFAULT_DATA_DIR)
    .action(async (uploadId: string, opts: { json?: boolean; dataDir: string }) => {
      await withStack(opts.dataDir, async ({ uploads, sfn }) => {
        const upload = await uploads.get(uploadId);
        if (!upload) throw new UploadNotFoundError(uploadId);
        const execution = upload.executionArn
          ? await sfn.send(new DescribeExecutionCommand({ executionArn: upload.executionArn }))
          : undefined;
        const out = {
          ...summarize(upload),
          objectKey: upload.objectKey,
          createdAt: upload.createdAt,
          updatedAt: upload.updatedAt,
          executionStatus: execution?.status ?? null,
          ...(upload.failureReason ? { failureReason: upload.failureReason } : {}),
          ...(upload.approvalRequired ? { approvalRequired: true, approval: upload.approval ?? null } : {}),
        };
        if (opts.json) console.log(JSON.stringify(out, null, 2));
        else {
          console.log(formatSummary(upload.objectKey, summarize(upload)));
          if (execution) console.log(`  status eksekusi / execution status: ${execution.status}`);
          if (upload.failureReason) console.log(`  alasan gagal / failure: ${upload.failureReason}`);
          if (upload.approval)
            console.log(`  disetujui / approved: ${upload.approval.by} (${upload.approval.at})`);
          else if (upload.approvalRequired)
            console.log(`  menunggu persetujuan / awaiting approval: npx lindung approve ${upload.uploadId}`);
        }
      });
    });

  program
    .command('runs')
    .option('--json', 'print as JSON')
    .option(
      '--status <status>',
      'only uploads in this status (VALIDATING, RUNNING, AWAITING_APPROVAL, AWAITING_BPJS, COMPLETED, REJECTED, FAILED)',
    )
    .option('--limit <n>', 'how many', '20')
    .option('--data-dir <dir>', 'local stack data folder', DEFAULT_DATA_DIR)
    .action(async (opts: { json?: boolean; status?: string; limit: string; dataDir: string }) => {
      await withStack(opts.dataDir, async ({ uploads }) => {
        const recent = await uploads.listRecent(Number(opts.limit), opts.status as never);
        const rows = recent.map((u) => ({ ...summarize(u), objectKey: u.objectKey, createdAt: u.createdAt }));
        if (opts.json) {
          console.log(JSON.stringify(rows, null, 2));
          return;
        }
        if (rows.length === 0) console.log('Belum ada unggahan / no uploads yet');
        for (const r of rows) {
          console.log(
            `${r.createdAt}  ${r.uploadId}  ${r.status.padEnd(17)}  rows ${r.rows}  rejected ${r.rejected}  enrolled ${r.enrolled}  ${r.objectKey}`,
          );
        }
      });
    });
}
