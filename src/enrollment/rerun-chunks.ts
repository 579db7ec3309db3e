import type { ChunkRef } from '../quota/context.ts';

/** Starts an enrollment execution for upload chunks whose workers got a place after their upload's run. */
export type StartEnrollment = (
  name: string,
  input: { uploadId: string; chunks: number[] },
) => Promise<string>;

/**
 * One enrollment execution per upload over the given chunks, named `<uploadId>-<tag><stamp>` (the same
 * workflow: registration and reservation find their work done, enrollment submits the newly reserved workers,
 * and the upload's outcome counts are recomputed).
 */
export async function rerunChunks(
  start: StartEnrollment,
  chunks: ChunkRef[],
  tag: string,
  now: Date,
): Promise<string[]> {
  const byUpload = new Map<string, Set<number>>();
  for (const c of chunks) byUpload.set(c.uploadId, (byUpload.get(c.uploadId) ?? new Set()).add(c.chunk));
  const stamp = now.getTime().toString(36);
  const executions: string[] = [];
  for (const [uploadId, list] of byUpload) {
    const name = `${uploadId}-${tag}${stamp}`.slice(0, 80);
    executions.push(await start(name, { uploadId, chunks: [...list].sort((a, b) => a - b) }));
  }
  return executions;
}
