import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { notifyEmployer } from '../../src/employers/notify-employer.ts';
import { logger } from '../../src/shared/observability.ts';
import { employerDeps, isoTime } from '../employers-shared/composition.ts';

const inputSchema = z.object({ employerKey: z.string().min(1), runId: z.string().min(1), now: isoTime });

/** Workflow task (per employer): at most one notice or escalation about this employer in this run. */
export const handler = async (event: unknown, context?: Context) => {
  if (context) logger.addContext(context);
  const task = inputSchema.parse(event);
  const result = await notifyEmployer(await employerDeps(), task);
  logger.info('employer handled', { runId: task.runId, ...result });
  return result;
};
