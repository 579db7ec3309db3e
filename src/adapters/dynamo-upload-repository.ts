import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { DesaTally } from '../coverage/rollup.ts';
import {
  noOutcomes,
  OUTCOME_COUNTS,
  UPLOAD_STATUSES,
  type Upload,
  type UploadStatus,
} from '../uploads/model.ts';
import type { ChunkOutcome, UploadRepository } from '../uploads/ports.ts';
import { uploaderKey } from '../uploads/upload-key.ts';
import type { ChunkBatch } from '../workers/lifecycle.ts';
import { dynamoChunkAnswers } from './dynamo-chunk-answers.ts';
import { queryAll } from './dynamo-paging.ts';
import { parseStoredItem } from './stored-item.ts';

const META = 'META';
const pk = (uploadId: string) => `UPLOAD#${uploadId}`;
export const chunkSk = (chunk: number) => `CHUNK#${String(chunk).padStart(6, '0')}`;
/** A batch that carried some of the chunk's workers: one attribute per batch (`b#<batchId>`), set once. */
const BATCH_ATTR = 'b#';

/**
 * Uploads table: pk UPLOAD#<id> / sk META (the upload), sk CHUNK#<n> (outcome counts of one staged chunk, and
 * per desa: `registered` rows/duplicates and `states` of its workers, for the coverage counters).
 * GSI byUploader: gsi1pk desa#<code> | agency#<id>, gsi1sk <createdAt>#<id> → newest first.
 * GSI byMonth: gsi2pk MONTH#<YYYY-MM of createdAt>, the same sort key → every upload of a month, newest first.
 */
export function dynamoUploadRepository(db: DynamoDBDocumentClient, table: string): UploadRepository {
  const chunkAnswers = dynamoChunkAnswers(db, table);
  return {
    async get(uploadId) {
      const out = await db.send(
        new GetCommand({ TableName: table, Key: { pk: pk(uploadId), sk: META }, ConsistentRead: true }),
      );
      return out.Item ? toUpload(out.Item, table) : undefined;
    },
    async create(upload) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: {
              pk: pk(upload.uploadId),
              sk: META,
              gsi1pk: upload.uploader ? uploaderKey(upload.uploader) : 'unknown',
              gsi1sk: `${upload.createdAt}#${upload.uploadId}`,
              gsi2pk: monthKey(upload.createdAt),
              ...upload,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 'created';
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 'exists';
        throw error;
      }
    },
    async update(uploadId, patch, onlyIf) {
      const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
      if (entries.length === 0) return true;
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: pk(uploadId), sk: META },
            UpdateExpression: `SET ${entries.map((_, i) => `#k${i} = :v${i}`).join(', ')}`,
            ExpressionAttributeNames: {
              ...Object.fromEntries(entries.map(([k], i) => [`#k${i}`, k])),
              ...(onlyIf ? { '#status': 'status' } : {}),
            },
            ExpressionAttributeValues: {
              ...Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
              ...(onlyIf ? { ':onlyIf': onlyIf } : {}),
            },
            ConditionExpression: onlyIf
              ? 'attribute_exists(pk) AND #status = :onlyIf'
              : 'attribute_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (onlyIf && error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
    async putChunkOutcome(uploadId, chunk, counts) {
      const entries = Object.entries(counts).filter(([, v]) => v !== undefined);
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: pk(uploadId), sk: chunkSk(chunk) },
          UpdateExpression: `SET #chunk = :chunk${entries.map((_, i) => `, #k${i} = :v${i}`).join('')}`,
          ExpressionAttributeNames: {
            '#chunk': 'chunk',
            ...Object.fromEntries(entries.map(([k], i) => [`#k${i}`, k])),
          },
          ExpressionAttributeValues: {
            ':chunk': chunk,
            ...Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
          },
        }),
      );
    },
    async listChunkOutcomes(uploadId) {
      const items = await queryAll(db, {
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :chunk)',
        ExpressionAttributeValues: { ':pk': pk(uploadId), ':chunk': 'CHUNK#' },
        ConsistentRead: true,
      });
      return items.map((item) => toChunk(item, table));
    },
    async getChunk(uploadId, chunk, consistent) {
      const out = await db.send(
        new GetCommand({
          TableName: table,
          Key: { pk: pk(uploadId), sk: chunkSk(chunk) },
          ...(consistent ? { ConsistentRead: true } : {}),
        }),
      );
      if (!out.Item) return undefined;
      const record = toChunk(out.Item, table);
      if (!record.res) return record;
      const answers = await chunkAnswers.ofChunk(record.res.programme, uploadId, chunk);
      return answers.length > 0 ? { ...record, answers } : record;
    },
    async putChunkAnswers(programme, uploadId, chunk, answer, answers) {
      await chunkAnswers.put(programme, uploadId, chunk, answer, answers);
    },
    async putChunkBatch(uploadId, chunk, batchId, batch, seen) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: pk(uploadId), sk: chunkSk(chunk) },
            UpdateExpression: 'SET #chunk = :chunk, #b = :b, #nb = :next',
            ConditionExpression: seen === 0 ? 'attribute_not_exists(#nb)' : '#nb = :seen',
            ExpressionAttributeNames: { '#chunk': 'chunk', '#b': `${BATCH_ATTR}${batchId}`, '#nb': 'nb' },
            ExpressionAttributeValues: {
              ':chunk': chunk,
              ':b': batch,
              ':next': seen + 1,
              ...(seen === 0 ? {} : { ':seen': seen }),
            },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
    async listByUploader(key, limit) {
      const out = await db.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'byUploader',
          KeyConditionExpression: 'gsi1pk = :k',
          ExpressionAttributeValues: { ':k': key },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map((item) => toUpload(item, table));
    },
    async listRecent(limit, status?: UploadStatus) {
      // Every uploader's uploads, newest first: month partitions of byMonth from this month back, until `limit`
      // are found or the months run out (MONTHS_LISTED: more than a programme year and its acknowledgements).
      const uploads: Upload[] = [];
      const month = new Date();
      for (let m = 0; m < MONTHS_LISTED && uploads.length < limit; m++) {
        const items = await queryAll(db, {
          TableName: table,
          IndexName: 'byMonth',
          KeyConditionExpression: 'gsi2pk = :m',
          ExpressionAttributeValues: {
            ':m': monthKey(month.toISOString()),
            ...(status ? { ':s': status } : {}),
          },
          ...(status ? { FilterExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' } } : {}),
          ScanIndexForward: false,
        });
        uploads.push(...items.map((item) => toUpload(item, table)));
        month.setUTCDate(1);
        month.setUTCMonth(month.getUTCMonth() - 1);
      }
      return uploads.slice(0, limit);
    },
  };
}

const MONTHS_LISTED = 24;
const monthKey = (iso: string) => `MONTH#${iso.slice(0, 7)}`;

const count = z.number().int().nonnegative();
/** What every stored upload has (newUpload); the optional fields pass through as written. */
const storedUpload = z.looseObject({
  uploadId: z.string().min(1),
  bucket: z.string(),
  objectKey: z.string(),
  fileName: z.string(),
  status: z.enum(UPLOAD_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
  rows: count,
  rejected: count,
  staged: count,
  warnings: count,
  chunkCount: count,
});

const tally = z.record(z.string(), z.record(z.string(), z.number()));
/** A chunk record: counts, coverage tallies, and what happened to its workers (src/workers/lifecycle.ts). */
const storedChunk = z.looseObject({
  chunk: z.number().int().positive(),
  staged: count.optional(),
  registered: tally.optional(),
  states: tally.optional(),
  reg: z.string().optional(),
  ref: z.array(z.string()).optional(),
  res: z
    .object({
      at: z.string(),
      op: z.string(),
      programme: z.string(),
      fromMonth: z.string(),
      endMonth: z.string(),
      monthlyPremium: z.number(),
      committed: z.number(),
      g: z.string(),
    })
    .optional(),
  x: z.set(z.number()).optional(),
});
const storedBatch = z.object({ at: z.string(), p: z.string() });

function toChunk(item: Record<string, unknown>, table: string): ChunkOutcome {
  const where = { table, key: `${String(item.pk)} ${String(item.sk)}` };
  const parsed = parseStoredItem(storedChunk, item, where);
  const counts = noOutcomes();
  for (const k of OUTCOME_COUNTS) counts[k] = Number(item[k] ?? 0);
  const sent: Record<string, ChunkBatch> = {};
  for (const [k, v] of Object.entries(item))
    if (k.startsWith(BATCH_ATTR))
      sent[k.slice(BATCH_ATTR.length)] = parseStoredItem(storedBatch, v as Record<string, unknown>, where);
  return {
    chunk: parsed.chunk,
    staged: parsed.staged ?? 0,
    ...counts,
    ...(parsed.registered ? { registered: parsed.registered as DesaTally } : {}),
    ...(parsed.states ? { states: parsed.states as DesaTally } : {}),
    ...(parsed.reg !== undefined ? { reg: parsed.reg } : {}),
    ...(parsed.ref ? { ref: parsed.ref } : {}),
    ...(parsed.res ? { res: parsed.res } : {}),
    ...(Object.keys(sent).length > 0 ? { sent } : {}),
    ...(parsed.x ? { x: [...parsed.x].sort((a, b) => a - b) } : {}),
  };
}

function toUpload(item: Record<string, unknown>, table: string): Upload {
  const { pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, gsi2pk: _g3, ...rest } = item;
  return parseStoredItem(storedUpload, rest, { table, key: String(pk) }) as Upload;
}
