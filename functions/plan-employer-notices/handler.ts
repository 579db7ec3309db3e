import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { employerDeps, isoTime } from '../../src/composition/employers.ts';
import { handlerRuntime } from '../../src/composition/handler-runtime.ts';
import { planRun } from '../../src/employers/plan-run.ts';
import { logger } from '../../src/shared/observability.ts';

const inputSchema = z.object({
  runId: z.string().min(1),
  input: z
    .object({
      /** Set by refer-employers: the employers it just queued workers under. */
      employers: z.array(z.string().min(1)).optional(),
      uploadId: z.string().min(1).optional(),
      uploadIds: z.array(z.string().min(1)).optional(),
      now: isoTime.optional(),
    })
    .default({}),
});

/** Workflow task: queue given uploads, re-match unknown employers, and list the employers due in this run. */
export const handler = async (event: unknown, context?: Context) => {
  if (context) logger.addContext(context);
  const { runId, input } = inputSchema.parse(event);
  const deps = await employerDeps(handlerRuntime, { places: true });
  const now = input.now ? new Date(input.now).toISOString() : deps.clock().toISOString();
  const uploadIds = [...(input.uploadIds ?? []), ...(input.uploadId ? [input.uploadId] : [])];
  const plan = await planRun(deps, {
    runId,
    now,
    ...(input.employers ? { employers: input.employers } : uploadIds.length > 0 ? { uploadIds } : {}),
  });
  logger.info('employer notification planned', {
    runId,
    now,
    due: plan.employers.length,
    queued: plan.queued,
    rematched: plan.rematched,
  });
  return plan;
};
