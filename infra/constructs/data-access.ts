import { Aws, Stack, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import { Construct } from 'constructs';

/*
 * Least-privilege grants for the lindung data, written out instead of the L2 `grant*` helpers because those
 * grant wildcard actions (`s3:GetObject*`, `s3:List*`, `kms:ReEncrypt*`, `kms:GenerateDataKey*`, …) and
 * `<table>/index/*`. Here every action is named, every index ARN is exact, and the customer-managed key may
 * only be used through the service that holds the data (`kms:ViaService`). The only wildcards left are object
 * key prefixes (`uploads/*`), which S3 has no other way to express.
 *
 * All grants go to the principal's policy (same account), never to a resource policy in the stateful stack:
 * that keeps the dependency one-way (stateless → stateful) and avoids cross-stack cycles.
 */

/** The DynamoDB actions lindung's adapters call (src/adapters/dynamo-*.ts); nothing else is ever granted. */
export type DynamoAction = 'GetItem' | 'BatchGetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem';
const WRITES: readonly DynamoAction[] = ['PutItem', 'UpdateItem', 'DeleteItem'];

/** What one function does with one table: the actions its code calls, and the indexes it queries. */
export interface TableAccess {
  readonly actions: readonly DynamoAction[];
  /** Indexes it queries (Query on the table itself is the `Query` action). */
  readonly indexes?: readonly string[];
}

const KMS_DECRYPT = ['kms:Decrypt', 'kms:DescribeKey'];
const KMS_ENCRYPT = ['kms:Encrypt', 'kms:GenerateDataKey'];

/** The functions and the data are in the same (deploy-time) region. */
function viaService(service: string): Record<string, Record<string, unknown>> {
  return { StringEquals: { 'kms:ViaService': `${service}.${Aws.REGION}.amazonaws.com` } };
}

function grantKey(grantee: iam.IGrantable, key: kms.IKey, service: string, actions: string[]): void {
  iam.Grant.addToPrincipal({
    grantee,
    actions,
    resourceArns: [key.keyArn],
    conditions: viaService(service),
  });
}

/**
 * Exactly the DynamoDB actions a function's code calls on a table: item actions on the table, Query on the
 * table (when listed) and on the named indexes only. The key: decrypt for any access, encrypt for writes.
 */
export function grantTable(
  grantee: iam.IGrantable,
  table: dynamodb.ITable,
  access: TableAccess,
  key: kms.IKey,
): void {
  const itemActions = access.actions.filter((a) => a !== 'Query');
  if (itemActions.length > 0)
    iam.Grant.addToPrincipal({
      grantee,
      actions: itemActions.map((a) => `dynamodb:${a}`),
      resourceArns: [table.tableArn],
    });
  const queried = [
    ...(access.actions.includes('Query') ? [table.tableArn] : []),
    ...(access.indexes ?? []).map((name) => `${table.tableArn}/index/${name}`),
  ];
  if (queried.length > 0)
    iam.Grant.addToPrincipal({ grantee, actions: ['dynamodb:Query'], resourceArns: queried });
  grantKey(grantee, key, 'dynamodb', KMS_DECRYPT);
  if (access.actions.some((a) => WRITES.includes(a))) grantKey(grantee, key, 'dynamodb', KMS_ENCRYPT);
}

/**
 * cdk-nag reports every resource containing `*` as an AwsSolutions-IAM5 finding. For the unavoidable ones
 * (object-key prefixes, execution names) the acknowledgement is attached to the grantee's role for exactly that
 * ARN, rendered the way cdk-nag renders it, so it cannot cover any other wildcard.
 */
export function acknowledgeWildcardResource(grantee: iam.IGrantable, arn: string, reason: string): void {
  const principal = grantee.grantPrincipal;
  if (!Construct.isConstruct(principal)) throw new Error('grantee has no role in this app');
  Validations.of(principal).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(principal).resolve(arn))}]`,
    reason,
  });
}

/** ARNs of the objects under each prefix (`uploads/` → `<bucket ARN>/uploads/*`). */
function objectArns(grantee: iam.IGrantable, bucket: s3.IBucket, prefixes: readonly string[]): string[] {
  return prefixes.map((prefix) => {
    if (!/^([a-z0-9-]+\/)+$/.test(prefix))
      throw new Error(`object key prefix must look like 'uploads/': ${prefix}`);
    const arn = bucket.arnForObjects(`${prefix}*`);
    acknowledgeWildcardResource(
      grantee,
      arn,
      `Object-key prefix: access is limited to the objects under ${prefix} in the upload bucket.`,
    );
    return arn;
  });
}

/** GetObject on objects under the prefixes (any version: S3 events name the version they announce). */
export function grantObjectRead(
  grantee: iam.IGrantable,
  bucket: s3.IBucket,
  prefixes: readonly string[],
  key: kms.IKey,
): void {
  iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:GetObject', 's3:GetObjectVersion'],
    resourceArns: objectArns(grantee, bucket, prefixes),
  });
  grantKey(grantee, key, 's3', ['kms:Decrypt']);
}

/** PutObject (including multipart uploads, which need kms:Decrypt to complete) under the prefixes. */
export function grantObjectWrite(
  grantee: iam.IGrantable,
  bucket: s3.IBucket,
  prefixes: readonly string[],
  key: kms.IKey,
): void {
  iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
    resourceArns: objectArns(grantee, bucket, prefixes),
  });
  grantKey(grantee, key, 's3', ['kms:Decrypt', 'kms:GenerateDataKey']);
}

/** DeleteObject under the given key prefixes (e.g. chunks staged for a file that was then rejected). */
export function grantObjectDelete(
  grantee: iam.IGrantable,
  bucket: s3.IBucket,
  prefixes: readonly string[],
): void {
  iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:DeleteObject'],
    resourceArns: objectArns(grantee, bucket, prefixes),
  });
}

/** GetSecretValue on one secret, decrypting through Secrets Manager only. */
export function grantSecretRead(
  grantee: iam.IGrantable,
  secret: secretsmanager.ISecret,
  key: kms.IKey,
): void {
  iam.Grant.addToPrincipal({
    grantee,
    actions: ['secretsmanager:GetSecretValue'],
    resourceArns: [secret.secretArn],
  });
  grantKey(grantee, key, 'secretsmanager', ['kms:Decrypt']);
}

/**
 * The key of a KMS-encrypted queue, for a sender: SQS generates (and, for a cached data key, decrypts) the data
 * key with the sender's credentials, so only through SQS. The SQS actions themselves are granted by whoever
 * sends (for a Lambda destination: SqsDestination).
 */
export function grantQueueKeyForSend(grantee: iam.IGrantable, key: kms.IKey): void {
  grantKey(grantee, key, 'sqs', ['kms:Decrypt', 'kms:GenerateDataKey']);
}

/**
 * SES v2 SendEmail through one identity (its ARN), and only with the given From address (`ses:FromAddress`):
 * a function can neither send as another identity nor as another sender of the same domain. A send that names
 * a configuration set is also authorized against the set's ARN, hence `configurationSetArn` when one is used.
 */
export function grantSendEmail(
  grantee: iam.IGrantable,
  identityArn: string,
  fromAddress: string,
  configurationSetArn?: string,
): void {
  iam.Grant.addToPrincipal({
    grantee,
    actions: ['ses:SendEmail'],
    resourceArns: [identityArn, ...(configurationSetArn ? [configurationSetArn] : [])],
    conditions: { StringEquals: { 'ses:FromAddress': fromAddress } },
  });
}

/** A state machine by ARN, and the ARN pattern of its executions (`…:execution:<name>:*`). */
export interface WorkflowRef {
  readonly stateMachineArn: string;
  readonly executionsArn: string;
}

/**
 * StartExecution on one state machine, and DescribeExecution on its executions: the starters name executions
 * (upload id, `refer-<uploadId>`, …), so a retry finds ExecutionAlreadyExists and looks the run up
 * (src/adapters/sfn-workflow-starter.ts). Execution names are not known in advance, hence the acknowledged
 * wildcard, limited to that state machine's executions.
 */
export function grantStartWorkflow(grantee: iam.IGrantable, workflow: WorkflowRef, what: string): void {
  iam.Grant.addToPrincipal({
    grantee,
    actions: ['states:StartExecution'],
    resourceArns: [workflow.stateMachineArn],
  });
  iam.Grant.addToPrincipal({
    grantee,
    actions: ['states:DescribeExecution'],
    resourceArns: [workflow.executionsArn],
  });
  acknowledgeWildcardResource(
    grantee,
    workflow.executionsArn,
    `Execution names (${what}) are not known in advance: the wildcard covers only the executions of that ` +
      'one state machine, for DescribeExecution after ExecutionAlreadyExists.',
  );
}
