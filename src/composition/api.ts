import { S3Client } from '@aws-sdk/client-s3';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { dynamoCoverageCounters } from '../adapters/dynamo-coverage-counters.ts';
import { s3DownloadLink, s3UploadPresigner } from '../adapters/s3-upload-presigner.ts';
import { regencyConfig } from '../shared/regency-config.ts';
import { accessStore } from './access.ts';
import { clientConfig } from './client-options.ts';
import { employerStore } from './employers.ts';
import { env } from './env.ts';
import { enrollmentStarter, programmeRepository } from './quota.ts';
import { type Runtime, stateMachine, tableIfSet } from './runtime.ts';
import {
  quotaWorkerRepository,
  regionDirectory,
  stepLog,
  uploadRepository,
  uploadStorage,
  workerRepository,
} from './stores.ts';

/** The API: the adapters behind the access layer's and the use cases' ports. */
export async function apiDeps(rt: Runtime) {
  const { PRESIGN_ROLE_ARN, LINDUNG_MAX_FILE_BYTES } = env();
  const programmes = programmeRepository(rt);
  const quotaWorkers = quotaWorkerRepository(rt);
  const now = () => new Date();
  return {
    ...accessStore(rt),
    uploads: uploadRepository(rt),
    storage: uploadStorage(rt),
    steps: stepLog(rt),
    programmes,
    coverage: dynamoCoverageCounters(rt.dynamo, rt.tables.programmes),
    ...(tableIfSet(rt, 'employers') ? { employers: employerStore(rt) } : {}),
    workers: quotaWorkers,
    registry: workerRepository(rt),
    quota: { programmes, workers: quotaWorkers, now, regencyName: regencyConfig.regency.name },
    presigner: s3UploadPresigner(PRESIGN_ROLE_ARN ? presignS3(rt, PRESIGN_ROLE_ARN) : rt.s3, rt.bucket),
    downloadLink: s3DownloadLink(rt.s3, rt.bucket),
    startEnrollment: (name: string, input: unknown) =>
      enrollmentStarter(rt, stateMachine(rt, 'enrollment'))(name, input),
    hash: await rt.nikHasher(),
    regency: regencyConfig.regency.code.replace(/\./g, ''),
    kecamatan: (await regionDirectory()).listKecamatan(),
    maxFileBytes: LINDUNG_MAX_FILE_BYTES,
    now,
  };
}
export type ApiDeps = Awaited<ReturnType<typeof apiDeps>>;

/** An S3 client signing as the presigning role (in AWS); locally the stack's client signs. */
function presignS3(rt: Runtime, roleArn: string): S3Client {
  return new S3Client({
    ...clientConfig(rt.target, 's3'),
    credentials: fromTemporaryCredentials({
      params: { RoleArn: roleArn, RoleSessionName: 'lindung-presign', DurationSeconds: 3600 },
    }),
  });
}

/** Browser origins allowed to call the API (ALLOWED_ORIGINS, comma-separated). */
export const allowedOrigins = (): string[] =>
  env()
    .ALLOWED_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
