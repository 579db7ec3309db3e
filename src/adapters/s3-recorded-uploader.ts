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
    const head = await s3
      .send(new HeadObjectCommand({ Bucket: obj.bucket, Key: obj.key }))
      .catch((error: unknown) => {
        // HEAD answers a missing object with a bare 404 ("NotFound: UnknownError"): say what it means.
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
          throw Object.assign(
            new Error(`NoSuchKey: the uploaded object does not exist (any more): ${obj.key}`),
            {
              name: 'NoSuchKey',
            },
          );
        throw error;
      });
    const id = head.Metadata?.[PRESIGN_META];
    if (!id) return undefined;
    const record = await presigns.get(id);
    return record ? { uploader: record.uploader, actor: record.actor } : {};
  };
}
