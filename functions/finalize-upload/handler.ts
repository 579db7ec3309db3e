import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { dynamoStepLog } from '../../src/adapters/dynamo-step-log.ts';
import { dynamoUploadRepository } from '../../src/adapters/dynamo-upload-repository.ts';
import { finalizeUpload } from '../../src/enrollment/finalize-upload.ts';
import { dynamo } from '../../src/shared/aws-clients.ts';
import { env } from '../../src/shared/env.ts';
import { logger } from '../../src/shared/observability.ts';
import type { UploadSummary } from '../../src/uploads/model.ts';
import { recordedStep } from '../../src/uploads/steps.ts';
import { coverageCounters } from '../shared/coverage-deps.ts';

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
  const steps = dynamoStepLog(dynamo, env().UPLOADS_TABLE);
  const summary = await recordedStep(steps, { uploadId: input.uploadId, step: 'finalize-upload' }, () =>
    finalizeUpload(
      {
        uploads: dynamoUploadRepository(dynamo, env().UPLOADS_TABLE),
        now: () => new Date(),
        counters: coverageCounters(),
      },
      { uploadId: input.uploadId, ...(input.error ? { error: input.error } : {}) },
    ),
  );
  logger.info('upload finalized', { ...summary });
  return summary;
};
