/**
 * Counts what the handlers' own AWS calls would be billed: DynamoDB write units per table and index (from
 * the item before and after each write, the index key schema and projection, as DynamoDB bills them), read
 * units (the emulator's ReturnConsumedCapacity), S3 requests by price class.
 */
import {
  type AttributeValue,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, AttributeValue>;
export interface Units {
  write: number;
  read: number;
}

/** DynamoDB's item size: attribute names plus values (numbers ~1 byte per 2 digits + 1). */
export function itemSize(item: Item | undefined): number {
  if (!item) return 0;
  let n = 0;
  for (const [name, value] of Object.entries(item)) n += Buffer.byteLength(name) + valueSize(value);
  return n;
}
function valueSize(v: AttributeValue): number {
  if (v.S !== undefined) return Buffer.byteLength(v.S);
  if (v.N !== undefined) return Math.ceil(v.N.replace(/^-|\.|e.*$/g, '').length / 2) + 1;
  if (v.B !== undefined) return v.B.length;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.SS) return v.SS.reduce((n, s) => n + Buffer.byteLength(s), 0);
  if (v.NS) return v.NS.reduce((n, s) => n + Math.ceil(s.length / 2) + 1, 0);
  if (v.L) return 3 + v.L.reduce((n, e) => n + 1 + valueSize(e), 0);
  if (v.M)
    return 3 + Object.entries(v.M).reduce((n, [k, e]) => n + 1 + Buffer.byteLength(k) + valueSize(e), 0);
  return 0;
}
const kb = (bytes: number) => Math.ceil(bytes / 1024);

interface IndexDef {
  name: string;
  keys: string[];
  projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  include: string[];
}

export class DynamoMeter {
  readonly units = new Map<string, Units>();
  readonly requests = new Map<string, number>();
  private readonly tables = new Map<string, Promise<{ keys: string[]; indexes: IndexDef[] }>>();
  private readonly raw: DynamoDBClient;

  constructor(config: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  }) {
    this.raw = new DynamoDBClient(config);
  }

  private add(key: string, units: Partial<Units>) {
    const u = this.units.get(key) ?? { write: 0, read: 0 };
    u.write += units.write ?? 0;
    u.read += units.read ?? 0;
    this.units.set(key, u);
  }

  private schema(table: string) {
    let s = this.tables.get(table);
    if (!s) {
      s = this.raw.send(new DescribeTableCommand({ TableName: table })).then(({ Table }) => describe(Table));
      this.tables.set(table, s);
    }
    return s;
  }

  private async current(table: string, key: Item): Promise<Item | undefined> {
    return (await this.raw.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true })))
      .Item;
  }

  /** Units of one write, from the item before and after. */
  private async charge(table: string, before: Item | undefined, after: Item | undefined, failed: boolean) {
    const { indexes } = await this.schema(table);
    this.add(table, { write: Math.max(1, kb(itemSize(before)), failed ? 0 : kb(itemSize(after))) });
    if (failed) return;
    for (const index of indexes) {
      const o = project(before, index, (await this.schema(table)).keys);
      const n = project(after, index, (await this.schema(table)).keys);
      let w = 0;
      if (o && n) {
        const sameKeys = index.keys.every((k) => JSON.stringify(o[k]) === JSON.stringify(n[k]));
        if (!sameKeys) w = kb(itemSize(o)) + kb(itemSize(n));
        else if (JSON.stringify(o) !== JSON.stringify(n)) w = Math.max(kb(itemSize(o)), kb(itemSize(n)));
      } else if (o || n) w = kb(itemSize(o ?? n));
      if (w > 0) this.add(`${table}/${index.name}`, { write: w });
    }
  }

  /**
   * Installs the meter on a client (the document client shares its client's middleware stack). It works on
   * the serialized request (the low-level JSON the service gets), before signing.
   */
  install(client: DynamoDBDocumentClient | DynamoDBClient): void {
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers: Record<string, string>; body?: string };
        const command = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
        this.requests.set(command, (this.requests.get(command) ?? 0) + 1);
        const body = request.body as unknown;
        // A byte body is decoded as bytes: Buffer.from(body) would call its valueOf, which the SDK's body warns on.
        const text =
          typeof body === 'string' ? body : body ? new TextDecoder().decode(body as Uint8Array) : '';
        const input = JSON.parse(text || '{}') as Record<string, unknown>;
        if (['GetItem', 'BatchGetItem', 'Query', 'Scan'].includes(command)) {
          input.ReturnConsumedCapacity = 'INDEXES';
          request.body = JSON.stringify(input);
          request.headers['content-length'] = String(Buffer.byteLength(request.body));
          const out = await next(args);
          const consumed = (out.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
          for (const c of (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as Array<{
            TableName: string;
            CapacityUnits?: number;
          }>) {
            const key =
              command === 'Query' && input.IndexName ? `${c.TableName}/${input.IndexName}` : c.TableName;
            this.add(key, { read: c.CapacityUnits ?? 0 });
          }
          return out;
        }
        const writes = await this.plannedWrites(command, input);
        if (writes.length === 0) return next(args);
        const before = await Promise.all(writes.map((w) => this.current(w.table, w.key)));
        let failed = false;
        try {
          return await next(args);
        } catch (error) {
          failed = (error as Error).name === 'ConditionalCheckFailedException';
          throw error;
        } finally {
          const after = await Promise.all(writes.map((w) => this.current(w.table, w.key)));
          await Promise.all(writes.map((w, i) => this.charge(w.table, before[i], after[i], failed)));
        }
      },
      { step: 'build', priority: 'high', name: 'costMeter' },
    );
  }

  private async plannedWrites(command: string, input: Record<string, unknown>) {
    const keyOf = async (table: string, item: Item) =>
      Object.fromEntries((await this.schema(table)).keys.map((k) => [k, item[k] as AttributeValue]));
    const table = input.TableName as string;
    if (command === 'PutItem') return [{ table, key: await keyOf(table, input.Item as Item) }];
    if (command === 'UpdateItem' || command === 'DeleteItem') return [{ table, key: input.Key as Item }];
    if (command === 'BatchWriteItem') {
      const out: Array<{ table: string; key: Item }> = [];
      for (const [t, requests] of Object.entries(input.RequestItems as Record<string, unknown[]>))
        for (const r of requests as Array<{ PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }>)
          out.push({
            table: t,
            key: r.PutRequest ? await keyOf(t, r.PutRequest.Item) : (r.DeleteRequest?.Key ?? {}),
          });
      return out;
    }
    return [];
  }
}

function describe(table: TableDescription | undefined) {
  const keys = (table?.KeySchema ?? []).map((k) => k.AttributeName ?? '');
  const indexes: IndexDef[] = (table?.GlobalSecondaryIndexes ?? []).map((g) => ({
    name: g.IndexName ?? '',
    keys: (g.KeySchema ?? []).map((k) => k.AttributeName ?? ''),
    projection: (g.Projection?.ProjectionType ?? 'ALL') as IndexDef['projection'],
    include: g.Projection?.NonKeyAttributes ?? [],
  }));
  return { keys, indexes };
}

/** The index entry of an item (undefined when the item lacks the index's keys: a sparse index). */
function project(item: Item | undefined, index: IndexDef, tableKeys: string[]): Item | undefined {
  if (!item || !index.keys.every((k) => item[k] !== undefined)) return undefined;
  if (index.projection === 'ALL') return item;
  const names = new Set([
    ...tableKeys,
    ...index.keys,
    ...(index.projection === 'INCLUDE' ? index.include : []),
  ]);
  return Object.fromEntries(Object.entries(item).filter(([k]) => names.has(k)));
}

/** S3 requests by price class. */
export function meterS3(client: S3Client): { write: number; read: number } {
  const counts = { write: 0, read: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const c = String(context.commandName ?? '');
      if (/^(Get|Head)/.test(c)) counts.read += 1;
      else counts.write += 1;
      return next(args);
    },
    { step: 'initialize', name: 'costMeterS3' },
  );
  return counts;
}
