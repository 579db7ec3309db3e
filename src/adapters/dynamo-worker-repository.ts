import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandOutput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Place } from '../quota/model.ts';
import type { QuotaWorker, QuotaWorkerRepository, WaitlistEntry } from '../quota/ports.ts';
import { decodeEvent, encodeEvent, REGISTERED_REASON } from '../workers/history.ts';
import { type ChunkLifecycle, currentWorker } from '../workers/lifecycle.ts';
import type { StatusChange, Worker, WorkerStatus } from '../workers/model.ts';
import type { KnownChunk, WorkerRepository } from '../workers/ports.ts';
import { dynamoUploadRepository } from './dynamo-upload-repository.ts';
import { markChunkChanged, storedFrom, storedWorker } from './stored-worker.ts';

const PROFILE = 'PROFILE';
const pk = (nikHash: string) => `NIK#${nikHash}`;
/** The upload of a worker reference when the caller passed the whole worker ('' otherwise: kept in full). */
const ownUpload = (ref: object) =>
  'uploadId' in ref && typeof ref.uploadId === 'string' ? ref.uploadId : '';

/**
 * The sparse `byArea` index holds FAILED workers only (areaPk kecamatan, areaSk FAILED#<desa>#<hmac>, with
 * the reason): the reports list failure reasons by kecamatan; every other worker pays nothing for it.
 */
const failedAreaValues = (to: string, w: Pick<Worker, 'nikHash' | 'desa'>) =>
  to === 'FAILED' ? { ':areaPk': w.desa.slice(0, 6), ':areaSk': `FAILED#${w.desa}#${w.nikHash}` } : {};

/** A stored profile as the domain sees it: parsed, the compact history `h` read back as `history`. */
function toWorker<T extends Worker>(item: Record<string, unknown>, table: string): T {
  const { h, pk: _pk, sk: _sk, rowKey: _r, ...rest } = storedWorker(item, table);
  const worker = rest as unknown as T;
  if (h) worker.history = h.map((e) => decodeEvent(e, worker.uploadId));
  return worker;
}

/**
 * Chunk records by `<uploadId>#<chunk>`, read once per chunk (consistent: a step just wrote them); the one the
 * caller has just read (`known`) is not read again.
 */
async function chunkRecords(
  uploads: ReturnType<typeof dynamoUploadRepository>,
  workers: Worker[],
  known: KnownChunk | undefined,
): Promise<Map<string, ChunkLifecycle>> {
  const records = new Map<string, ChunkLifecycle>();
  if (known) records.set(`${known.uploadId}#${known.chunk}`, known.record);
  const wanted = new Map<string, { uploadId: string; chunk: number }>();
  for (const w of workers)
    if (w.chunk !== undefined && w.pos !== undefined && !records.has(`${w.uploadId}#${w.chunk}`))
      wanted.set(`${w.uploadId}#${w.chunk}`, { uploadId: w.uploadId, chunk: w.chunk });
  for (const [k, c] of wanted) {
    const record = await uploads.getChunk(c.uploadId, c.chunk, true);
    if (record) records.set(k, record);
  }
  return records;
}

/**
 * Workers table: pk NIK#<hmac> / sk PROFILE. The history is a compact list on the profile (`h`, one ~15-byte
 * string per change, src/workers/history.ts), appended in the same conditional write as the status change, so
 * a status and its history can never disagree and the profile stays one write unit.
 * GSIs: waitlist and byArea (sparse). No index by upload: the staged chunks and their records list an upload's
 * workers (src/enrollment/chunk-workers.ts).
 * Counts by area and status are the coverage counters (src/coverage), not an index of workers.
 */
export function dynamoWorkerRepository(
  db: DynamoDBDocumentClient,
  table: string,
  /** The uploads table (chunk records); undefined only for readers of workers that never take a chunk's path. */
  uploadsTable: string | undefined,
): WorkerRepository {
  return registry(db, table, uploadsTable);
}

function registry(db: DynamoDBDocumentClient, table: string, uploadsTable: string | undefined) {
  const uploads = uploadsTable ? dynamoUploadRepository(db, uploadsTable) : undefined;
  /** The workers as they are now: their items merged with their chunks' records (src/workers/lifecycle.ts). */
  const current = async <T extends Worker>(items: T[], known?: KnownChunk): Promise<T[]> => {
    if (!uploads) return items;
    const records = await chunkRecords(uploads, items, known);
    return items.map((w) => currentWorker(w, records.get(`${w.uploadId}#${w.chunk}`)));
  };
  const repository: WorkerRepository = {
    async claim(worker) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: {
              pk: pk(worker.nikHash),
              sk: PROFILE,
              ...worker,
              h: [
                encodeEvent(
                  {
                    to: worker.status,
                    reason: REGISTERED_REASON,
                    by: `upload:${worker.uploadId}`,
                    at: worker.createdAt,
                  },
                  worker.uploadId,
                ),
              ],
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return 'claimed';
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const out = await db.send(
          new GetCommand({
            TableName: table,
            Key: { pk: pk(worker.nikHash), sk: PROFILE },
            ConsistentRead: true,
          }),
        );
        return out.Item?.uploadId === worker.uploadId ? 'claimed' : 'duplicate';
      }
    },
    async getMany(nikHashes, known) {
      const found: Worker[] = [];
      for (let i = 0; i < nikHashes.length; i += 100) {
        let keys: Record<string, unknown>[] | undefined = nikHashes
          .slice(i, i + 100)
          .map((h) => ({ pk: pk(h), sk: PROFILE }));
        while (keys && keys.length > 0) {
          const out: BatchGetCommandOutput = await db.send(
            new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }),
          );
          found.push(...(out.Responses?.[table] ?? []).map((item) => toWorker<Worker>(item, table)));
          keys = out.UnprocessedKeys?.[table]?.Keys;
        }
      }
      return current(found, known);
    },
    transition: (worker, from, change) => statusChange(worker, from, change, {}),
    recordLateAcceptance: (worker, change) =>
      statusChange(worker, ['EXITED'], change, {
        condition: 'attribute_not_exists(#kpj)',
        names: { '#kpj': 'kpj' },
      }),
  };
  /**
   * One conditional write of a worker's status and history event (with `extra` quota fields). `from` names
   * current states; the item's stored status is what the condition checks (a chunk's records may have moved
   * it on: RESERVED and SUBMITTED are stored as PENDING or RESERVED). A worker leaving its chunk's path by
   * itself is marked on the chunk's record (`x`) first, so the chunk's steps read its item.
   */
  async function statusChange(
    worker: Pick<Worker, 'nikHash' | 'desa'> & Partial<Worker> & { place?: Place },
    from: WorkerStatus[],
    change: StatusChange,
    extra: {
      set?: Record<string, unknown>;
      remove?: string[];
      condition?: string;
      names?: Record<string, string>;
      values?: Record<string, unknown>;
    },
  ): Promise<boolean> {
    const marks = change.to !== 'ENROLLED' && change.to !== 'WAITLISTED';
    const known = worker.chunk !== undefined && worker.pos !== undefined && worker.uploadId !== undefined;
    if (marks && known && uploadsTable)
      await markChunkChanged(db, uploadsTable, worker as { uploadId: string; chunk: number; pos: number });
    const patch = Object.entries({ ...change.patch, ...extra.set }).filter(([, v]) => v !== undefined);
    // A place the chunk's reservation granted goes onto the item when the worker leaves the chunk's path.
    const keepPlace = (change.to === 'FAILED' || change.to === 'EXITED') && worker.place && !extra.set?.place;
    const stored = storedFrom(from);
    const sets = [
      '#status = :to, #updatedAt = :at, #h = list_append(#h, :event)',
      ...patch.map((_, i) => `#p${i} = :p${i}`),
      ...(keepPlace ? ['#place = if_not_exists(#place, :place)'] : []),
      ...(change.to === 'FAILED' ? ['areaPk = :areaPk, areaSk = :areaSk'] : []),
    ];
    const removes = [
      ...(change.to === 'FAILED' ? [] : ['areaPk', 'areaSk']),
      ...(extra.remove ?? []).map((_, i) => `#r${i}`),
    ];
    try {
      const out = await db.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: pk(worker.nikHash), sk: PROFILE },
          UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: [
            `#status IN (${stored.map((_, i) => `:from${i}`).join(', ')})`,
            ...(extra.condition ? [extra.condition] : []),
          ].join(' AND '),
          ExpressionAttributeNames: {
            '#status': 'status',
            '#updatedAt': 'updatedAt',
            '#h': 'h',
            ...(keepPlace ? { '#place': 'place' } : {}),
            ...Object.fromEntries(patch.map(([k], i) => [`#p${i}`, k])),
            ...Object.fromEntries((extra.remove ?? []).map((k, i) => [`#r${i}`, k])),
            ...extra.names,
          },
          ExpressionAttributeValues: {
            ':to': change.to,
            ':at': change.at,
            ':event': [encodeEvent(change, ownUpload(worker))],
            ...(keepPlace ? { ':place': worker.place } : {}),
            ...failedAreaValues(change.to, worker),
            ...Object.fromEntries(stored.map((s, i) => [`:from${i}`, s])),
            ...Object.fromEntries(patch.map(([, v], i) => [`:p${i}`, v])),
            ...extra.values,
          },
          ReturnValues: marks && !known && uploadsTable ? 'ALL_NEW' : 'NONE',
        }),
      );
      const after = out.Attributes as Partial<Worker> | undefined;
      if (uploadsTable && after?.uploadId && after.chunk !== undefined && after.pos !== undefined)
        await markChunkChanged(db, uploadsTable, after as { uploadId: string; chunk: number; pos: number });
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
  return Object.assign(repository, { statusChange, current });
}

/** Waitlist sort key: the stable first-come position, zero-padded so string order is number order. */
export const waitlistSk = (position: number) => String(position).padStart(12, '0');

/**
 * The quota's view of the workers table: the `place` a worker holds (programme, op, months, Rupiah), and the
 * sparse `waitlist` GSI (waitlistPk = programme id, waitlistSk = position; only waitlisted workers carry them).
 * Every change is one conditional UpdateItem on the profile, with the status and its history entry.
 */
export function dynamoQuotaWorkerRepository(
  db: DynamoDBDocumentClient,
  table: string,
  uploadsTable: string,
): QuotaWorkerRepository {
  const base = registry(db, table, uploadsTable);
  const Key = (nikHash: string) => ({ pk: pk(nikHash), sk: PROFILE });
  const change = base.statusChange;
  const simple = async (nikHash: string, update: Omit<UpdateCommandInput, 'TableName' | 'Key'>) => {
    try {
      await db.send(new UpdateCommand({ TableName: table, Key: Key(nikHash), ...update }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  };
  return {
    async get(nikHash) {
      const out = await db.send(
        new GetCommand({ TableName: table, Key: Key(nikHash), ConsistentRead: true }),
      );
      return out.Item ? (await base.current([toWorker<QuotaWorker>(out.Item, table)]))[0] : undefined;
    },
    getMany: (nikHashes) => base.getMany(nikHashes) as Promise<QuotaWorker[]>,
    transition: (worker, from, status) => base.transition(worker, from, status),
    grantPlace: (worker, from, place, status) =>
      change(worker, from, status, { set: { place }, remove: ['waitlistPk', 'waitlistSk', 'waitlist'] }),
    enqueue: (worker, spot, status) =>
      change(worker, ['PENDING'], status, {
        set: { waitlistPk: spot.programme, waitlistSk: waitlistSk(spot.position), waitlist: spot },
      }),
    leaveWaitlist: (worker, position, status) =>
      change(worker, ['WAITLISTED'], status, {
        remove: ['waitlistPk', 'waitlistSk', 'waitlist'],
        condition: '#waitlist.#position = :position',
        names: { '#waitlist': 'waitlist', '#position': 'position' },
        values: { ':position': position },
      }),
    markReleasing: (worker, placeOp, releaseOp) =>
      simple(worker.nikHash, {
        UpdateExpression: 'SET #releasing = :release',
        ConditionExpression:
          '#place.#op = :placeOp AND (attribute_not_exists(#releasing) OR #releasing = :release)',
        ExpressionAttributeNames: { '#releasing': 'releasing', '#place': 'place', '#op': 'op' },
        ExpressionAttributeValues: { ':release': releaseOp, ':placeOp': placeOp },
      }),
    async clearPlace(worker, place, release) {
      // The place as stored goes to releasedPlace with the release: read it, then move it under the same guards.
      const held = (
        await db.send(new GetCommand({ TableName: table, Key: Key(worker.nikHash), ConsistentRead: true }))
      ).Item?.place as Place | undefined;
      if (!held || held.op !== place.op) return false;
      return simple(worker.nikHash, {
        UpdateExpression: 'SET #released = :released REMOVE #place, #releasing',
        ConditionExpression: '#place.#op = :op AND #releasing = :releaseOp',
        ExpressionAttributeNames: {
          '#released': 'releasedPlace',
          '#place': 'place',
          '#op': 'op',
          '#releasing': 'releasing',
        },
        ExpressionAttributeValues: {
          ':released': { ...held, releaseOp: release.op, refund: release.refund, at: release.at },
          ':op': place.op,
          ':releaseOp': release.op,
        },
      });
    },
    setPlace: (worker, place) =>
      simple(worker.nikHash, {
        UpdateExpression: 'SET #place = :place',
        ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#place)',
        ExpressionAttributeNames: { '#pk': 'pk', '#place': 'place' },
        ExpressionAttributeValues: { ':place': place },
      }),
    async listWaitlist(programme, { limit, afterPosition }) {
      const entries: WaitlistEntry[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const out: QueryCommandOutput = await db.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'waitlist',
            KeyConditionExpression: afterPosition === undefined ? '#wpk = :p' : '#wpk = :p AND #wsk > :after',
            ExpressionAttributeNames: {
              '#wpk': 'waitlistPk',
              ...(afterPosition === undefined ? {} : { '#wsk': 'waitlistSk' }),
            },
            ExpressionAttributeValues: {
              ':p': programme,
              ...(afterPosition === undefined ? {} : { ':after': waitlistSk(afterPosition) }),
            },
            Limit: limit - entries.length,
            ExclusiveStartKey,
          }),
        );
        for (const item of out.Items ?? []) {
          const w = item as QuotaWorker;
          entries.push({
            nikHash: w.nikHash,
            desa: w.desa,
            kecamatan: w.kecamatan ?? w.desa.slice(0, 6),
            position: w.waitlist?.position ?? Number(item.waitlistSk),
            uploadId: w.waitlist?.uploadId ?? w.uploadId,
            chunk: w.waitlist?.chunk ?? 0,
          });
        }
        ExclusiveStartKey = out.LastEvaluatedKey;
      } while (ExclusiveStartKey && entries.length < limit);
      return entries;
    },
    async waitlistRank(programme, position) {
      let count = 0;
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const out: QueryCommandOutput = await db.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'waitlist',
            KeyConditionExpression: '#wpk = :p AND #wsk <= :pos',
            ExpressionAttributeNames: { '#wpk': 'waitlistPk', '#wsk': 'waitlistSk' },
            ExpressionAttributeValues: { ':p': programme, ':pos': waitlistSk(position) },
            Select: 'COUNT',
            ExclusiveStartKey,
          }),
        );
        count += out.Count ?? 0;
        ExclusiveStartKey = out.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return count;
    },
  };
}
