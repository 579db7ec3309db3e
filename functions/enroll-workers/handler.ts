import { enrollWorkers } from '../../src/enrollment/enroll-workers.ts';
import { chunkTaskHandler } from '../shared/chunk-task.ts';

/** Workflow task: enroll a chunk's reserved workers with BPJS Ketenagakerjaan. */
export const handler = chunkTaskHandler('enroll-workers', enrollWorkers);
