import { objectKeyOf } from '../../src/adapters/s3-event.ts';
import { s3UploadStorage } from '../../src/adapters/s3-upload-storage.ts';
import { employerDeps } from '../../src/composition/employers.ts';
import { handlerRuntime } from '../../src/composition/handler-runtime.ts';
import { bucketObjects } from '../../src/composition/stores.ts';
import { importRegistry } from '../../src/employers/import-registry.ts';
import { logger } from '../../src/shared/observability.ts';
import { uploadIdFor } from '../../src/uploads/validate-upload.ts';

/** The upload prefix whose objects are employer registries, not worker lists. */
export const EMPLOYER_REGISTRY_PREFIX = 'uploads/agency/disnakertrans/employers/';

export interface RegistryRecord {
  eventTime: string;
  s3: {
    bucket: { name: string };
    object: { key: string; size: number; versionId?: string; sequencer: string };
  };
}

/**
 * An employer registry uploaded under uploads/agency/disnakertrans/employers/ (S3 cannot route overlapping
 * prefixes to two functions, so the upload entry point hands these over): imports it and writes the error
 * report to reports/employers/<importId>/errors.csv. Same file rules as worker uploads.
 */
export async function importEmployerRegistry(record: RegistryRecord) {
  const deps = await employerDeps(handlerRuntime);
  const bucket = record.s3.bucket.name;
  const key = objectKeyOf(record);
  if (!key.startsWith(EMPLOYER_REGISTRY_PREFIX)) throw new Error(`not an employer registry upload: ${key}`);
  const importId = uploadIdFor({
    bucket,
    key,
    size: record.s3.object.size,
    sequencer: record.s3.object.sequencer,
    eventTime: record.eventTime,
    ...(record.s3.object.versionId ? { versionId: record.s3.object.versionId } : {}),
  });
  const { summary } = await importRegistry(
    {
      store: deps.store,
      putReport: async (id, csv) => {
        const reportKey = `reports/employers/${id}/errors.csv`;
        await bucketObjects(handlerRuntime, bucket).put(reportKey, csv, 'text/csv; charset=utf-8');
        return reportKey;
      },
    },
    s3UploadStorage(handlerRuntime.s3, bucket).read(key),
    key.split('/').at(-1) ?? key,
    { importId, at: deps.clock().toISOString(), maxBytes: deps.maxFileBytes },
  );
  logger.info('employer registry imported', { key, ...summary });
  return { key, ...summary };
}
