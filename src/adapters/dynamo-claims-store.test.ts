import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { dynamoClaimStore, dynamoClaimWorkerMatcher } from './dynamo-claims-store.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));

describe('claims store: stored items parsed at the edge', () => {
  beforeEach(() => ddb.reset());

  it('reads claim buckets, and a malformed one as CORRUPT_ITEM naming the table, the key and the fields', async () => {
    const bucket = { pk: 'CLAIMS#6408', sk: 'COUNT#2026-10#JKK#640804', month: '2026-10', type: 'JKK' };
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ ...bucket, kecamatan: '640804', count: 2, amount: 5_000_000 }] })
      .resolvesOnce({ Items: [{ ...bucket, type: 'JHT', kecamatan: '640804', count: 'dua' }] });
    const store = dynamoClaimStore(doc, 'Programmes');
    expect(await store.buckets('6408', '2026-10', '2026-10')).toEqual([
      { month: '2026-10', type: 'JKK', kecamatan: '640804', count: 2, amount: 5_000_000 },
    ]);
    await expect(store.buckets('6408', '2026-10', '2026-10')).rejects.toMatchObject({
      code: 'CORRUPT_ITEM',
      messageEn:
        'A stored item is malformed in table Programmes, key CLAIMS#6408 / COUNT#2026-10#JKK#640804: ' +
        'type: Invalid option: expected one of "JKK"|"JKM"|"BEASISWA"; count: Invalid input: expected number, received string',
    });
  });

  it('matches a worker by NIK hash (kecamatan from the desa when the profile has none); a profile without one is CORRUPT_ITEM', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({
        Item: { pk: 'NIK#h', sk: 'PROFILE', nikHash: 'h', desa: '6408042001', status: 'ENROLLED' },
      })
      .resolvesOnce({ Item: { pk: 'NIK#x', sk: 'PROFILE', nikHash: 'x', status: 'ENROLLED' } });
    const matcher = dynamoClaimWorkerMatcher(doc, 'Workers');
    expect(await matcher.byNikHash('h')).toEqual({
      nikHash: 'h',
      desa: '6408042001',
      kecamatan: '640804',
      status: 'ENROLLED',
    });
    await expect(matcher.byNikHash('x')).rejects.toMatchObject({
      code: 'CORRUPT_ITEM',
      messageEn: expect.stringContaining('table Workers, key NIK#x / PROFILE: desa:'),
    });
  });
});
