import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { employerDeps, isoTime } from '../../src/composition/employers.ts';
import { handlerRuntime } from '../../src/composition/handler-runtime.ts';
import { notifyEmployer } from '../../src/employers/notify-employer.ts';
import { logger } from '../../src/shared/observability.ts';

const inputSchema = z.object({ employerKey: z.string().min(1), runId: z.string().min(1), now: isoTime });

/** Workflow task (per employer): at most one notice or escalation about this employer in this run. */
export const handler = async (event: unknown, context?: Context) => {
  if (context) logger.addContext(context);
  const task = inputSchema.parse(event);
  const result = await notifyEmployer(await employerDeps(handlerRuntime), task);
  logger.info('employer handled', { runId: task.runId, ...result });
  return result;
};
