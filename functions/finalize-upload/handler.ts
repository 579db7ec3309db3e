import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { handlerRuntime } from '../../src/composition/handler-runtime.ts';
import { stepLog } from '../../src/composition/stores.ts';
import { finalizeUploadDeps } from '../../src/composition/workflow.ts';
import { finalizeUpload } from '../../src/enrollment/finalize-upload.ts';
import { logger } from '../../src/shared/observability.ts';
import type { UploadSummary } from '../../src/uploads/model.ts';
import { recordedStep } from '../../src/uploads/steps.ts';

const inputSchema = z.object({
  uploadId: z.string().min(1),
  error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});

/**
 * Workflow task: add up the outcomes of every row and close the upload (COMPLETED or FAILED with a reason);
 * set the upload's coverage counters.
 */
export const handler = async (event: unknown, context?: Context): Promise<UploadSummary> => {
  if (context) logger.addContext(context);
  const input = inputSchema.parse(event);
  const summary = await recordedStep(
    stepLog(handlerRuntime),
    { uploadId: input.uploadId, step: 'finalize-upload' },
    () =>
      finalizeUpload(finalizeUploadDeps(handlerRuntime), {
        uploadId: input.uploadId,
        ...(input.error ? { error: input.error } : {}),
      }),
  );
  logger.info('upload finalized', { ...summary });
  return summary;
};
