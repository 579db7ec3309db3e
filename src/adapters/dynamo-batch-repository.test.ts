import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { dynamoBatchRepository } from './dynamo-batch-repository.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const stored = {
  pk: 'BATCH#u1-00001',
  sk: 'META',
  batchId: 'u1-00001',
  uploadId: 'u1',
  chunk: 1,
  gateway: 'file-exchange',
  participants: 500,
  submittedAt: '2026-11-30T04:00:00.000Z',
  acknowledgements: [
    { key: 'inbound/bpjs/a.csv', at: '2026-11-30T05:00:00.000Z', accepted: 498, rejected: 2 },
  ],
  ackKeys: new Set(['inbound/bpjs/a.csv']),
};

describe('BPJS batches: stored items parsed at the edge', () => {
  beforeEach(() => ddb.reset());

  it("reads a batch without the table's own attributes; a malformed one is CORRUPT_ITEM naming table, key and field", async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: stored })
      .resolvesOnce({ Item: { ...stored, participants: 'lima ratus' } });
    const batches = dynamoBatchRepository(doc, 'Uploads');
    const { pk: _pk, sk: _sk, ackKeys: _keys, ...batch } = stored;
    expect(await batches.get('u1-00001')).toEqual(batch);
    await expect(batches.get('u1-00001')).rejects.toMatchObject({
      code: 'CORRUPT_ITEM',
      message: expect.stringMatching(/tabel Uploads, kunci BATCH#u1-00001: participants/),
    });
  });
});
