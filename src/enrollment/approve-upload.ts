import { errorClass } from '../shared/errors.ts';
import { UploadNotFoundError } from '../uploads/errors.ts';
import type { UploadRepository } from '../uploads/ports.ts';
import { rerunChunks, type StartEnrollment } from './rerun-chunks.ts';

/** The upload cannot be approved (yet): the message says why. */
export class ApprovalRefusedError extends errorClass('ApprovalRefusedError', {
  code: 'APPROVAL_REFUSED',
  kind: 'conflict',
  retryable: false,
}) {}

export interface ApprovalResult {
  uploadId: string;
  /** False when the upload had been approved before (this call only restarted its enrollment). */
  approvedNow: boolean;
  approval: { by: string; at: string };
  executions: string[];
}

/**
 * An administrator approves an upload held for approval (the programme's `requiresApproval`): the approval is
 * recorded on the upload — once, while it is AWAITING_APPROVAL — and an enrollment run over all its chunks sends
 * the workers holding places to BPJS (registration and reservation find their work done). Approving again
 * records nothing new but starts the run again, so a crash between the two steps is mended by repeating the call.
 */
export async function approveUpload(
  deps: { uploads: UploadRepository; start: StartEnrollment; now: () => Date },
  uploadId: string,
  by: string,
): Promise<ApprovalResult> {
  const upload = await deps.uploads.get(uploadId);
  if (!upload) throw new UploadNotFoundError(uploadId);
  if (!upload.approvalRequired)
    throw new ApprovalRefusedError(
      `Unggahan ${uploadId} tidak memerlukan persetujuan (status ${upload.status}).`,
      `Upload ${uploadId} needs no approval (status ${upload.status}).`,
    );
  const now = deps.now();
  let approval = upload.approval;
  let approvedNow = false;
  if (!approval) {
    approval = { by, at: now.toISOString() };
    approvedNow = await deps.uploads.update(
      uploadId,
      { approval, status: 'RUNNING', updatedAt: approval.at },
      'AWAITING_APPROVAL',
    );
    if (!approvedNow) {
      const again = await deps.uploads.get(uploadId);
      if (!again?.approval)
        throw new ApprovalRefusedError(
          `Unggahan ${uploadId} belum menunggu persetujuan (status ${again?.status}); tunggu sampai prosesnya selesai.`,
          `Upload ${uploadId} is not awaiting approval yet (status ${again?.status}): wait for its run to finish.`,
        );
      approval = again.approval;
    }
  }
  const chunks = Array.from({ length: upload.chunkCount }, (_, i) => ({ uploadId, chunk: i + 1 }));
  const executions = chunks.length > 0 ? await rerunChunks(deps.start, chunks, 'approved-', now) : [];
  return { uploadId, approvedNow, approval, executions };
}
