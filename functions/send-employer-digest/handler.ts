import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { employerDeps, isoTime } from '../../src/composition/employers.ts';
import { handlerRuntime } from '../../src/composition/handler-runtime.ts';
import { sendDigest } from '../../src/employers/digest.ts';
import { logger } from '../../src/shared/observability.ts';

const resultSchema = z.object({
  employerKey: z.string(),
  action: z.string(),
  listed: z.number().optional(),
  error: z.string().optional(),
  cause: z.string().optional(),
});
const inputSchema = z.object({
  runId: z.string().min(1),
  now: isoTime,
  results: z.array(resultSchema).default([]),
});

/**
 * Last workflow task: the digest of unknown employers to Disnakertrans (at most once per interval), and the
 * run's summary. The workflow fails after it when an employer could not be handled (`failedCount` > 0).
 */
export const handler = async (event: unknown, context?: Context) => {
  if (context) logger.addContext(context);
  const { runId, now, results } = inputSchema.parse(event);
  const digest = await sendDigest(await employerDeps(handlerRuntime), { runId, now });
  const failed = results.filter((r) => r.action === 'FAILED');
  const summary = {
    runId,
    now,
    employers: results.length,
    notices: results.filter((r) => r.action === 'NOTICE').length,
    escalations: results.filter((r) => r.action === 'ESCALATION').length,
    waiting: results.filter((r) => r.action === 'WAIT').length,
    answered: results.filter((r) => r.action === 'ANSWERED').length,
    failedCount: failed.length,
    failed: failed.map((f) => ({ employerKey: f.employerKey, error: f.error ?? 'Error' })),
    digest,
  };
  if (failed.length > 0) logger.error('employer notification run had failures', { ...summary });
  else logger.info('employer notification run done', { ...summary });
  return summary;
};
