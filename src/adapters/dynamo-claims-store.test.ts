import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { dynamoClaimStore } from './dynamo-claims-store.ts';

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

  it('reads a claim line whose state is unknown as CORRUPT_ITEM instead of counting it again', async () => {
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    ddb.on(GetCommand).resolves({ Item: { pk: 'CLAIMS#6408', sk: 'LINE#l1', state: 'HALF' } });
    const claim = {
      lineId: 'l1',
      nikHash: 'h',
      type: 'JKK' as const,
      eventDate: '2026-10-01',
      paidDate: '2026-10-15',
      amount: 1,
      desa: '6408042001',
      kecamatan: '640804',
      file: 'inbound/bpjs/claims/k.csv',
      row: 2,
    };
    await expect(dynamoClaimStore(doc, 'Programmes').apply('6408', claim, 't')).rejects.toMatchObject({
      code: 'CORRUPT_ITEM',
      messageEn: expect.stringContaining('table Programmes, key CLAIMS#6408 / LINE#l1: state:'),
    });
  });
});
