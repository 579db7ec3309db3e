import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { WORKER_STATUSES, type WorkerStatus } from '../workers/model.ts';
import { chunkSk } from './dynamo-upload-repository.ts';
import { parseStoredItem } from './stored-item.ts';

/** What every worker item has (the registry claim); the other fields pass through as written. */
const workerItem = z.looseObject({
  pk: z.string().startsWith('NIK#'),
  nikHash: z.string().min(1),
  uploadId: z.string().min(1),
  row: z.number().int(),
  nik: z.string(),
  desa: z.string(),
  status: z.enum(WORKER_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
  chunk: z.number().int().positive().optional(),
  pos: z.number().int().nonnegative().optional(),
  h: z.array(z.string()).optional(),
});

/** A worker item read from the workers table, parsed at the adapter's edge. */
export function storedWorker(item: Record<string, unknown>, table: string) {
  return parseStoredItem(workerItem, item, { table, key: String(item.pk) });
}

/**
 * The stored statuses a worker in one of `current` states can have: a chunk's records move workers on to
 * RESERVED, SUBMITTED and ENROLLED without writing their items (src/workers/lifecycle.ts).
 */
export function storedFrom(current: WorkerStatus[]): WorkerStatus[] {
  const stored = new Set<WorkerStatus>(current);
  if (current.some((s) => s === 'RESERVED' || s === 'SUBMITTED' || s === 'ENROLLED'))
    stored.add('PENDING').add('RESERVED');
  return [...stored];
}

/** Marks a worker's position on its chunk's record (`x`): it changed by itself, the chunk's steps read it. */
export async function markChunkChanged(
  db: DynamoDBDocumentClient,
  uploadsTable: string,
  worker: { uploadId: string; chunk: number; pos: number },
): Promise<void> {
  await db.send(
    new UpdateCommand({
      TableName: uploadsTable,
      Key: { pk: `UPLOAD#${worker.uploadId}`, sk: chunkSk(worker.chunk) },
      UpdateExpression: 'ADD #x :pos',
      ExpressionAttributeNames: { '#x': 'x' },
      ExpressionAttributeValues: { ':pos': new Set([worker.pos]) },
    }),
  );
}
