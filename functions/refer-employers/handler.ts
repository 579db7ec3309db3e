import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { employerDeps, employerNotificationStarter } from '../../src/composition/employers.ts';
import { handlerRuntime } from '../../src/composition/handler-runtime.ts';
import { stepLog } from '../../src/composition/stores.ts';
import { queueReferrals } from '../../src/employers/queue-referrals.ts';
import { logger } from '../../src/shared/observability.ts';
import { recordedStep } from '../../src/uploads/steps.ts';

const inputSchema = z.object({ uploadId: z.string().min(1) });

/**
 * Enrollment-workflow task after the chunk Map: queue the upload's REFERRED workers under their employers,
 * then start the employer-notification workflow for those employers (execution `refer-<uploadId>`, so a
 * retried task or a re-run finds the same execution instead of starting a second one).
 */
export const handler = async (event: unknown, context?: Context) => {
  if (context) logger.addContext(context);
  const { uploadId } = inputSchema.parse(event);
  const deps = await employerDeps(handlerRuntime, { places: true });
  const notifications = employerNotificationStarter(handlerRuntime);
  const now = deps.clock().toISOString();
  const { queued, executionArn } = await recordedStep(
    stepLog(handlerRuntime),
    { uploadId, step: 'refer-employers' },
    async () => {
      const queued = await queueReferrals(deps, uploadId, now);
      const executionArn =
        queued.employers.length > 0
          ? await notifications.start(`refer-${uploadId}`, {
              uploadId,
              employers: queued.employers,
            })
          : null;
      return { queued, executionArn };
    },
  );
  const result = {
    uploadId,
    referred: queued.referred,
    queued: queued.queued,
    employers: queued.employers.length,
    unnamed: queued.unnamed,
    executionArn,
  };
  logger.info('referrals queued', { ...result });
  return result;
};
