import { z } from 'zod';
import type { UploadedObject } from '../uploads/model.ts';

const s3RecordSchema = z.object({
  eventName: z.string(),
  eventTime: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({
      key: z.string(),
      size: z.number().int().nonnegative().default(0),
      eTag: z.string().optional(),
      versionId: z.string().optional(),
      sequencer: z.string(),
    }),
  }),
});
export type S3Record = z.infer<typeof s3RecordSchema>;

export const s3EventSchema = z.object({ Records: z.array(s3RecordSchema).min(1) });

/** The object key as written: S3 event keys are URL-encoded with '+' for spaces (the one decoder). */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

export function objectKeyOf(record: { s3: { object: { key: string } } }): string {
  return decodeS3Key(record.s3.object.key);
}

const bucketAndKey = z.object({
  bucket: z.object({ name: z.string() }),
  object: z.object({ key: z.string() }),
});

/** Bucket and key of each object in an S3 event notification (local stack) or an EventBridge "Object Created" (AWS). */
export const objectCreatedSchema = z
  .union([
    z.object({ Records: z.array(z.object({ s3: bucketAndKey })).min(1) }),
    z.object({ detail: bucketAndKey }).transform((e) => ({ Records: [{ s3: e.detail }] })),
  ])
  .transform((e) => e.Records.map((r) => ({ bucket: r.s3.bucket.name, key: decodeS3Key(r.s3.object.key) })));

/** An S3 event record → the uploaded object (the upload id is derived from it: uploadIdFor). */
export function uploadedObjectOf(record: S3Record): UploadedObject {
  const { bucket, object } = record.s3;
  return {
    bucket: bucket.name,
    key: objectKeyOf(record),
    size: object.size,
    sequencer: object.sequencer,
    eventTime: record.eventTime,
    ...(object.eTag ? { eTag: object.eTag } : {}),
    ...(object.versionId ? { versionId: object.versionId } : {}),
  };
}
