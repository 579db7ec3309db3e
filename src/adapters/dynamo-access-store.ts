import { randomUUID } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { UserRecord } from '../access/model.ts';
import type { AuditEvent, AuditLog, PresignRecord, PresignStore, UserStore } from '../access/ports.ts';
import { queryAll } from './dynamo-paging.ts';

/**
 * Access table (pk/sk, GSI byKind on gsi1pk/gsi1sk):
 * - users: pk USER#<sub> / sk USER; byKind users / <email>;
 * - audit events, append-only: pk AUDIT#<entity> / sk <at>#<id>; byKind audit / <at>#<id> (newest first);
 * - presigned uploads: pk PRESIGN#<id> / sk PRESIGN, expiring (ttl) a day after they were issued.
 */
export function dynamoAccessStore(db: DynamoDBDocumentClient, table: string) {
  const users: UserStore = {
    async get(sub) {
      const out = await db.send(new GetCommand({ TableName: table, Key: { pk: `USER#${sub}`, sk: 'USER' } }));
      return out.Item ? strip<UserRecord>(out.Item) : undefined;
    },
    async put(user) {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { pk: `USER#${user.sub}`, sk: 'USER', gsi1pk: 'users', gsi1sk: user.email, ...user },
        }),
      );
    },
    async list() {
      const items = await queryAll(db, {
        TableName: table,
        IndexName: 'byKind',
        KeyConditionExpression: 'gsi1pk = :k',
        ExpressionAttributeValues: { ':k': 'users' },
      });
      return items.map((i) => strip<UserRecord>(i));
    },
    async setDisabled(sub, disabled) {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: `USER#${sub}`, sk: 'USER' },
          UpdateExpression: 'SET disabled = :d',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':d': disabled },
        }),
      );
    },
  };

  const audit: AuditLog = {
    async record(input) {
      const event: AuditEvent = { ...input, id: randomUUID(), at: input.at ?? new Date().toISOString() };
      const sk = `${event.at}#${event.id}`;
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { pk: `AUDIT#${event.entity}`, sk, gsi1pk: 'audit', gsi1sk: sk, ...event },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return event;
    },
    async list({ entity, limit }) {
      const out = await db.send(
        new QueryCommand({
          TableName: table,
          ...(entity
            ? { KeyConditionExpression: 'pk = :k', ExpressionAttributeValues: { ':k': `AUDIT#${entity}` } }
            : {
                IndexName: 'byKind',
                KeyConditionExpression: 'gsi1pk = :k',
                ExpressionAttributeValues: { ':k': 'audit' },
              }),
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map((i) => strip<AuditEvent>(i));
    },
  };

  const presigns: PresignStore = {
    async put(record) {
      const expiresAt = Math.floor(Date.parse(record.at) / 1000) + 86_400;
      await db.send(
        new PutCommand({
          TableName: table,
          Item: { pk: `PRESIGN#${record.id}`, sk: 'PRESIGN', expiresAt, ...record },
        }),
      );
    },
    async get(id) {
      const out = await db.send(
        new GetCommand({
          TableName: table,
          Key: { pk: `PRESIGN#${id}`, sk: 'PRESIGN' },
          ConsistentRead: true,
        }),
      );
      if (!out.Item) return undefined;
      const { expiresAt: _e, ...rest } = out.Item;
      return strip<PresignRecord>(rest);
    },
  };

  return { users, audit, presigns };
}

function strip<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...rest } = item;
  return rest as T;
}
