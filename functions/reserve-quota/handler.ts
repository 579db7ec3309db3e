import { SESv2Client } from '@aws-sdk/client-sesv2';
import { dynamoProgrammeRepository } from '../../src/adapters/dynamo-programme-repository.ts';
import { dynamoQuotaWorkerRepository } from '../../src/adapters/dynamo-worker-repository.ts';
import { mailFrom, sesMailSender } from '../../src/adapters/ses-mail-sender.ts';
import { reserveQuota } from '../../src/enrollment/reserve-quota.ts';
import { dynamo } from '../../src/shared/aws-clients.ts';
import { env } from '../../src/shared/env.ts';
import { regencyConfig } from '../../src/shared/regency-config.ts';
import { chunkTaskHandler } from '../shared/chunk-task.ts';

const ses = new SESv2Client({});

/** Workflow task: reserve programme quota places for a chunk's pending workers; the rest are waitlisted. */
export const handler = chunkTaskHandler('reserve-quota', (deps, task) => {
  const { PROGRAMMES_TABLE, WORKERS_TABLE } = env();
  return reserveQuota(
    {
      ...deps,
      quota: {
        programmes: dynamoProgrammeRepository(dynamo, PROGRAMMES_TABLE),
        workers: dynamoQuotaWorkerRepository(dynamo, WORKERS_TABLE),
        mail: sesMailSender(ses, { from: mailFrom() }),
        regency: regencyConfig.regency.code,
        regencyName: regencyConfig.regency.name,
        now: deps.now,
      },
    },
    { uploadId: task.uploadId, chunk: task.chunk },
  );
});
