import { z } from 'zod';
import type { UploadedObject } from '../../src/uploads/model.ts';

export const s3RecordSchema = z.object({
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

/** The object key as written: S3 event keys are URL-encoded with '+' for spaces. */
export function objectKeyOf(record: S3Record): string {
  return decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
}

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
