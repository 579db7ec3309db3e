import { chunkTaskDeps } from '../../src/composition/workflow.ts';
import { registerWorkers } from '../../src/enrollment/register-workers.ts';
import { chunkTaskHandler } from '../shared/chunk-task.ts';

/** Workflow task: register a chunk's workers (duplicates and referrals decided here). */
export const handler = chunkTaskHandler('register-workers', registerWorkers, chunkTaskDeps);
