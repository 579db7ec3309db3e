import { dynamoStepLog } from '../adapters/dynamo-step-log.ts';
import { dynamoUploadRepository } from '../adapters/dynamo-upload-repository.ts';
import { dynamoQuotaWorkerRepository, dynamoWorkerRepository } from '../adapters/dynamo-worker-repository.ts';
import { s3Objects } from '../adapters/s3-objects.ts';
import { s3UploadStorage } from '../adapters/s3-upload-storage.ts';
import { regencyConfig } from '../shared/regency-config.ts';
import { loadRegionDirectory } from '../validation/regions.ts';
import type { Runtime } from './runtime.ts';

/** The small adapters most wiring starts from (their own module: a CLI command loads only what it uses). */
export const uploadRepository = (rt: Runtime) => dynamoUploadRepository(rt.dynamo, rt.tables.uploads);
export const uploadStorage = (rt: Runtime) => s3UploadStorage(rt.s3, rt.bucket);
export const stepLog = (rt: Runtime) => dynamoStepLog(rt.dynamo, rt.tables.uploads);
export const workerRepository = (rt: Runtime) =>
  dynamoWorkerRepository(rt.dynamo, rt.tables.workers, rt.tables.uploads);
/** The registry's quota view (workers, with their chunk records in the uploads table). */
export const quotaWorkerRepository = (rt: Runtime) =>
  dynamoQuotaWorkerRepository(rt.dynamo, rt.tables.workers, rt.tables.uploads);
export const bucketObjects = (rt: Runtime, bucket = rt.bucket) => s3Objects(rt.s3, bucket);

let regions: ReturnType<typeof loadRegionDirectory> | undefined;
/** The regency's desa and kecamatan (idn-area-data), loaded once per process. */
export function regionDirectory() {
  regions ??= loadRegionDirectory(regencyConfig.regency.code);
  return regions;
}
