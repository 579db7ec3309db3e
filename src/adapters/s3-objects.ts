import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** Whole objects of a bucket: the inbound files a function reads and the reports it writes. */
export function s3Objects(s3: S3Client, bucket: string) {
  return {
    async text(key: string): Promise<string> {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await object.Body?.transformToString('utf-8')) ?? '';
    },
    async stream(key: string): Promise<AsyncIterable<Uint8Array>> {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const body = object.Body as AsyncIterable<Uint8Array> | undefined;
      if (!body) throw new Error(`${key}: empty S3 body`);
      return body;
    },
    async put(key: string, body: string | Uint8Array, contentType: string): Promise<void> {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
    },
    putJson(key: string, value: unknown): Promise<void> {
      return this.put(key, JSON.stringify(value, null, 2), 'application/json');
    },
  };
}
export type S3Objects = ReturnType<typeof s3Objects>;
