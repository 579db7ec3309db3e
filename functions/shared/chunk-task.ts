import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { handlerRuntime } from '../../src/composition/handler-runtime.ts';
import { stepLog } from '../../src/composition/stores.ts';
import { logger } from '../../src/shared/observability.ts';
import type { ChunkTask } from '../../src/uploads/model.ts';
import { recordedStep } from '../../src/uploads/steps.ts';

export const chunkTaskSchema = z.object({
  uploadId: z.string().min(1),
  chunk: z.number().int().positive(),
  /** The execution's id ($$.Execution.Id), to correlate BPJS batches with their run. */
  executionArn: z.string().optional(),
  /** A Catch's error output, for the failure-recording steps. */
  error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});
export type ChunkTaskInput = z.infer<typeof chunkTaskSchema>;

/**
 * Thin handler for one chunk step: validate the state input, run the use case on the deps the composition
 * root builds (src/composition), log the counts.
 */
export function chunkTaskHandler<R extends ChunkTask, D>(
  step: string,
  useCase: (deps: D, task: ChunkTaskInput) => Promise<R>,
  deps: (rt: typeof handlerRuntime) => Promise<D>,
) {
  return async (event: unknown, context?: Context): Promise<R> => {
    if (context) logger.addContext(context);
    const task = chunkTaskSchema.parse(event);
    // Each run of the step is recorded against its upload (the run's timeline: GET /uploads/{id}).
    const result = await recordedStep(
      stepLog(handlerRuntime),
      { uploadId: task.uploadId, step, chunk: task.chunk },
      async () => useCase(await deps(handlerRuntime), task),
    );
    logger.info(`${step} done`, { result });
    return result;
  };
}
