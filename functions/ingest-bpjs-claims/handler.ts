import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { Context, S3Event } from 'aws-lambda';
import { z } from 'zod';
import { dynamo, s3 } from '../../src/shared/aws-clients.ts';
import { env } from '../../src/shared/env.ts';
import { nikHasher } from '../../src/shared/nik-hash.ts';
import { logger } from '../../src/shared/observability.ts';
import { importClaimsFile } from '../shared/claims-deps.ts';

/** An S3 event notification (local stack) or the bucket's EventBridge "Object Created" event (AWS). */
const eventSchema = z.union([
  z.object({
    Records: z
      .array(
        z.object({
          s3: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string() }) }),
        }),
      )
      .min(1),
  }),
  z
    .object({
      detail: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string() }) }),
    })
    .transform((e) => ({ Records: [{ s3: e.detail }] })),
]);

/**
 * S3 ObjectCreated under inbound/bpjs/claims/: the BPJS branch's claims and benefits file → claim counters, and
 * its report (reports/bpjs-claims/<file>.json and .errors.csv). A re-delivered event or a re-sent file changes
 * nothing: every line is applied once.
 */
export const handler = async (event: S3Event | unknown, context?: Context) => {
  if (context) logger.addContext(context);
  const { WORKERS_TABLE, PROGRAMMES_TABLE, UPLOADS_TABLE } = env();
  const hashNik = await nikHasher();
  const results = [];
  for (const record of eventSchema.parse(event).Records) {
    const bucket = record.s3.bucket.name;
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const body = object.Body as AsyncIterable<Uint8Array> | undefined;
    if (!body) throw new Error(`${key}: empty S3 body`);
    const summary = await importClaimsFile(
      {
        dynamo,
        s3,
        bucket,
        workersTable: WORKERS_TABLE,
        uploadsTable: UPLOADS_TABLE,
        programmesTable: PROGRAMMES_TABLE,
        hashNik,
      },
      { name: key, bytes: body },
    );
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
