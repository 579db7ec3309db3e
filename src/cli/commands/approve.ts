import type { Command } from 'commander';
import { enrollmentStarter } from '../../composition/quota.ts';
import { approveUpload } from '../../enrollment/approve-upload.ts';
import { UploadNotFoundError } from '../../uploads/errors.ts';
import { summarize } from '../../uploads/model.ts';
import { auditCli } from '../access-clients.ts';
import { formatSummary } from '../format.ts';
import { waitForExecutions } from '../quota-ops.ts';
import { DEFAULT_DATA_DIR, withStack } from '../stack-client.ts';

/** `lindung approve [UPLOAD_ID]`: uploads held for an administrator's approval, and approving one. */
export function register(program: Command): void {
  program
    .command('approve')
    .argument('[uploadId]')
    .option('--by <name>', 'who approves (recorded on the upload)', process.env.USER ?? 'admin')
    .option('--json', 'print as JSON')
    .option('--data-dir <dir>', 'local stack data folder', DEFAULT_DATA_DIR)
    .action(async (uploadId: string | undefined, opts: { by: string; json?: boolean; dataDir: string }) => {
      await withStack(opts.dataDir, async (clients) => {
        if (!uploadId) {
          const waiting = (await clients.uploads.listRecent(1000, 'AWAITING_APPROVAL')).map((u) => ({
            ...summarize(u),
            objectKey: u.objectKey,
            createdAt: u.createdAt,
          }));
          if (opts.json) console.log(JSON.stringify(waiting, null, 2));
          else if (waiting.length === 0)
            console.log('Tidak ada unggahan yang menunggu persetujuan / none awaiting approval');
          else
            for (const u of waiting)
              console.log(
                `${u.createdAt}  ${u.uploadId}  ${u.reserved} tempat / places held  ${u.objectKey}`,
              );
          return;
        }
        const result = await approveUpload(
          {
            uploads: clients.uploads,
            start: enrollmentStarter(clients, clients.info.stateMachines.enrollment),
            now: () => new Date(),
          },
          uploadId,
          `cli:${opts.by}`,
        );
        if (result.approvedNow)
          await auditCli(clients, {
            action: 'upload.approve',
            entity: `upload#${uploadId}`,
            old: { status: 'AWAITING_APPROVAL' },
            new: { status: 'RUNNING', approval: result.approval },
          });
        await waitForExecutions(clients, result.executions, 600_000);
        const upload = await clients.uploads.get(uploadId);
        if (!upload) throw new UploadNotFoundError(uploadId);
        if (opts.json) console.log(JSON.stringify({ ...result, summary: summarize(upload) }, null, 2));
        else {
          console.log(
            result.approvedNow
              ? `Disetujui oleh / approved by ${result.approval.by} (${result.approval.at})`
              : `Sudah disetujui sebelumnya oleh / already approved by ${result.approval.by} (${result.approval.at}); pendaftaran dijalankan lagi / enrollment run again`,
          );
          console.log(formatSummary(upload.objectKey, summarize(upload)));
        }
      });
    });
}
