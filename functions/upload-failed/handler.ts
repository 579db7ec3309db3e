import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { s3EventSchema, uploadedObjectOf } from '../../src/adapters/s3-event.ts';
import { handlerRuntime } from '../../src/composition/handler-runtime.ts';
import { uploadRepository } from '../../src/composition/stores.ts';
import { logger } from '../../src/shared/observability.ts';
import { failUpload } from '../../src/uploads/fail-upload.ts';
import type { UploadSummary } from '../../src/uploads/model.ts';
import { EMPLOYER_REGISTRY_PREFIX } from '../validate-upload/employer-registry.ts';

/**
 * Lambda's onFailure destination record for an asynchronous invocation whose retries are spent: the S3 event
 * validate-upload could not process, and its last error (absent when the function was killed, e.g. timed out).
 */
const destinationRecordSchema = z.object({
  requestContext: z.object({ condition: z.string().optional() }).optional(),
  requestPayload: s3EventSchema,
  responsePayload: z
    .object({ errorType: z.string().optional(), errorMessage: z.string().optional() })
    .nullish(),
});

/** validate-upload failed for good on an upload: the upload ends FAILED with the cause, not VALIDATING. */
export const handler = async (event: unknown, context?: Context): Promise<UploadSummary[]> => {
  if (context) logger.addContext(context);
  const record = destinationRecordSchema.parse(event);
  const deps = { uploads: uploadRepository(handlerRuntime), now: () => new Date() };
  const error = record.responsePayload;
  const cause = error?.errorMessage
    ? `${error.errorType ?? 'Error'}: ${error.errorMessage}`
    : (record.requestContext?.condition ?? 'the validator stopped without an answer');
  const summaries: UploadSummary[] = [];
  for (const s3Record of record.requestPayload.Records) {
    const obj = uploadedObjectOf(s3Record);
    if (obj.key.startsWith(EMPLOYER_REGISTRY_PREFIX)) continue; // registry imports have no upload record
    const summary = await failUpload(deps, obj, cause);
    logger.error('upload failed: validator retries spent', { uploadId: summary.uploadId, cause });
    summaries.push(summary);
  }
  return summaries;
};
