import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, S3Event } from 'aws-lambda';
import { s3EventSchema, uploadedObjectOf } from '../../src/adapters/s3-event.ts';
import { handlerRuntime } from '../../src/composition/handler-runtime.ts';
import { stepLog } from '../../src/composition/stores.ts';
import { uploadGate, validateUploadDeps } from '../../src/composition/workflow.ts';
import { logger, metrics } from '../../src/shared/observability.ts';
import type { UploadSummary } from '../../src/uploads/model.ts';
import { recordedStep } from '../../src/uploads/steps.ts';
import { uploadIdFor, validateUpload } from '../../src/uploads/validate-upload.ts';
import { EMPLOYER_REGISTRY_PREFIX, importEmployerRegistry } from './employer-registry.ts';

/** Who may bring an employer registry, and its audit trail (reads its table at use: built once). */
const gate = uploadGate(handlerRuntime);

/**
 * S3 ObjectCreated under uploads/ → validate every row, stage the valid ones, start the enrollment workflow.
 * Employer registries (uploads/agency/disnakertrans/employers/) go to the registry import instead.
 */
export const handler = async (event: S3Event, context?: Context) => {
  if (context) logger.addContext(context);
  const parsed = s3EventSchema.parse(event);
  const deps = await validateUploadDeps(handlerRuntime, new Date());
  const summaries: Array<UploadSummary | Awaited<ReturnType<typeof importEmployerRegistry>>> = [];
  try {
    for (const record of parsed.Records) {
      const obj = uploadedObjectOf(record);
      if (obj.key.startsWith(EMPLOYER_REGISTRY_PREFIX)) {
        const uploader = await gate.registryUploader(obj);
        if (!uploader.allowed) {
          logger.error('employer registry upload refused: not Disnakertrans’s presigned upload', {
            key: obj.key,
          });
          continue;
        }
        const imported = await importEmployerRegistry(record);
        await gate.audit({
          actor: uploader.actor ?? { id: 'operator', role: 'operator' },
          action: 'employers.import',
          entity: 'employers#registry',
          new: imported,
        });
        summaries.push(imported);
        continue;
      }
      const summary = await recordedStep(
        stepLog(handlerRuntime),
        { uploadId: uploadIdFor(obj), step: 'validate' },
        () => validateUpload(deps, obj),
      );
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
