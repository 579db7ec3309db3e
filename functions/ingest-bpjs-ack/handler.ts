import type { Context, S3Event } from 'aws-lambda';
import { objectCreatedSchema } from '../../src/adapters/s3-event.ts';
import { handlerRuntime } from '../../src/composition/handler-runtime.ts';
import { bucketObjects } from '../../src/composition/stores.ts';
import { enrollmentDeps } from '../../src/composition/workflow.ts';
import {
  type AcknowledgementSummary,
  ingestAcknowledgement,
} from '../../src/enrollment/ingest-acknowledgement.ts';
import { logger } from '../../src/shared/observability.ts';

/** S3 ObjectCreated under inbound/bpjs/: the BPJS branch's acknowledgement file → statuses, quota, uploads. */
export const handler = async (event: S3Event, context?: Context): Promise<AcknowledgementSummary[]> => {
  if (context) logger.addContext(context);
  const objects = objectCreatedSchema.parse(event);
  const deps = await enrollmentDeps(handlerRuntime);
  const summaries: AcknowledgementSummary[] = [];
  for (const { bucket, key } of objects) {
    if (key.startsWith('inbound/bpjs/claims/')) continue; // claims files: ingest-bpjs-claims (issue #12)
    const files = bucketObjects(handlerRuntime, bucket);
    const summary = await ingestAcknowledgement(
      { ...deps, putReport: (reportKey, report) => files.putJson(reportKey, report) },
      { key, text: await files.text(key) },
    );
    logger.info('BPJS acknowledgement applied', {
      key,
      batchIds: summary.batchIds,
      enrolled: summary.enrolled,
      failed: summary.failed,
      alreadyApplied: summary.alreadyApplied,
      unknown: summary.unknown.length,
      problems: summary.problems.length,
    });
    summaries.push(summary);
  }
  return summaries;
};
