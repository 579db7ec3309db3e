import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { dynamoUploadRepository } from '../../src/adapters/dynamo-upload-repository.ts';
import { dynamoWorkerRepository } from '../../src/adapters/dynamo-worker-repository.ts';
import { s3UploadStorage } from '../../src/adapters/s3-upload-storage.ts';
import { dynamo, s3 } from '../../src/shared/aws-clients.ts';
import { env } from '../../src/shared/env.ts';
import { nikHasher } from '../../src/shared/nik-hash.ts';
import { logger } from '../../src/shared/observability.ts';
import type { ChunkTask } from '../../src/uploads/model.ts';

/** Composition root shared by the workflow's per-chunk tasks: the adapters behind the use cases' ports. */
export async function chunkTaskDeps() {
  const { BUCKET_NAME, UPLOADS_TABLE, WORKERS_TABLE } = env();
  return {
    storage: s3UploadStorage(s3, BUCKET_NAME),
    uploads: dynamoUploadRepository(dynamo, UPLOADS_TABLE),
    workers: dynamoWorkerRepository(dynamo, WORKERS_TABLE),
    hash: await nikHasher(),
    now: () => new Date(),
  };
}

export const chunkTaskSchema = z.object({ uploadId: z.string().min(1), chunk: z.number().int().positive() });

/** Thin handler for one chunk step: validate the state input, run the use case, log the counts. */
export function chunkTaskHandler<R extends ChunkTask>(
  step: string,
  useCase: (deps: Awaited<ReturnType<typeof chunkTaskDeps>>, task: ChunkTask) => Promise<R>,
) {
  return async (event: unknown, context?: Context): Promise<R> => {
    if (context) logger.addContext(context);
    const task = chunkTaskSchema.parse(event);
    const result = await useCase(await chunkTaskDeps(), task);
    logger.info(`${step} done`, { result });
    return result;
  };
}
