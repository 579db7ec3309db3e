import { dynamoCoverageCounters } from '../../src/adapters/dynamo-coverage-counters.ts';
import { dynamoProgrammeRepository } from '../../src/adapters/dynamo-programme-repository.ts';
import type { FinalizeUploadDeps } from '../../src/enrollment/finalize-upload.ts';
import { programmeForReservation } from '../../src/quota/programme.ts';
import { dynamo } from '../../src/shared/aws-clients.ts';
import { env } from '../../src/shared/env.ts';
import { regencyConfig } from '../../src/shared/regency-config.ts';

/** The coverage counters (programmes table) as the closing steps keep them. */
export function coverageCounters(): NonNullable<FinalizeUploadDeps['counters']> {
  const { PROGRAMMES_TABLE } = env();
  const programmes = dynamoProgrammeRepository(dynamo, PROGRAMMES_TABLE);
  return {
    writer: dynamoCoverageCounters(dynamo, PROGRAMMES_TABLE),
    programmeOf: async (upload) => {
      const p = await programmeForReservation(
        programmes,
        regencyConfig.regency.code,
        new Date(upload.createdAt),
      );
      return p ? { regency: p.regency, year: p.year } : undefined;
    },
  };
}
