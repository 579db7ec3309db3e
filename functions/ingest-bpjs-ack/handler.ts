import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Context, S3Event } from 'aws-lambda';
import { z } from 'zod';
import { dynamoUploadRepository } from '../../src/adapters/dynamo-upload-repository.ts';
import {
  type AcknowledgementSummary,
  ingestAcknowledgement,
} from '../../src/enrollment/ingest-acknowledgement.ts';
import { dynamo, s3 } from '../../src/shared/aws-clients.ts';
import { env } from '../../src/shared/env.ts';
import { logger } from '../../src/shared/observability.ts';
import { enrollmentDeps } from '../shared/enrollment-deps.ts';

const eventSchema = z.object({
  Records: z
    .array(
      z.object({
        s3: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string() }) }),
      }),
    )
    .min(1),
});

/** S3 ObjectCreated under inbound/bpjs/: the BPJS branch's acknowledgement file → statuses, quota, uploads. */
export const handler = async (event: S3Event, context?: Context): Promise<AcknowledgementSummary[]> => {
  if (context) logger.addContext(context);
  const deps = await enrollmentDeps();
  const { UPLOADS_TABLE } = env();
  const summaries: AcknowledgementSummary[] = [];
  for (const record of eventSchema.parse(event).Records) {
    const bucket = record.s3.bucket.name;
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    if (key.startsWith('inbound/bpjs/claims/')) continue; // claims files: ingest-bpjs-claims (issue #12)
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = (await object.Body?.transformToString('utf-8')) ?? '';
    const summary = await ingestAcknowledgement(
      {
        ...deps,
        uploads: dynamoUploadRepository(dynamo, UPLOADS_TABLE),
        putReport: async (reportKey, report) => {
          await s3.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: reportKey,
              Body: JSON.stringify(report, null, 2),
              ContentType: 'application/json',
            }),
          );
        },
      },
      { key, text },
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
