import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { WAITLIST_ATTRIBUTES } from '../src/workers/model.ts';
import { LindungIdentity } from './constructs/identity.ts';
import { keyAdminRoleArn, RETENTION_PREFIXES, type Retention, retentionSettings } from './safeguards.ts';

/** Global secondary indexes per table: the stateless stack grants queries on exactly these index ARNs. */
export const TABLE_INDEXES = {
  uploads: ['byUploader', 'byMonth'],
  workers: ['byArea', 'waitlist'],
  programmes: [],
  employers: ['byName', 'employers', 'outstanding', 'byWorker'],
} as const satisfies Record<string, readonly string[]>;

/** Key administration, never use: no encrypting, decrypting or granting (CDK's default is kms:* to the account). */
export const KEY_ADMIN_ACTIONS = [
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:PutKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:EnableKeyRotation',
  'kms:DisableKeyRotation',
  'kms:RotateKeyOnDemand',
  'kms:ListKeyRotations',
  'kms:EnableKey',
  'kms:DisableKey',
  'kms:UpdateKeyDescription',
  'kms:ListResourceTags',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ListGrants',
  'kms:RevokeGrant',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
];
/** Key use: only through the services that hold lindung's data, and only as IAM policies of this account allow. */
export const KEY_USE_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'];
export const KEY_SERVICES = ['dynamodb', 's3', 'secretsmanager', 'sqs'] as const;

/**
 * One lifecycle rule per prefix, expiring its objects after the configured days (README "Retention"); previous
 * versions after `noncurrentVersionDays`, and the delete markers left behind; unfinished multipart uploads.
 */
export function lifecycleRules(retention: Retention): s3.LifecycleRule[] {
  return [
    ...RETENTION_PREFIXES.map((prefix) => ({
      id: `expire-${prefix.replace(/\/$/, '').replace('/', '-')}`,
      prefix,
      expiration: Duration.days(retention.days[prefix]),
    })),
    {
      id: 'expire-noncurrent-versions',
      noncurrentVersionExpiration: Duration.days(retention.noncurrentVersionDays),
      expiredObjectDeleteMarker: true,
    },
    { id: 'abort-incomplete-multipart-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
  ];
}

/** How another stack refers to the upload bucket: values of named outputs of the stateful stack. */
export interface UploadBucketRef {
  readonly bucketArn: string;
  readonly bucketName: string;
}

/** What the stateless stack needs from the stateful one. */
export interface LindungData {
  readonly key: kms.IKey;
  readonly uploadBucket: UploadBucketRef;
  readonly uploadsTable: dynamodb.ITable;
  readonly workersTable: dynamodb.ITable;
  readonly programmesTable: dynamodb.ITable;
  readonly employersTable: dynamodb.ITable;
  readonly nikHmacSecret: secretsmanager.ISecret;
  /** Failed asynchronous invocations (S3 events) of the S3-triggered functions: the Lambda onFailure destination. */
  readonly failedEventsQueue: sqs.IQueue;
  /** User pool, access table, presigning and BPJS exchange roles (infra/constructs/identity.ts). */
  readonly identity: LindungIdentity;
}

const S = dynamodb.AttributeType.STRING;

/**
 * Everything that holds data and must outlive a deployment: the customer-managed key, the upload bucket
 * (with its access-log bucket), the DynamoDB tables and the NIK HMAC secret. All of it is retained on
 * stack deletion, and nothing has a fixed physical name.
 */
export class StatefulStack extends Stack implements LindungData {
  readonly key: kms.Key;
  readonly accessLogBucket: s3.Bucket;
  readonly bucket: s3.Bucket;
  /** For other stacks only (a stack cannot read its own outputs). */
  readonly uploadBucket: UploadBucketRef;
  readonly uploadsTable: dynamodb.Table;
  readonly workersTable: dynamodb.Table;
  readonly programmesTable: dynamodb.Table;
  readonly employersTable: dynamodb.Table;
  readonly nikHmacSecret: secretsmanager.Secret;
  readonly failedEventsQueue: sqs.Queue;
  readonly identity: LindungIdentity;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.key = new kms.Key(this, 'DataKey', {
      description:
        'lindung: encrypts worker personal data at rest (upload bucket, tables, NIK HMAC secret, failed-events queue)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    (this.key.node.defaultChild as kms.CfnKey).keyPolicy = this.dataKeyPolicy();
    const retention = retentionSettings(this);

    // Server access logs cannot be delivered to an SSE-KMS bucket, hence SSE-S3 here.
    this.accessLogBucket = new s3.Bucket(this, 'AccessLogBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          expiration: Duration.days(365),
          noncurrentVersionExpiration: Duration.days(30),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the server access log destination of the upload bucket; logging it to itself would loop and to ' +
        'another bucket would only move the finding. Access to it is audited by CloudTrail.',
    });

    this.bucket = new s3.Bucket(this, 'UploadBucket', {
      versioned: true,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      // One data key per bucket instead of one KMS call per object: staging writes many small chunks.
      bucketKeyEnabled: true,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'upload-bucket/',
      lifecycleRules: lifecycleRules(retention),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Other stacks read the bucket through outputs with fixed names rather than CDK's generated
    // cross-stack outputs (`PublishOutputFnGetAttUploadBucket<hash>…`): the object-prefix ARNs built from them
    // (`…/uploads/*`) appear verbatim in the cdk-nag acknowledgements, which must not depend on a hash.
    new CfnOutput(this, 'UploadBucketArn', {
      value: this.bucket.bucketArn,
      description: 'Upload bucket ARN',
    });
    new CfnOutput(this, 'UploadBucketName', {
      value: this.bucket.bucketName,
      description: 'Upload bucket name',
    });
    this.uploadBucket = {
      bucketArn: Fn.getStackOutput(this.stackName, 'UploadBucketArn'),
      bucketName: Fn.getStackOutput(this.stackName, 'UploadBucketName'),
    };

    const tableDefaults = {
      partitionKey: { name: 'pk', type: S },
      sortKey: { name: 'sk', type: S },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    } satisfies dynamodb.TableProps;

    // pk UPLOAD#<uploadId>; sk META (the upload) | CHUNK#<n> (outcome counts per staged chunk).
    // byUploader: gsi1pk desa#<code> | agency#<id>, gsi1sk <createdAt ISO>#<uploadId> (query newest first).
    // byMonth: gsi2pk MONTH#<YYYY-MM of createdAt>, same sort key: every upload, newest first (the admin's list).
    this.uploadsTable = new dynamodb.Table(this, 'UploadsTable', {
      ...tableDefaults,
      timeToLiveAttribute: 'expiresAt',
    });
    this.uploadsTable.addGlobalSecondaryIndex({
      indexName: 'byUploader',
      partitionKey: { name: 'gsi1pk', type: S },
      sortKey: { name: 'gsi1sk', type: S },
    });
    this.uploadsTable.addGlobalSecondaryIndex({
      indexName: 'byMonth',
      partitionKey: { name: 'gsi2pk', type: S },
      sortKey: { name: 'gsi1sk', type: S },
    });

    // README "Table design". pk NIK#<hmac of NIK> (never the NIK itself); sk PROFILE (compact history on it).
    this.workersTable = new dynamodb.Table(this, 'WorkersTable', tableDefaults);
    // No index by upload: an upload's workers are listed by its staged chunks and their records (README).
    // Sparse: only waitlisted profiles carry waitlistPk/waitlistSk (first-come order; promotion takes the head).
    this.workersTable.addGlobalSecondaryIndex({
      indexName: 'waitlist',
      partitionKey: { name: 'waitlistPk', type: S },
      sortKey: { name: 'waitlistSk', type: S },
      projectionType: dynamodb.ProjectionType.INCLUDE,
      nonKeyAttributes: WAITLIST_ATTRIBUTES,
    });
    // Sparse: only FAILED profiles carry areaPk (kecamatan) / areaSk (FAILED#<desa>#<hmac>): failure reasons by
    // kecamatan for the reports; counts by area and status are the coverage counters, not this index.
    this.workersTable.addGlobalSecondaryIndex({
      indexName: 'byArea',
      partitionKey: { name: 'areaPk', type: S },
      sortKey: { name: 'areaSk', type: S },
      projectionType: dynamodb.ProjectionType.INCLUDE,
      nonKeyAttributes: ['reason'],
    });
    // No index by KPJ: claim files match KPJs through the BPJS answers (uploads table, pk ANSWERS#<regency>).

    // pk PROGRAMME#<regency>#<year>; sk META (quota, counters) | RESERVATION#… (ledgers); pk COVERAGE#<regency>#<year>
    // (coverage counters: sk UPLOAD#<id> | DAY#<date>#<id>).
    this.programmesTable = new dynamodb.Table(this, 'ProgrammesTable', tableDefaults);

    // Employer notification (src/employers/README.md, local/tables.ts). pk EMPLOYER#<nib:… | name:…> | DIGEST;
    // sk META | REFERRAL#<hmac of NIK> | CONTACT#<at>#<runId> | STATE | DIGEST#<at>#<runId>. Only masked NIKs.
    this.employersTable = new dynamodb.Table(this, 'EmployersTable', tableDefaults);
    const employerIndexes: [name: string, partitionKey: string][] = [
      ['byName', 'nameKey'], // registry employers by normalised name (matching a listed employer)
      ['employers', 'listPk'], // every employer (listPk = EMPLOYER), for the CLI
      ['outstanding', 'outstandingPk'], // sparse: employers with workers not registered yet (scheduled run)
      ['byWorker', 'nikHash'], // a worker's referrals (mark-registered)
    ];
    for (const [indexName, partitionKey] of employerIndexes) {
      this.employersTable.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: partitionKey, type: S },
        sortKey: { name: 'pk', type: S },
      });
    }

    // The key of the keyed hash in every worker key (NIK#<hmac>). Generated by Secrets Manager, never typed.
    this.identity = new LindungIdentity(this, 'Identity', {
      bucket: this.bucket,
      key: this.key,
      tableDefaults,
    });

    this.nikHmacSecret = new secretsmanager.Secret(this, 'NikHmacSecret', {
      description: 'lindung: HMAC key for NIK-derived table keys',
      encryptionKey: this.key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.nikHmacSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Every WorkersTable key is NIK#<HMAC(key, NIK)>; rotating the key would orphan every stored worker and ' +
        'break deduplication. Rotation needs a re-keying migration of the table and is a deliberate, manual operation.',
    });

    // Where Lambda puts an S3 event that validate-upload or ingest-bpjs-ack could not process after its retries
    // (onFailure destination, configured by the stateless stack): without it the event, and with it the
    // upload's workers, would be dropped silently. A message is the invocation record: the S3 event (bucket,
    // key, version), the error and the attempt count. It carries object keys, hence the CMK; it is data an
    // operator must act on, hence here (retained) and not in the replaceable stateless stack.
    this.failedEventsQueue = new sqs.Queue(this, 'FailedEventsQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      // SQS's maximum: two weeks to notice the alarm, look at the message and re-drive the upload.
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // For operators reading and deleting failed events (aws sqs receive-message --queue-url …).
    new CfnOutput(this, 'FailedEventsQueueUrl', {
      value: this.failedEventsQueue.queueUrl,
      description: 'Failed S3 events of validate-upload and ingest-bpjs-ack (re-drive, then delete)',
    });
    Validations.of(this.failedEventsQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter destination: Lambda sends the S3 events that failed all their ' +
        'asynchronous retries here (onFailure). Nothing consumes it automatically, so no receive count can ' +
        'exceed a redrive limit; messages stay for 14 days, an alarm fires on the first one, and an operator ' +
        're-drives the upload and deletes the message.',
    });
  }

  /**
   * Administration and use of the data key apart: the administrators (lindung:keyAdminRoleArn, or the account
   * through IAM) may manage the key but not encrypt, decrypt or create grants; principals of this account may
   * use it only through DynamoDB, S3, Secrets Manager and SQS, as their IAM policies allow (infra/constructs/
   * data-access.ts); and only DynamoDB may create grants, for the tables.
   */
  private dataKeyPolicy(): iam.PolicyDocument {
    const account = new iam.AccountRootPrincipal();
    const adminRole = keyAdminRoleArn(this);
    const through = (services: readonly string[]) => ({
      'kms:CallerAccount': this.account,
      'kms:ViaService': services.map((service) => `${service}.${this.region}.amazonaws.com`),
    });
    return new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'KeyAdministration',
          principals: [adminRole ? new iam.ArnPrincipal(adminRole) : account],
          actions: KEY_ADMIN_ACTIONS,
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'KeyUseThroughLindungServices',
          principals: [account],
          actions: KEY_USE_ACTIONS,
          resources: ['*'],
          conditions: { StringEquals: through(KEY_SERVICES) },
        }),
        new iam.PolicyStatement({
          sid: 'GrantsForDynamoDBTables',
          principals: [account],
          actions: ['kms:CreateGrant'],
          resources: ['*'],
          conditions: { StringEquals: through(['dynamodb']), Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        }),
      ],
    });
  }
}
