import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { tableDefinitions } from '../../local/tables.ts';
import { logicalId, type SynthesizedLindung } from '../test-support.ts';
import { statefulLookups } from './stack-lookups.ts';

/**
 * The four registry tables of infra/stateful-stack.ts. Assertions on the shared synthesized app (see
 * stacks.test.ts).
 */
export function statefulTablesSuite(get: () => SynthesizedLindung): void {
  describe('stateful stack', () => {
    const { synth, keyArn, resource } = statefulLookups(get);

    describe('tables', () => {
      /** A global secondary index as the template renders it (projection ALL unless given). */
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
      it.each(['uploads', 'workers', 'programmes', 'employers'] as const)(
        '%s: on-demand, PITR, CMK-encrypted, deletion-protected, retained, pk/sk strings, no fixed name',
        (name) => {
          resource(synth().stateful[`${name}Table` as const], {
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
              gsi('byUploader', 'gsi1pk', 'gsi1sk'),
              gsi('byMonth', 'gsi2pk', 'gsi1sk'),
            ],
          },
        });
      });

      it('workers: sparse waitlist and byArea (FAILED only); no index by upload, status or KPJ', () => {
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
        resource(synth().stateful.employersTable, {
          Properties: {
            GlobalSecondaryIndexes: [
              gsi('byName', 'nameKey', 'pk'),
              gsi('employers', 'listPk', 'pk'),
              gsi('outstanding', 'outstandingPk', 'pk'),
              gsi('byWorker', 'nikHash', 'pk'),
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

      it('the local stack creates the same keys and indexes (local/tables.ts states them a second time)', () => {
        const { stateful, statefulTemplate } = synth();
        const deployed = [
          ...(['uploads', 'workers', 'programmes', 'employers'] as const).map(
            (name) => [name, stateful[`${name}Table` as const]] as const,
          ),
          ['access', stateful.identity.accessTable] as const,
        ];
        const local = tableDefinitions({
          uploads: 'uploads',
          workers: 'workers',
          programmes: 'programmes',
          employers: 'employers',
          access: 'access',
        });
        const byName = (indexes: { IndexName?: string }[] = []) =>
          [...indexes].sort((a, b) => String(a.IndexName).localeCompare(String(b.IndexName)));
        for (const [name, table] of deployed) {
          const { Properties } = statefulTemplate.toJSON().Resources[logicalId(table)];
          const definition = local.find((d) => d.TableName === name);
          expect(definition?.KeySchema, name).toEqual(Properties.KeySchema);
          expect(byName(definition?.GlobalSecondaryIndexes), name).toEqual(
            byName(Properties.GlobalSecondaryIndexes),
          );
        }
      });

      it('programmes: no secondary index, no TTL', () => {
        resource(synth().stateful.programmesTable, {
          Properties: { GlobalSecondaryIndexes: Match.absent(), TimeToLiveSpecification: Match.absent() },
        });
      });
    });
  });
}
