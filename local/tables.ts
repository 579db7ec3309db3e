import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  ListTablesCommand,
  type Projection,
} from '@aws-sdk/client-dynamodb';
import { WAITLIST_ATTRIBUTES } from '../src/workers/model.ts';

const S = (AttributeName: string): AttributeDefinition => ({ AttributeName, AttributeType: 'S' });
const gsi = (
  IndexName: string,
  hash: string,
  range: string,
  Projection: Projection = { ProjectionType: 'ALL' },
) => ({
  IndexName,
  KeySchema: [
    { AttributeName: hash, KeyType: 'HASH' as const },
    { AttributeName: range, KeyType: 'RANGE' as const },
  ],
  Projection,
});

const keys = [
  { AttributeName: 'pk', KeyType: 'HASH' as const },
  { AttributeName: 'sk', KeyType: 'RANGE' as const },
];

/** The local tables, with the same keys and indexes as infra/stateful-stack.ts (README: "Table design"). */
export function tableDefinitions(names: {
  uploads: string;
  workers: string;
  programmes: string;
  employers?: string;
  access?: string;
}): CreateTableCommandInput[] {
  return [
    {
      TableName: names.uploads,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: keys,
      AttributeDefinitions: [S('pk'), S('sk'), S('gsi1pk'), S('gsi1sk'), S('gsi2pk')],
      GlobalSecondaryIndexes: [gsi('byUploader', 'gsi1pk', 'gsi1sk'), gsi('byMonth', 'gsi2pk', 'gsi1sk')],
    },
    {
      TableName: names.workers,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: keys,
      AttributeDefinitions: [S('pk'), S('sk'), S('waitlistPk'), S('waitlistSk'), S('areaPk'), S('areaSk')],
      // No index by upload (the staged chunks and their records list an upload's workers); waitlist sparse (only
      // waitlisted workers pay for it); byArea sparse (FAILED workers only, with the reason, for the reports).
      // No index by KPJ: claim files match KPJs through the BPJS answers (src/adapters/dynamo-chunk-answers.ts).
      GlobalSecondaryIndexes: [
        gsi('waitlist', 'waitlistPk', 'waitlistSk', {
          ProjectionType: 'INCLUDE',
          NonKeyAttributes: WAITLIST_ATTRIBUTES,
        }),
        gsi('byArea', 'areaPk', 'areaSk', { ProjectionType: 'INCLUDE', NonKeyAttributes: ['reason'] }),
      ],
    },
    {
      TableName: names.programmes,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: keys,
      AttributeDefinitions: [S('pk'), S('sk')],
    },
    // Employers, their referred workers, notices/escalations, digests (src/adapters/dynamo-employer-store.ts).
    ...(names.employers
      ? [
          {
            TableName: names.employers,
            BillingMode: 'PAY_PER_REQUEST' as const,
            KeySchema: keys,
            AttributeDefinitions: [
              S('pk'),
              S('sk'),
              S('nameKey'),
              S('listPk'),
              S('outstandingPk'),
              S('nikHash'),
            ],
            GlobalSecondaryIndexes: [
              gsi('byName', 'nameKey', 'pk'),
              gsi('employers', 'listPk', 'pk'),
              gsi('outstanding', 'outstandingPk', 'pk'),
              gsi('byWorker', 'nikHash', 'pk'),
            ],
          },
        ]
      : []),
    // Users, the audit trail and presigned uploads (src/adapters/dynamo-access-store.ts).
    ...(names.access
      ? [
          {
            TableName: names.access,
            BillingMode: 'PAY_PER_REQUEST' as const,
            KeySchema: keys,
            AttributeDefinitions: [S('pk'), S('sk'), S('gsi1pk'), S('gsi1sk')],
            GlobalSecondaryIndexes: [gsi('byKind', 'gsi1pk', 'gsi1sk')],
          },
        ]
      : []),
  ];
}

/** Creates the tables that do not exist yet (a persisted data folder keeps its tables). */
export async function ensureTables(
  /** Any DynamoDB client: the local stack's (src/composition), a test's own. */
  db: { send(command: ListTablesCommand | CreateTableCommand): Promise<unknown> },
  definitions: CreateTableCommandInput[],
): Promise<void> {
  const listed = (await db.send(new ListTablesCommand({}))) as { TableNames?: string[] };
  const existing = new Set(listed.TableNames ?? []);
  for (const def of definitions) {
    if (!existing.has(def.TableName ?? '')) await db.send(new CreateTableCommand(def));
  }
}
