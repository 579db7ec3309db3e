import { randomUUID } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { ROLES, type UserRecord } from '../access/model.ts';
import type { AuditEvent, AuditLog, PresignRecord, PresignStore, UserStore } from '../access/ports.ts';
import { queryAll } from './dynamo-paging.ts';
import { parseStoredItem } from './stored-item.ts';

/** The access table's items as stored, parsed at the edge (src/adapters/stored-item.ts). */
const actor = z.looseObject({ id: z.string().min(1), role: z.enum([...ROLES, 'operator']) });
const storedUser = z.looseObject({
  sub: z.string().min(1),
  email: z.string().min(1),
  role: z.enum(ROLES),
  desa: z.string().optional(),
  agency: z.string().optional(),
  disabled: z.boolean().optional(),
  createdAt: z.string(),
  createdBy: z.string(),
});
const storedAudit = z.looseObject({
  id: z.string().min(1),
  at: z.string(),
  actor,
  action: z.string(),
  entity: z.string(),
});
const storedPresign = z.looseObject({
  id: z.string().min(1),
  key: z.string().min(1),
  uploader: z.discriminatedUnion('kind', [
    z.looseObject({ kind: z.literal('desa'), desa: z.string() }),
    z.looseObject({ kind: z.literal('agency'), agency: z.string() }),
  ]),
  actor,
  at: z.string(),
});

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
      return out.Item ? read<UserRecord>(storedUser, out.Item) : undefined;
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
      return items.map((i) => read<UserRecord>(storedUser, i));
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
      return (out.Items ?? []).map((i) => read<AuditEvent>(storedAudit, i));
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
      const { expiresAt: _e, ...rest } = read<PresignRecord & { expiresAt?: number }>(
        storedPresign,
        out.Item,
      );
      return rest;
    },
  };

  /** The item, checked, without the table's own attributes. */
  function read<T>(schema: z.ZodType, item: Record<string, unknown>): T {
    const parsed = parseStoredItem(schema, item, { table }) as Record<string, unknown>;
    const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...rest } = parsed;
    return rest as T;
  }

  return { users, audit, presigns };
}
