import { bpjsGatewayFromEnv } from '../../src/adapters/bpjs-gateway-from-env.ts';
import { dynamoBatchRepository } from '../../src/adapters/dynamo-batch-repository.ts';
import type { PlaceReleaser } from '../../src/enrollment/apply-bpjs-results.ts';
import type { CoveragePeriod } from '../../src/enrollment/enroll-workers.ts';
import { dynamo, s3 } from '../../src/shared/aws-clients.ts';
import { env } from '../../src/shared/env.ts';
import { regencyConfig } from '../../src/shared/regency-config.ts';
import { chunkTaskDeps } from './chunk-task.ts';

/** Composition root of the enrollment steps: the BPJS gateway chosen by configuration, batches, releases. */
export async function enrollmentDeps() {
  const base = await chunkTaskDeps();
  const { BUCKET_NAME, UPLOADS_TABLE } = env();
  return {
    ...base,
    batches: dynamoBatchRepository(dynamo, UPLOADS_TABLE),
    gateway: bpjsGatewayFromEnv(process.env, s3, BUCKET_NAME),
    releaser,
    coverage,
  };
}

// TODO(#4 wiring): release through src/quota once its adapters land.
const releaser: PlaceReleaser = { release: async () => undefined };

/** Coverage from the first day of next month to the end of the programme year, at the programme's premium. */
async function coverage(today: Date): Promise<CoveragePeriod> {
  const year = today.getUTCFullYear();
  const next = new Date(Date.UTC(year, today.getUTCMonth() + 1, 1));
  const periodStart = next.getUTCFullYear() > year ? `${year}-12-01` : next.toISOString().slice(0, 10);
  return {
    periodStart,
    periodEnd: `${year}-12-31`,
    monthlyContribution: regencyConfig.programme.monthlyPremium,
  };
}
