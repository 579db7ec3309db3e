import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { handlerRuntime } from '../../src/composition/handler-runtime.ts';
import { runPeriodicReport } from '../../src/composition/reports.ts';
import { logger } from '../../src/shared/observability.ts';

/** EventBridge Scheduler's input (infra/constructs/periodic-reports.ts): which report; `asOf` for a re-run. */
const eventSchema = z.object({
  kind: z.enum(['weekly', 'monthly']),
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});
/** Builds the weekly or monthly report, stores it under reports/periodic/<period>/ and mails it once per recipient. */
export const handler = async (event: unknown, context?: Context) => {
  if (context) logger.addContext(context);
  const request = eventSchema.parse(event);
  const { report, run } = await runPeriodicReport(handlerRuntime, { ...request, send: true });
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
