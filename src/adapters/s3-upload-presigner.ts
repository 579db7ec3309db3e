import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { UploadPresigner } from '../access/ports.ts';

/** S3 presigned POST: the key, the size range and each metadata field are conditions of the signed policy. */
export function s3UploadPresigner(s3: S3Client, bucket: string): UploadPresigner {
  return {
    async presignPost({ key, maxBytes, metadata, expiresSeconds }) {
      const meta = Object.fromEntries(Object.entries(metadata).map(([k, v]) => [`x-amz-meta-${k}`, v]));
      const { url, fields } = await createPresignedPost(s3, {
        Bucket: bucket,
        Key: key,
        Fields: meta,
        Conditions: [
          ['content-length-range', 1, maxBytes],
          ...Object.entries(meta).map(([k, v]) => ({ [k]: v })),
        ],
        Expires: expiresSeconds,
      });
      return { url, fields };
    },
  };
}

/** A short-lived download link for an object, saved under the given file name. */
export function s3DownloadLink(s3: S3Client, bucket: string) {
  return (key: string, fileName: string, expiresIn: number): Promise<string> =>
    getSignedUrl(
      s3,
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ResponseContentDisposition: `attachment; filename="${fileName}"`,
      }),
      { expiresIn },
    );
}
