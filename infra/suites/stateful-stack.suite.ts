import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { cdkJsonContext, logicalId, type SynthesizedLindung } from '../test-support.ts';
import { statefulLookups } from './stack-lookups.ts';

/** Assertions on the shared synthesized app (see stacks.test.ts). */
export function statefulStackSuite(get: () => SynthesizedLindung): void {
  describe('stateful stack', () => {
    const { synth, t, keyArn, resource } = statefulLookups(get);

    describe('customer-managed key', () => {
      it('rotates and is retained', () => {
        resource(synth().stateful.key, {
          Type: 'AWS::KMS::Key',
          Properties: { EnableKeyRotation: true },
          DeletionPolicy: 'Retain',
        });
      });

      it('separates administration from use: administrators cannot use it, users only through lindung services', () => {
        const policy = t().toJSON().Resources[logicalId(synth().stateful.key)].Properties.KeyPolicy;
        const root = {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']],
        };
        const via = (services: string[]) =>
          services.map((s) => ({ 'Fn::Join': ['', [`${s}.`, { Ref: 'AWS::Region' }, '.amazonaws.com']] }));
        const bySid = Object.fromEntries(
          (policy.Statement as Array<{ Sid: string; Action: string[]; Principal: unknown }>).map(
            (statement) => [statement.Sid, statement],
          ),
        );
        expect(Object.keys(bySid).sort()).toEqual([
          'GrantsForDynamoDBTables',
          'KeyAdministration',
          'KeyUseThroughLindungServices',
        ]);
        // No kms:* anywhere, and no statement lets the administrators encrypt, decrypt or grant.
        expect(JSON.stringify(policy)).not.toContain('kms:*');
        const admin = bySid.KeyAdministration as {
          Action: string[];
          Principal: unknown;
          Condition?: unknown;
        };
        expect(admin?.Principal).toEqual({ AWS: root });
        for (const use of [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:GenerateDataKey',
          'kms:ReEncryptFrom',
          'kms:CreateGrant',
        ])
          expect(admin?.Action).not.toContain(use);
        expect(admin?.Action).toEqual(
          expect.arrayContaining(['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion']),
        );
        expect(bySid.KeyUseThroughLindungServices).toEqual({
          Sid: 'KeyUseThroughLindungServices',
          Effect: 'Allow',
          Principal: { AWS: root },
          Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
          Resource: '*',
          Condition: {
            StringEquals: {
              'kms:CallerAccount': { Ref: 'AWS::AccountId' },
              'kms:ViaService': via(['dynamodb', 's3', 'secretsmanager', 'sqs']),
            },
          },
        });
        expect(bySid.GrantsForDynamoDBTables).toMatchObject({
          Action: 'kms:CreateGrant',
          Condition: {
            Bool: { 'kms:GrantIsForAWSResource': 'true' },
            StringEquals: { 'kms:ViaService': via(['dynamodb']) },
          },
        });
      });
    });

    describe('upload bucket', () => {
      it('is versioned, encrypted with the CMK, blocks public access, logs access to the log bucket', () => {
        resource(synth().stateful.bucket, {
          Type: 'AWS::S3::Bucket',
          DeletionPolicy: 'Retain',
          Properties: {
            VersioningConfiguration: { Status: 'Enabled' },
            BucketEncryption: {
              ServerSideEncryptionConfiguration: [
                {
                  ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn() },
                  BucketKeyEnabled: true,
                },
              ],
            },
            PublicAccessBlockConfiguration: {
              BlockPublicAcls: true,
              BlockPublicPolicy: true,
              IgnorePublicAcls: true,
              RestrictPublicBuckets: true,
            },
            LoggingConfiguration: {
              DestinationBucketName: { Ref: logicalId(synth().stateful.accessLogBucket) },
              LogFilePrefix: 'upload-bucket/',
            },
          },
        });
      });

      it('has no fixed name', () => {
        resource(synth().stateful.bucket, { Properties: { BucketName: Match.absent() } });
      });

      it('expires every prefix after its configured retention (cdk.json lindung:retentionDays), old versions after 7 days', () => {
        const context = cdkJsonContext();
        expect(context['lindung:retentionDays']).toEqual({
          'uploads/': 30,
          'staging/': 456,
          'reports/': 90,
          'outbound/bpjs/': 90,
          'inbound/bpjs/': 90,
        });
        const rules =
          t().toJSON().Resources[logicalId(synth().stateful.bucket)].Properties.LifecycleConfiguration.Rules;
        expect(rules).toEqual([
          { Id: 'expire-uploads', Prefix: 'uploads/', ExpirationInDays: 30, Status: 'Enabled' },
          { Id: 'expire-staging', Prefix: 'staging/', ExpirationInDays: 456, Status: 'Enabled' },
          { Id: 'expire-reports', Prefix: 'reports/', ExpirationInDays: 90, Status: 'Enabled' },
          { Id: 'expire-outbound-bpjs', Prefix: 'outbound/bpjs/', ExpirationInDays: 90, Status: 'Enabled' },
          { Id: 'expire-inbound-bpjs', Prefix: 'inbound/bpjs/', ExpirationInDays: 90, Status: 'Enabled' },
          {
            Id: 'expire-noncurrent-versions',
            NoncurrentVersionExpiration: { NoncurrentDays: 7 },
            ExpiredObjectDeleteMarker: true,
            Status: 'Enabled',
          },
          {
            Id: 'abort-incomplete-multipart-uploads',
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
            Status: 'Enabled',
          },
        ]);
      });

      it('denies every request that does not use TLS', () => {
        const bucketArn = { 'Fn::GetAtt': [logicalId(synth().stateful.bucket), 'Arn'] };
        t().hasResourceProperties('AWS::S3::BucketPolicy', {
          Bucket: { Ref: logicalId(synth().stateful.bucket) },
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({
                Effect: 'Deny',
                Action: 's3:*',
                Principal: { AWS: '*' },
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
                Resource: Match.arrayWith([bucketArn, { 'Fn::Join': ['', [bucketArn, '/*']] }]),
              }),
            ]),
          },
        });
      });

      it('is shared with other stacks through named outputs', () => {
        t().hasOutput('UploadBucketArn', {
          Value: { 'Fn::GetAtt': [logicalId(synth().stateful.bucket), 'Arn'] },
        });
        t().hasOutput('UploadBucketName', { Value: { Ref: logicalId(synth().stateful.bucket) } });
      });
    });

    describe('access log bucket', () => {
      it('is SSE-S3 encrypted (a log target cannot use SSE-KMS), TLS-only, private and retained', () => {
        resource(synth().stateful.accessLogBucket, {
          Type: 'AWS::S3::Bucket',
          DeletionPolicy: 'Retain',
          Properties: {
            BucketEncryption: {
              ServerSideEncryptionConfiguration: [
                { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
              ],
            },
            PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true },
          },
        });
        t().hasResourceProperties('AWS::S3::BucketPolicy', {
          Bucket: { Ref: logicalId(synth().stateful.accessLogBucket) },
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
              Match.objectLike({ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' } }),
            ]),
          },
        });
      });
    });

    describe('NIK HMAC secret', () => {
      it('is generated by Secrets Manager, encrypted with the CMK and retained', () => {
        resource(synth().stateful.nikHmacSecret, {
          Type: 'AWS::SecretsManager::Secret',
          DeletionPolicy: 'Retain',
          Properties: {
            Name: Match.absent(),
            KmsKeyId: keyArn(),
            GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
            SecretString: Match.absent(),
          },
        });
      });
    });

    describe('failed-events queue', () => {
      it('is encrypted with the CMK, keeps messages 14 days (the maximum), is retained and has no fixed name', () => {
        resource(synth().stateful.failedEventsQueue, {
          Type: 'AWS::SQS::Queue',
          DeletionPolicy: 'Retain',
          UpdateReplacePolicy: 'Retain',
          Properties: {
            QueueName: Match.absent(),
            KmsMasterKeyId: keyArn(),
            SqsManagedSseEnabled: Match.absent(),
            MessageRetentionPeriod: 14 * 24 * 3600,
            // It is the dead-letter destination itself (AwsSolutions-SQS3 acknowledged, nag.suite.ts).
            RedrivePolicy: Match.absent(),
          },
        });
      });

      it('denies every request that does not use TLS (enforceSSL), and nothing else', () => {
        const queue = logicalId(synth().stateful.failedEventsQueue);
        const policies = Object.values(t().findResources('AWS::SQS::QueuePolicy')).filter((p) =>
          JSON.stringify(p.Properties.Queues).includes(`"${queue}"`),
        );
        expect(policies).toHaveLength(1);
        expect(policies[0]?.Properties).toEqual({
          Queues: [{ Ref: queue }],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Deny',
                Action: 'sqs:*',
                Principal: { AWS: '*' },
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
                Resource: { 'Fn::GetAtt': [queue, 'Arn'] },
              },
            ],
          },
        });
      });

      it('publishes its URL for operators (FailedEventsQueueUrl)', () => {
        t().hasOutput('FailedEventsQueueUrl', {
          Value: { Ref: logicalId(synth().stateful.failedEventsQueue) },
        });
      });
    });

    describe('dependencies', () => {
      it('the stateful stack depends on nothing; the stateless stack depends on it', () => {
        expect(synth().stateful.dependencies).toEqual([]);
        expect(synth().stateless.dependencies).toContain(synth().stateful);
      });
    });
  });
}
