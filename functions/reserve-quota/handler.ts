import { reserveQuota } from '../../src/enrollment/reserve-quota.ts';
import { chunkTaskHandler } from '../shared/chunk-task.ts';

/** Workflow task: reserve programme quota places for a chunk's pending workers. */
export const handler = chunkTaskHandler('reserve-quota', reserveQuota);
