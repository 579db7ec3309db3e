import { S3Client } from '@aws-sdk/client-s3';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { z } from 'zod';
import { dynamoAccessStore } from '../../src/adapters/dynamo-access-store.ts';
import { dynamoCoverageCounters } from '../../src/adapters/dynamo-coverage-counters.ts';
import { dynamoEmployerStore } from '../../src/adapters/dynamo-employer-store.ts';
import { dynamoProgrammeRepository } from '../../src/adapters/dynamo-programme-repository.ts';
import { dynamoStepLog } from '../../src/adapters/dynamo-step-log.ts';
import { dynamoUploadRepository } from '../../src/adapters/dynamo-upload-repository.ts';
import {
  dynamoQuotaWorkerRepository,
  dynamoWorkerRepository,
} from '../../src/adapters/dynamo-worker-repository.ts';
import { s3UploadPresigner } from '../../src/adapters/s3-upload-presigner.ts';
import { s3UploadStorage } from '../../src/adapters/s3-upload-storage.ts';
import { sfnWorkflowStarter } from '../../src/adapters/sfn-workflow-starter.ts';
import { dynamo, s3, sfn } from '../../src/shared/aws-clients.ts';
import { env } from '../../src/shared/env.ts';
import { nikHasher } from '../../src/shared/nik-hash.ts';
import { regencyConfig } from '../../src/shared/regency-config.ts';
import { loadRegionDirectory } from '../../src/validation/regions.ts';

const apiEnv = z.object({
  ACCESS_TABLE: z.string().min(1),
  EMPLOYERS_TABLE: z.string().min(1).optional(),
  /** AWS: the role presigned POSTs are signed as (the only writer the bucket allows under uploads/). */
  PRESIGN_ROLE_ARN: z.string().optional(),
  /** Browser origins allowed to call the API (comma-separated): the dashboard's. */
  ALLOWED_ORIGINS: z.string().default(''),
});

const regions = loadRegionDirectory(regencyConfig.regency.code);

/** Composition root of the API: the adapters behind the access layer's and the use cases' ports. */
export async function apiDeps() {
  const base = env();
  const { ACCESS_TABLE, EMPLOYERS_TABLE, PRESIGN_ROLE_ARN } = apiEnv.parse(process.env);
  const access = dynamoAccessStore(dynamo, ACCESS_TABLE);
  const programmes = dynamoProgrammeRepository(dynamo, base.PROGRAMMES_TABLE);
  const quotaWorkers = dynamoQuotaWorkerRepository(dynamo, base.WORKERS_TABLE, base.UPLOADS_TABLE);
  const starter = base.ENROLLMENT_STATE_MACHINE_ARN
    ? sfnWorkflowStarter(sfn, base.ENROLLMENT_STATE_MACHINE_ARN)
    : undefined;
  const now = () => new Date();
  return {
    ...access,
    uploads: dynamoUploadRepository(dynamo, base.UPLOADS_TABLE),
    storage: s3UploadStorage(s3, base.BUCKET_NAME),
    steps: dynamoStepLog(dynamo, base.UPLOADS_TABLE),
    programmes,
    coverage: dynamoCoverageCounters(dynamo, base.PROGRAMMES_TABLE),
    ...(EMPLOYERS_TABLE ? { employers: dynamoEmployerStore(dynamo, EMPLOYERS_TABLE) } : {}),
    workers: quotaWorkers,
    registry: dynamoWorkerRepository(dynamo, base.WORKERS_TABLE, base.UPLOADS_TABLE),
    quota: { programmes, workers: quotaWorkers, now, regencyName: regencyConfig.regency.name },
    presigner: s3UploadPresigner(PRESIGN_ROLE_ARN ? presignS3(PRESIGN_ROLE_ARN) : s3, base.BUCKET_NAME),
    startEnrollment: (name: string, input: unknown) => {
      if (!starter) throw new Error('ENROLLMENT_STATE_MACHINE_ARN is not set');
      return starter.start(name, input);
    },
    hash: await nikHasher(),
    regency: regencyConfig.regency.code.replace(/\./g, ''),
    kecamatan: (await regions).listKecamatan(),
    maxFileBytes: base.LINDUNG_MAX_FILE_BYTES,
    now,
  };
}
/** An S3 client signing as the presigning role (in AWS); locally the stack's client signs. */
function presignS3(roleArn: string): S3Client {
  return new S3Client({
    credentials: fromTemporaryCredentials({
      params: { RoleArn: roleArn, RoleSessionName: 'lindung-presign', DurationSeconds: 3600 },
    }),
  });
}

export type ApiDeps = Awaited<ReturnType<typeof apiDeps>>;

export const allowedOrigins = (): string[] =>
  apiEnv
    .parse(process.env)
    .ALLOWED_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
