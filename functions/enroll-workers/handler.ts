import { enrollWorkers } from '../../src/enrollment/enroll-workers.ts';
import { chunkTaskHandler } from '../shared/chunk-task.ts';
import { enrollmentDeps } from '../shared/enrollment-deps.ts';

/** Workflow task: submit a chunk's reserved workers to BPJS Ketenagakerjaan and apply the answers. */
export const handler = chunkTaskHandler('enroll-workers', enrollWorkers, enrollmentDeps);
