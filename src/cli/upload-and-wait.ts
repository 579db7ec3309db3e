import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { Upload as S3Upload } from '@aws-sdk/lib-storage';
import type { Upload, UploadSummary } from '../uploads/model.ts';
import { summarize } from '../uploads/model.ts';
import { uploaderKey } from '../uploads/upload-key.ts';
import type { Uploader } from '../validation/types.ts';
import { StillRunningError } from './errors.ts';
import type { StackClients } from './stack-client.ts';

export function uploadKeyFor(uploader: Uploader, file: string): string {
  const name = basename(file);
  return uploader.kind === 'desa'
    ? `uploads/desa/${uploader.desa}/${name}`
    : `uploads/agency/${uploader.agency}/${name}`;
}

/**
 * Done as far as this run goes (AWAITING_BPJS: the branch's acknowledgement file finishes it later;
 * AWAITING_APPROVAL: `lindung approve` does).
 */
const TERMINAL = new Set(['COMPLETED', 'AWAITING_APPROVAL', 'AWAITING_BPJS', 'REJECTED', 'FAILED']);

/**
 * Uploads a file exactly as an agency would (a PUT under uploads/), then follows the upload the S3 event
 * created until it is finished: validated, and its workflow execution closed.
 */
export async function uploadAndWait(
  clients: StackClients,
  file: string,
  uploader: Uploader,
  options: { timeoutMs: number; onProgress?: (u: Upload) => void | Promise<void> },
): Promise<UploadSummary> {
  const key = uploadKeyFor(uploader, file);
  statSync(file); // a clear ENOENT before anything is uploaded
  const startedAt = new Date(Date.now() - 1000).toISOString();
  const put = await new S3Upload({
    client: clients.s3,
    params: { Bucket: clients.info.bucket, Key: key, Body: createReadStream(file) },
  }).done();
  const eTag = put.ETag?.replaceAll('"', '');
  const deadline = Date.now() + options.timeoutMs;
  for (let delay = 100; ; delay = Math.min(delay * 1.5, 1000)) {
    const mine = (await clients.uploads.listByUploader(uploaderKey(uploader), 50)).find(
      (u) =>
        u.objectKey === key &&
        u.createdAt >= startedAt &&
        (!eTag || !u.eTag || u.eTag.replaceAll('"', '') === eTag),
    );
    if (mine) {
      await options.onProgress?.(mine);
      if (TERMINAL.has(mine.status) && (await executionClosed(clients, mine))) return summarize(mine);
    }
    if (Date.now() > deadline) {
      throw new StillRunningError(
        options.timeoutMs / 1000,
        `${key}${mine ? ` (upload ${mine.uploadId}, ${mine.status})` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, delay));
  }
}

async function executionClosed(clients: StackClients, upload: Upload): Promise<boolean> {
  if (!upload.executionArn) return true;
  const out = await clients.sfn.send(new DescribeExecutionCommand({ executionArn: upload.executionArn }));
  return out.status !== 'RUNNING';
}
