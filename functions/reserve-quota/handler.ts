import { reserveQuotaDeps } from '../../src/composition/workflow.ts';
import { reserveQuota } from '../../src/enrollment/reserve-quota.ts';
import { chunkTaskHandler } from '../shared/chunk-task.ts';

/** Workflow task: reserve programme quota places for a chunk's pending workers; the rest are waitlisted. */
export const handler = chunkTaskHandler(
  'reserve-quota',
  (deps, task) => reserveQuota(deps, { uploadId: task.uploadId, chunk: task.chunk }),
  reserveQuotaDeps,
);
