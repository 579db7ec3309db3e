import { enrollmentDeps } from '../../src/composition/workflow.ts';
import { failChunkEnrollment } from '../../src/enrollment/enroll-workers.ts';
import { chunkTaskHandler } from '../shared/chunk-task.ts';

/** Workflow task after the BPJS gateway kept failing: the chunk's workers become FAILED with the reason. */
export const handler = chunkTaskHandler('fail-enrollment', failChunkEnrollment, enrollmentDeps);
