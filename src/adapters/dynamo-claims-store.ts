import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { CLAIM_TYPES, type ClaimBucket, type ClaimType } from '../claims/model.ts';
import type { ClaimStore, ClaimWorkerMatcher } from '../claims/ports.ts';
import { parseAcceptance } from '../workers/lifecycle.ts';
import { dynamoChunkAnswers } from './dynamo-chunk-answers.ts';
import { queryAll } from './dynamo-paging.ts';
import { dynamoWorkerRepository } from './dynamo-worker-repository.ts';
import { parseStoredItem } from './stored-item.ts';

/** Claims of a regency: one partition of the programmes table (`CLAIMS#<regency>`). */
const claimsPk = (regency: string) => `CLAIMS#${regency}`;
const lineSk = (lineId: string) => `LINE#${lineId}`;
const bucketSk = (month: string, type: ClaimType, kecamatan: string) => `COUNT#${month}#${type}#${kecamatan}`;

/** The op mark of a line on its bucket: a top-level attribute, removed once the line is COUNTED. */
const opAttr = (lineId: string) => `op:${lineId}`;

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

/** Items as stored, parsed at the edge (src/adapters/stored-item.ts). */
const storedLine = z.looseObject({ state: z.enum(['PENDING', 'COUNTED']) });
const storedBucket = z.object({
  month: z.string().regex(/^\d{4}-\d{2}$/),
  type: z.enum(CLAIM_TYPES),
  kecamatan: z.string(),
  count: z.number().int().nonnegative().default(0),
  amount: z.number().default(0),
});

/**
 * Claims in the programmes table:
 * - `LINE#<lineId>`: the matched line (no NIK, no worker name), state PENDING → COUNTED;
 * - `COUNT#<YYYY-MM>#<type>#<kecamatan>`: count and Rupiah of the lines paid that month.
 * Without transactions (dynalite has none): (1) put the line PENDING unless it exists; (2) add it to its bucket
 * in one conditional update that also writes an op mark `op:<lineId>` (absent → add; present → already
 * added); (3) mark the line COUNTED; (4) remove the op mark. A crash anywhere is finished by the next run of
 * the same file: a COUNTED line is skipped, a PENDING one retries (2), whose mark stops a second addition.
 */
export function dynamoClaimStore(db: DynamoDBDocumentClient, table: string): ClaimStore {
  return {
    async apply(regency, claim, at) {
      const Key = { pk: claimsPk(regency), sk: lineSk(claim.lineId) };
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: { ...Key, ...claim, state: 'PENDING', createdAt: at },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const existing = await db.send(new GetCommand({ TableName: table, Key, ConsistentRead: true }));
        const line = existing.Item && parseStoredItem(storedLine, existing.Item, { table });
        if (line?.state === 'COUNTED') return 'already-applied';
      }
      const month = claim.paidDate.slice(0, 7);
      const bucket = { pk: claimsPk(regency), sk: bucketSk(month, claim.type, claim.kecamatan) };
      let added = true;
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: bucket,
            UpdateExpression:
              'SET #month = :month, #type = :type, kecamatan = :kec, #op = :at ADD #count :one, amount :amount',
            ConditionExpression: 'attribute_not_exists(#op)',
            ExpressionAttributeNames: {
              '#month': 'month',
              '#type': 'type',
              '#count': 'count',
              '#op': opAttr(claim.lineId),
            },
            ExpressionAttributeValues: {
              ':month': month,
              ':type': claim.type,
              ':kec': claim.kecamatan,
              ':at': at,
              ':one': 1,
              ':amount': claim.amount,
            },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        added = false; // an earlier run added it and crashed before marking the line
      }
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key,
          UpdateExpression: 'SET #state = :counted, countedAt = :at',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':counted': 'COUNTED', ':at': at },
        }),
      );
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: bucket,
          UpdateExpression: 'REMOVE #op',
          ExpressionAttributeNames: { '#op': opAttr(claim.lineId) },
        }),
      );
      return added ? 'applied' : 'already-applied';
    },

    async buckets(regency, fromMonth, toMonth) {
      const items = await queryAll(db, {
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': claimsPk(regency),
          ':from': `COUNT#${fromMonth}`,
          ':to': `COUNT#${toMonth}#~`,
        },
      });
      return items.map((i): ClaimBucket => parseStoredItem(storedBucket, i, { table }));
    },
  };
}

/**
 * A claim line's worker: by NIK hash, as the registry says it is now (its item merged with its chunk's records);
 * by KPJ through the regency's BPJS answers (src/adapters/dynamo-chunk-answers.ts), read once per claims file
 * into a map KPJ → NIK hash: no index of workers by KPJ.
 */
export function dynamoClaimWorkerMatcher(
  db: DynamoDBDocumentClient,
  workersTable: string,
  uploadsTable: string,
  regency: string,
): ClaimWorkerMatcher {
  const registry = dynamoWorkerRepository(db, workersTable, uploadsTable);
  let byKpj: Promise<Map<string, string>> | undefined;
  const matcher: ClaimWorkerMatcher = {
    async byNikHash(nikHash) {
      const [w] = await registry.getMany([nikHash]);
      return w ? { nikHash: w.nikHash, desa: w.desa, kecamatan: w.kecamatan, status: w.status } : undefined;
    },
    async byKpj(kpj) {
      byKpj ??= dynamoChunkAnswers(db, uploadsTable)
        .ofRegency(regency)
        .then((parts) => {
          const map = new Map<string, string>();
          for (const part of parts)
            for (const value of Object.values(part.e)) {
              const a = parseAcceptance(value);
              map.set(a.kpj, a.nikHash);
            }
          return map;
        });
      const nikHash = (await byKpj).get(kpj);
      return nikHash ? matcher.byNikHash(nikHash) : undefined;
    },
  };
  return matcher;
}
