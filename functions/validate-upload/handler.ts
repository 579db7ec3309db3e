import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, S3Event } from 'aws-lambda';
import { dynamoProgrammeRepository } from '../../src/adapters/dynamo-programme-repository.ts';
import { dynamoUploadRepository } from '../../src/adapters/dynamo-upload-repository.ts';
import { s3UploadStorage } from '../../src/adapters/s3-upload-storage.ts';
import { sfnWorkflowStarter } from '../../src/adapters/sfn-workflow-starter.ts';
import { programmeForReservation } from '../../src/quota/programme.ts';
import { dynamo, s3, sfn } from '../../src/shared/aws-clients.ts';
import { env } from '../../src/shared/env.ts';
import { logger, metrics } from '../../src/shared/observability.ts';
import { regencyConfig, uploadLayout } from '../../src/shared/regency-config.ts';
import type { UploadSummary } from '../../src/uploads/model.ts';
import { validateUpload } from '../../src/uploads/validate-upload.ts';
import { rulesForProgramme, validationRules } from '../../src/validation/default-rules.ts';
import { loadRegionDirectory } from '../../src/validation/regions.ts';
import { EMPLOYER_REGISTRY_PREFIX, importEmployerRegistry } from './employer-registry.ts';
import { s3EventSchema, uploadedObjectOf } from './s3-event.ts';

const regions = loadRegionDirectory(regencyConfig.regency.code);

/**
 * S3 ObjectCreated under uploads/ → validate every row, stage the valid ones, start the enrollment workflow.
 * Employer registries (uploads/agency/disnakertrans/employers/) go to the registry import instead.
 */
export const handler = async (event: S3Event, context?: Context) => {
  if (context) logger.addContext(context);
  const {
    BUCKET_NAME,
    UPLOADS_TABLE,
    ENROLLMENT_STATE_MACHINE_ARN,
    LINDUNG_CHUNK_SIZE,
    LINDUNG_MAX_FILE_BYTES,
    PROGRAMMES_TABLE,
  } = env();
  if (!ENROLLMENT_STATE_MACHINE_ARN) throw new Error('ENROLLMENT_STATE_MACHINE_ARN is not set');
  const parsed = s3EventSchema.parse(event);
  const now = new Date();
  // Ages and excluded occupations of the programme the rows would be enrolled in (see reserve-quota);
  // the regency configuration's when no programme is set (reserve-quota then stops the run: set one first).
  const configured = { ...validationRules(regencyConfig), maxFileBytes: LINDUNG_MAX_FILE_BYTES };
  const programme = await programmeForReservation(
    dynamoProgrammeRepository(dynamo, PROGRAMMES_TABLE),
    regencyConfig.regency.code,
    now,
  );
  const deps = {
    uploads: dynamoUploadRepository(dynamo, UPLOADS_TABLE),
    storage: s3UploadStorage(s3, BUCKET_NAME),
    workflow: sfnWorkflowStarter(sfn, ENROLLMENT_STATE_MACHINE_ARN),
    rules: programme ? rulesForProgramme(configured, programme) : configured,
    regions: await regions,
    layout: uploadLayout,
    ...(LINDUNG_CHUNK_SIZE ? { chunkSize: LINDUNG_CHUNK_SIZE } : {}),
    now: () => new Date(),
  };
  const summaries: Array<UploadSummary | Awaited<ReturnType<typeof importEmployerRegistry>>> = [];
  try {
    for (const record of parsed.Records) {
      const obj = uploadedObjectOf(record);
      if (obj.key.startsWith(EMPLOYER_REGISTRY_PREFIX)) {
        summaries.push(await importEmployerRegistry(record));
        continue;
      }
      const summary = await validateUpload(deps, obj);
      logger.info('upload validated', {
        uploadId: summary.uploadId,
        status: summary.status,
        rows: summary.rows,
        rejected: summary.rejected,
        fileError: summary.fileError?.code,
      });
      metrics.addMetric('RowsReceived', MetricUnit.Count, summary.rows);
      metrics.addMetric('RowsRejected', MetricUnit.Count, summary.rejected);
      if (summary.status === 'REJECTED') metrics.addMetric('UploadsRejected', MetricUnit.Count, 1);
      summaries.push(summary);
    }
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
  return summaries;
};
