import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { dynamoStepLog } from '../../src/adapters/dynamo-step-log.ts';
import { dynamoUploadRepository } from '../../src/adapters/dynamo-upload-repository.ts';
import { dynamoWorkerRepository } from '../../src/adapters/dynamo-worker-repository.ts';
import { s3UploadStorage } from '../../src/adapters/s3-upload-storage.ts';
import { dynamo, s3 } from '../../src/shared/aws-clients.ts';
import { env } from '../../src/shared/env.ts';
import { nikHasher } from '../../src/shared/nik-hash.ts';
import { logger } from '../../src/shared/observability.ts';
import type { ChunkTask } from '../../src/uploads/model.ts';
import { recordedStep } from '../../src/uploads/steps.ts';

/** Composition root shared by the workflow's per-chunk tasks: the adapters behind the use cases' ports. */
export async function chunkTaskDeps() {
  const { BUCKET_NAME, UPLOADS_TABLE, WORKERS_TABLE } = env();
  return {
    storage: s3UploadStorage(s3, BUCKET_NAME),
    uploads: dynamoUploadRepository(dynamo, UPLOADS_TABLE),
    workers: dynamoWorkerRepository(dynamo, WORKERS_TABLE, UPLOADS_TABLE),
    hash: await nikHasher(),
    now: () => new Date(),
  };
}

export const chunkTaskSchema = z.object({
  uploadId: z.string().min(1),
  chunk: z.number().int().positive(),
  /** The execution's id ($$.Execution.Id), to correlate BPJS batches with their run. */
  executionArn: z.string().optional(),
  /** A Catch's error output, for the failure-recording steps. */
  error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});
export type ChunkTaskInput = z.infer<typeof chunkTaskSchema>;

type BaseDeps = Awaited<ReturnType<typeof chunkTaskDeps>>;

/** Thin handler for one chunk step: validate the state input, run the use case, log the counts. */
export function chunkTaskHandler<R extends ChunkTask, D = BaseDeps>(
  step: string,
  useCase: (deps: D, task: ChunkTaskInput) => Promise<R>,
  deps: () => Promise<D> = chunkTaskDeps as unknown as () => Promise<D>,
) {
  return async (event: unknown, context?: Context): Promise<R> => {
    if (context) logger.addContext(context);
    const task = chunkTaskSchema.parse(event);
    // Each run of the step is recorded against its upload (the run's timeline: GET /uploads/{id}).
    const steps = dynamoStepLog(dynamo, env().UPLOADS_TABLE);
    const result = await recordedStep(steps, { uploadId: task.uploadId, step, chunk: task.chunk }, async () =>
      useCase(await deps(), task),
    );
    logger.info(`${step} done`, { result });
    return result;
  };
}
