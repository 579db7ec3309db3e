import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { parseProgrammeId } from '../quota/model.ts';
import type { ChunkAnswers } from '../workers/lifecycle.ts';
import { queryAll } from './dynamo-paging.ts';
import { parseStoredItem } from './stored-item.ts';

/**
 * BPJS's acceptances, once per batch and answer, in the uploads table: pk ANSWERS#<regency> (one partition per
 * regency: a claims file reads them all at once to match KPJs), sk <year>#<uploadId>#<chunk>#<batchId>#<answer>#<part>
 * (a chunk's answers are one query). An item holds at most PART positions (~60 bytes each), far under 400 KB.
 */
const PART = 2_000;
const pk = (regency: string) => `ANSWERS#${regency}`;
const chunkPrefix = (year: number, uploadId: string, chunk: number) =>
  `${year}#${uploadId}#${String(chunk).padStart(6, '0')}#`;

const storedAnswers = z.object({
  batchId: z.string().min(1),
  at: z.string(),
  by: z.string(),
  coverageEnd: z.string(),
  e: z.record(z.string(), z.string()),
});

export interface StoredChunkAnswers extends ChunkAnswers {
  uploadId: string;
  chunk: number;
}

export function dynamoChunkAnswers(db: DynamoDBDocumentClient, table: string) {
  const parse = (item: Record<string, unknown>) => ({
    ...parseStoredItem(storedAnswers, item.a as Record<string, unknown>, {
      table,
      key: `${String(item.pk)} ${String(item.sk)}`,
    }),
    uploadId: String(item.uploadId),
    chunk: Number(item.chunk),
  });
  return {
    /** Records one answer's acceptances (SET: a replayed answer writes the same items again). */
    async put(programme: string, uploadId: string, chunk: number, answer: string, answers: ChunkAnswers) {
      const { regency, year } = parseProgrammeId(programme);
      const entries = Object.entries(answers.e);
      for (let i = 0; i * PART < entries.length; i++) {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: {
              pk: pk(regency),
              sk: `${chunkPrefix(year, uploadId, chunk)}${answers.batchId}#${answer}#${i}`,
              uploadId,
              chunk,
              a: { ...answers, e: Object.fromEntries(entries.slice(i * PART, (i + 1) * PART)) },
            },
          }),
        );
      }
    },
    /** A chunk's answers, in the order they were recorded. */
    async ofChunk(programme: string, uploadId: string, chunk: number): Promise<ChunkAnswers[]> {
      const { regency, year } = parseProgrammeId(programme);
      const items = await queryAll(db, {
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :chunk)',
        ExpressionAttributeValues: { ':pk': pk(regency), ':chunk': chunkPrefix(year, uploadId, chunk) },
        ConsistentRead: true,
      });
      return items.map(parse).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    },
    /** Every answer of a regency's programmes (a claims file matches KPJs against them). */
    async ofRegency(regency: string): Promise<StoredChunkAnswers[]> {
      const items = await queryAll(db, {
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk(regency) },
      });
      return items.map(parse);
    },
  };
}
