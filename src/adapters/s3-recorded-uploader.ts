import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PRESIGN_META, type PresignStore } from '../access/ports.ts';
import type { UploadedObject } from '../uploads/model.ts';
import type { RecordedUploader } from '../uploads/upload-key.ts';

/**
 * The presign id in the object's metadata (pinned by the POST policy) → the record of who asked for it.
 * No id: an operator's upload (`lindung process`, credentials for the bucket). An id without a record: forged.
 */
export function s3RecordedUploader(s3: S3Client, presigns: PresignStore) {
  return async (obj: UploadedObject): Promise<RecordedUploader | undefined> => {
    const head = await s3.send(new HeadObjectCommand({ Bucket: obj.bucket, Key: obj.key }));
    const id = head.Metadata?.[PRESIGN_META];
    if (!id) return undefined;
    const record = await presigns.get(id);
    return record ? { uploader: record.uploader, actor: record.actor } : {};
  };
}
