import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { mailFrom } from '../../src/adapters/ses-mail-sender.ts';
import { dynamo, s3 } from '../../src/shared/aws-clients.ts';
import { logger } from '../../src/shared/observability.ts';
import { runPeriodicReport } from '../shared/report-deps.ts';

const ses = new SESv2Client({});

/** EventBridge Scheduler's input (infra/constructs/periodic-reports.ts): which report; `asOf` for a re-run. */
const eventSchema = z.object({
  kind: z.enum(['weekly', 'monthly']),
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});
const envSchema = z.object({
  BUCKET_NAME: z.string().min(1),
  UPLOADS_TABLE: z.string().min(1),
  WORKERS_TABLE: z.string().min(1),
  PROGRAMMES_TABLE: z.string().min(1),
  EMPLOYERS_TABLE: z.string().min(1),
  SES_CONFIGURATION_SET: z.string().optional(),
});

/** Builds the weekly or monthly report, stores it under reports/periodic/<period>/ and mails it once per recipient. */
export const handler = async (event: unknown, context?: Context) => {
  if (context) logger.addContext(context);
  const request = eventSchema.parse(event);
  const env = envSchema.parse(process.env);
  const { report, run } = await runPeriodicReport(
    {
      dynamo,
      s3,
      ses,
      bucket: env.BUCKET_NAME,
      tables: {
        uploads: env.UPLOADS_TABLE,
        workers: env.WORKERS_TABLE,
        programmes: env.PROGRAMMES_TABLE,
        employers: env.EMPLOYERS_TABLE,
      },
      from: process.env.LINDUNG_REPORT_FROM ?? mailFrom(),
      ...(env.SES_CONFIGURATION_SET ? { configurationSetName: env.SES_CONFIGURATION_SET } : {}),
    },
    { ...request, send: true },
  );
  logger.info('periodic report', {
    periodId: report.periodId,
    sent: run.sent.length,
    alreadySent: run.alreadySent.length,
    failed: run.failed.length,
  });
  if (run.failed.length > 0)
    throw new Error(
      `report ${report.periodId}: ${run.failed.length} recipient(s) failed; a re-run retries only those`,
    );
  return { periodId: report.periodId, prefix: run.prefix, sent: run.sent, alreadySent: run.alreadySent };
};
