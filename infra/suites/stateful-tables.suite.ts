import { Match } from 'aws-cdk-lib/assertions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { describe, it } from 'vitest';
import type { SynthesizedLindung } from '../test-support.ts';
import { statefulLookups } from './stack-lookups.ts';

/**
 * The four registry tables of infra/stateful-stack.ts. Assertions on the shared synthesized app (see
 * stacks.test.ts).
 */
export function statefulTablesSuite(get: () => SynthesizedLindung): void {
  describe('stateful stack', () => {
    const { synth, keyArn, resource } = statefulLookups(get);

    describe('tables', () => {
      const tables = (): [string, dynamodb.Table][] => [
        ['uploads', synth().stateful.uploadsTable],
        ['workers', synth().stateful.workersTable],
        ['programmes', synth().stateful.programmesTable],
        ['employers', synth().stateful.employersTable],
      ];

      it.each(['uploads', 'workers', 'programmes', 'employers'])(
        '%s: on-demand, PITR, CMK-encrypted, deletion-protected, retained, pk/sk strings, no fixed name',
        (name) => {
          const table = tables().find(([n]) => n === name)?.[1];
          if (!table) throw new Error(name);
          resource(table, {
            Type: 'AWS::DynamoDB::Table',
            DeletionPolicy: 'Retain',
            UpdateReplacePolicy: 'Retain',
            Properties: {
              TableName: Match.absent(),
              BillingMode: 'PAY_PER_REQUEST',
              PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
              SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn() },
              DeletionProtectionEnabled: true,
              KeySchema: [
                { AttributeName: 'pk', KeyType: 'HASH' },
                { AttributeName: 'sk', KeyType: 'RANGE' },
              ],
              AttributeDefinitions: Match.arrayWith([
                { AttributeName: 'pk', AttributeType: 'S' },
                { AttributeName: 'sk', AttributeType: 'S' },
              ]),
            },
          });
        },
      );

      it('uploads: TTL on expiresAt, the byUploader index (gsi1pk, gsi1sk) and byMonth (gsi2pk, gsi1sk)', () => {
        resource(synth().stateful.uploadsTable, {
          Properties: {
            TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
            GlobalSecondaryIndexes: [
              {
                IndexName: 'byUploader',
                KeySchema: [
                  { AttributeName: 'gsi1pk', KeyType: 'HASH' },
                  { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
                ],
                Projection: { ProjectionType: 'ALL' },
              },
              {
                IndexName: 'byMonth',
                KeySchema: [
                  { AttributeName: 'gsi2pk', KeyType: 'HASH' },
                  { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
                ],
                Projection: { ProjectionType: 'ALL' },
              },
            ],
          },
        });
      });

      it('workers: sparse waitlist and byArea (FAILED only); no index by upload, status or KPJ', () => {
        const gsi = (
          name: string,
          pk: string,
          sk: string,
          Projection: Record<string, unknown> = { ProjectionType: 'ALL' },
        ) => ({
          IndexName: name,
          KeySchema: [
            { AttributeName: pk, KeyType: 'HASH' },
            { AttributeName: sk, KeyType: 'RANGE' },
          ],
          Projection,
        });
        resource(synth().stateful.workersTable, {
          Properties: {
            GlobalSecondaryIndexes: [
              gsi('waitlist', 'waitlistPk', 'waitlistSk', {
                ProjectionType: 'INCLUDE',
                NonKeyAttributes: ['nikHash', 'desa', 'kecamatan', 'uploadId', 'waitlist'],
              }),
              gsi('byArea', 'areaPk', 'areaSk', { ProjectionType: 'INCLUDE', NonKeyAttributes: ['reason'] }),
            ],
            AttributeDefinitions: Match.arrayWith(
              ['waitlistPk', 'waitlistSk', 'areaPk', 'areaSk'].map((name) => ({
                AttributeName: name,
                AttributeType: 'S',
              })),
            ),
          },
        });
      });

      it('employers: byName, employers, outstanding and byWorker indexes, each sorted by pk (local/tables.ts)', () => {
        const gsi = (name: string, pk: string) => ({
          IndexName: name,
          KeySchema: [
            { AttributeName: pk, KeyType: 'HASH' },
            { AttributeName: 'pk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        });
        resource(synth().stateful.employersTable, {
          Properties: {
            GlobalSecondaryIndexes: [
              gsi('byName', 'nameKey'),
              gsi('employers', 'listPk'),
              gsi('outstanding', 'outstandingPk'),
              gsi('byWorker', 'nikHash'),
            ],
            AttributeDefinitions: Match.arrayWith(
              ['nameKey', 'listPk', 'outstandingPk', 'nikHash'].map((name) => ({
                AttributeName: name,
                AttributeType: 'S',
              })),
            ),
            TimeToLiveSpecification: Match.absent(),
          },
        });
      });

      it('programmes: no secondary index, no TTL', () => {
        resource(synth().stateful.programmesTable, {
          Properties: { GlobalSecondaryIndexes: Match.absent(), TimeToLiveSpecification: Match.absent() },
        });
      });
    });
  });
}
