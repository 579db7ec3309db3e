import { enrollmentDeps } from '../../src/composition/workflow.ts';
import { enrollWorkers } from '../../src/enrollment/enroll-workers.ts';
import { chunkTaskHandler } from '../shared/chunk-task.ts';

/** Workflow task: submit a chunk's reserved workers to BPJS Ketenagakerjaan and apply the answers. */
export const handler = chunkTaskHandler('enroll-workers', enrollWorkers, enrollmentDeps);
