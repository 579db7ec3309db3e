import { errorClass } from '../shared/errors.ts';

/** The upload a task or a command names is not (or no longer) in the uploads table: a retry cannot bring it back. */
export class UploadNotFoundError extends errorClass('UploadNotFoundError', {
  code: 'UPLOAD_NOT_FOUND',
  kind: 'not-found',
  retryable: false,
}) {
  constructor(readonly uploadId: string) {
    super(`Unggahan ${uploadId} tidak ditemukan.`, `Upload ${uploadId} not found.`);
  }
}
