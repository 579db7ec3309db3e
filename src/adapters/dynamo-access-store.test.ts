import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { dynamoAccessStore } from './dynamo-access-store.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const user = {
  pk: 'USER#s1',
  sk: 'USER',
  gsi1pk: 'users',
  gsi1sk: 'a@kab.go.id',
  sub: 's1',
  email: 'a@kab.go.id',
  role: 'desa',
  desa: '6408042001',
  createdAt: '2026-11-01T00:00:00.000Z',
  createdBy: 'cli:op',
};

describe('access store: stored items parsed at the edge', () => {
  beforeEach(() => ddb.reset());

  it('reads a user without the table’s attributes; an unknown role is CORRUPT_ITEM naming the table, key and field', async () => {
    ddb
      .on(GetCommand)
      .resolvesOnce({ Item: user })
      .resolvesOnce({ Item: { ...user, role: 'superuser' } });
    const { users } = dynamoAccessStore(doc, 'Access');
    const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...record } = user;
    expect(await users.get('s1')).toEqual(record);
    await expect(users.get('s1')).rejects.toMatchObject({
      code: 'CORRUPT_ITEM',
      messageEn: expect.stringMatching(
        /^A stored item is malformed in table Access, key USER#s1 \/ USER: role: /,
      ),
    });
  });

  it('reads a presign record whose uploader is malformed, and an audit event without an actor, as CORRUPT_ITEM', async () => {
    ddb.on(GetCommand).resolves({
      Item: {
        pk: 'PRESIGN#p1',
        sk: 'PRESIGN',
        id: 'p1',
        key: 'uploads/desa/6408042001/a.csv',
        uploader: { kind: 'desa' },
        actor: { id: 's1', role: 'desa' },
        at: '2026-11-01T00:00:00.000Z',
        expiresAt: 1,
      },
    });
    ddb.on(QueryCommand).resolves({
      Items: [{ pk: 'AUDIT#x', sk: 't#1', id: '1', at: 't', action: 'user.add', entity: 'x' }],
    });
    const store = dynamoAccessStore(doc, 'Access');
    await expect(store.presigns.get('p1')).rejects.toMatchObject({
      code: 'CORRUPT_ITEM',
      messageEn: expect.stringContaining('key PRESIGN#p1 / PRESIGN: uploader.desa:'),
    });
    await expect(store.audit.list({ limit: 5 })).rejects.toMatchObject({
      code: 'CORRUPT_ITEM',
      messageEn: expect.stringContaining('key AUDIT#x / t#1: actor:'),
    });
  });
});
