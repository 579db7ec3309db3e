import { bpjsGatewayFromEnv } from '../../src/adapters/bpjs-gateway-from-env.ts';
import { dynamoBatchRepository } from '../../src/adapters/dynamo-batch-repository.ts';
import { dynamo, s3 } from '../../src/shared/aws-clients.ts';
import { env } from '../../src/shared/env.ts';
import { chunkTaskDeps } from './chunk-task.ts';
import { coverageCounters } from './coverage-deps.ts';
import { placeReleaser, programmeCoverage } from './quota-deps.ts';

/** Composition root of the enrollment steps: the BPJS gateway chosen by configuration, batches, releases. */
export async function enrollmentDeps() {
  const base = await chunkTaskDeps();
  const { BUCKET_NAME, UPLOADS_TABLE } = env();
  return {
    ...base,
    batches: dynamoBatchRepository(dynamo, UPLOADS_TABLE),
    gateway: bpjsGatewayFromEnv(process.env, s3, BUCKET_NAME),
    releaser: placeReleaser(),
    coverage: programmeCoverage,
    counters: coverageCounters(),
  };
}
