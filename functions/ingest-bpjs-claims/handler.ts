import type { Context, S3Event } from 'aws-lambda';
import { objectCreatedSchema } from '../../src/adapters/s3-event.ts';
import { importClaimsFile } from '../../src/composition/claims.ts';
import { handlerRuntime } from '../../src/composition/handler-runtime.ts';
import { bucketObjects } from '../../src/composition/stores.ts';
import { logger } from '../../src/shared/observability.ts';

/**
 * S3 ObjectCreated under inbound/bpjs/claims/ (an S3 notification locally, the bucket's EventBridge event in
 * AWS): the BPJS branch's claims and benefits file → claim counters, and its report
 * (reports/bpjs-claims/<file>.json and .errors.csv). A re-delivered event or a re-sent file changes nothing:
 * every line is applied once.
 */
export const handler = async (event: S3Event | unknown, context?: Context) => {
  if (context) logger.addContext(context);
  const results = [];
  for (const { bucket, key } of objectCreatedSchema.parse(event)) {
    const bytes = await bucketObjects(handlerRuntime, bucket).stream(key);
    const summary = await importClaimsFile(handlerRuntime, { name: key, bytes }, { bucket });
    logger.info('BPJS claims file applied', {
      key,
      lines: summary.lines,
      applied: summary.applied,
      alreadyApplied: summary.alreadyApplied,
      unmatched: summary.unmatched,
      rejected: summary.rejected,
      fileError: summary.fileError?.code,
    });
    results.push({ key, ...summary, problems: summary.problems.length });
  }
  return results;
};
