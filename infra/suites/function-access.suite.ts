import { describe, expect, it } from 'vitest';
import type { TABLE_INDEXES } from '../stateful-stack.ts';
import { FUNCTION_NAMES, type FunctionName } from '../stateless-stack.ts';
import { logicalId, permissionsOf, type SynthesizedLindung } from '../test-support.ts';
import {
  ENROLLMENT_ARN,
  ENROLLMENT_NAME,
  PARTITION_REGION_ACCOUNT,
  statelessLookups,
  via,
} from './stack-lookups.ts';

type TableName = keyof typeof TABLE_INDEXES;

/**
 * What each function may touch: the reviewed intent (README "Functions" table), expanded below into the exact
 * IAM actions and resources. Derived from the handlers and the composition root they call (src/composition).
 */
interface Access {
  /** Object-key prefixes read / written. */
  read?: string[];
  write?: string[];
  /** Object-key prefixes deleted from. */
  delete?: string[];
  /**
   * Per table, the DynamoDB actions (`Query` on the table itself) and `Query@<index>` the function's code calls:
   * nothing it does not call (no DeleteItem, BatchWriteItem or ConditionCheckItem "just in case").
   */
  tables?: Partial<Record<TableName, string>>;
  /** The NIK HMAC secret (functions that hash NIKs). */
  secret?: true;
  /** SES sender: quota alerts (LINDUNG_MAIL_FROM) or employer notices (NOTICE_FROM_EMAIL). */
  mail?: 'alerts' | 'notices';
  /** Starts (and looks up) executions of this workflow. */
  starts?: 'enrollment' | 'employerNotification';
  /**
   * Invoked asynchronously by S3: a failed event goes to the failed-events queue (onFailure destination), which
   * Lambda sends with the function's role: the SQS actions SqsDestination grants, and the CMK through SQS.
   */
  failedEvents?: true;
  /** The access table (users, audit, presign records: infra/constructs/identity.ts): actions as in `tables`. */
  accessTable?: string;
  /** Assumes the presigning role (signs presigned upload POSTs as it). */
  presigns?: true;
  /** Invokes these functions (Lambda destinations). */
  invokes?: FunctionName[];
}

/** Reservation, release and promotion (waitlist): the programme ledger and counters, the chunk's workers. */
const PLACES = 'GetItem PutItem UpdateItem';
const RELEASES = 'BatchGetItem GetItem UpdateItem Query@waitlist';
/** The admin/agency API: reads in scope, programme changes, approvals and rejections (infra/dynamo-access.ts). */
const API_TABLES: Access['tables'] = {
  uploads: 'GetItem Query UpdateItem Query@byUploader Query@byMonth',
  workers: 'GetItem BatchGetItem UpdateItem Query@waitlist',
  programmes: 'GetItem PutItem UpdateItem Query',
  employers: 'Query Query@employers',
};
const ACCESS: Record<FunctionName, Access> = {
  // Parses untrusted files: no workers table, no NIK key.
  'validate-upload': {
    read: ['uploads/'],
    write: ['staging/', 'reports/'],
    delete: ['staging/'],
    tables: { uploads: 'GetItem PutItem UpdateItem', programmes: 'GetItem', employers: 'GetItem UpdateItem' },
    starts: 'enrollment',
    accessTable: 'GetItem PutItem', // presign records, registry-import audit events
    // A failed event goes to upload-failed (onFailure destination), which passes it on to the queue.
    invokes: ['upload-failed'],
  },
  'register-workers': {
    read: ['staging/'],
    tables: { uploads: 'GetItem UpdateItem Query', workers: 'GetItem PutItem' },
    secret: true,
  },
  'reserve-quota': {
    read: ['staging/'],
    tables: {
      uploads: 'GetItem UpdateItem Query',
      workers: 'BatchGetItem UpdateItem',
      programmes: PLACES,
    },
    secret: true,
    mail: 'alerts',
  },
  'enroll-workers': {
    read: ['staging/'],
    write: ['outbound/bpjs/'],
    tables: { uploads: 'GetItem PutItem UpdateItem Query', workers: RELEASES, programmes: PLACES },
    secret: true,
    mail: 'alerts',
    starts: 'enrollment',
  },
  'fail-enrollment': {
    read: ['staging/'],
    tables: { uploads: 'GetItem UpdateItem Query', workers: RELEASES, programmes: PLACES },
    secret: true,
    mail: 'alerts',
    starts: 'enrollment',
  },
  'refer-employers': {
    tables: {
      employers: 'GetItem PutItem UpdateItem Query@byName',
      workers: 'BatchGetItem',
      uploads: 'UpdateItem Query',
    },
    starts: 'employerNotification',
  },
  'finalize-upload': { tables: { uploads: 'GetItem Query UpdateItem', programmes: 'GetItem PutItem' } },
  'ingest-bpjs-ack': {
    read: ['inbound/bpjs/', 'staging/'],
    write: ['reports/bpjs-ack/'],
    tables: { uploads: 'GetItem PutItem Query UpdateItem', workers: RELEASES, programmes: PLACES },
    secret: true,
    mail: 'alerts',
    starts: 'enrollment',
    failedEvents: true,
  },
  'plan-employer-notices': {
    tables: { employers: 'GetItem PutItem UpdateItem DeleteItem Query Query@byName Query@outstanding' },
  },
  'notify-employer': {
    tables: { employers: 'GetItem PutItem UpdateItem Query', workers: 'BatchGetItem' },
    mail: 'notices',
  },
  'send-employer-digest': {
    tables: { employers: 'PutItem UpdateItem Query Query@outstanding', workers: 'BatchGetItem' },
    mail: 'notices',
  },
  // validate-upload's onFailure destination: marks the upload FAILED, passes the event on to the queue.
  'upload-failed': { tables: { uploads: 'GetItem PutItem UpdateItem' }, failedEvents: true },
  // Issue #12 (infra/constructs/periodic-reports.ts): counters in; reports/periodic/ and e-mail out.
  'send-periodic-report': {
    read: ['reports/'],
    write: ['reports/periodic/'],
    tables: {
      programmes: 'GetItem PutItem UpdateItem Query',
      uploads: 'Query@byUploader',
      workers: 'Query@waitlist Query@byArea',
      employers: 'Query Query@employers',
    },
    mail: 'alerts',
  },
  'ingest-bpjs-claims': {
    read: ['inbound/bpjs/claims/'],
    write: ['reports/bpjs-claims/'],
    tables: {
      programmes: 'GetItem PutItem UpdateItem',
      workers: 'BatchGetItem',
      uploads: 'GetItem Query',
    },
    secret: true,
    failedEvents: true,
  },
  // The admin/agency API (functions/api): reads in scope, programme changes, approvals, presigned uploads.
  api: {
    read: ['reports/'],
    tables: API_TABLES,
    secret: true,
    starts: 'enrollment',
    accessTable: 'GetItem PutItem Query@byKind',
    presigns: true,
  },
};

/** The functions that send to the failed-events queue (onFailure, or upload-failed's onSuccess too). */
const QUEUE_SENDERS: FunctionName[] = ['ingest-bpjs-ack', 'upload-failed', 'ingest-bpjs-claims'];

/**
 * Per function exactly the IAM permissions of its reviewed access (ACCESS). Assertions on the shared synthesized
 * app (see stacks.test.ts).
 */
export function functionAccessSuite(get: () => SynthesizedLindung): void {
  describe('stateless stack', () => {
    const { synth, t, fn, arns, permissions, employerSm } = statelessLookups(get);

    /** ACCESS[name] as the exact action → resources map `permissionsOf` returns. */
    function expectedPermissions(name: FunctionName): Record<string, string[]> {
      const access = ACCESS[name];
      const a = arns();
      const { mail } = synth().stateless.config;
      const p: Record<string, string[]> = {};
      const add = (actions: string[], resources: string[]) => {
        for (const action of actions) p[action] = [...(p[action] ?? []), ...resources];
      };
      const logGroup = `${logicalId(fn(name).logGroup)}.Arn`;
      add(['logs:CreateLogStream', 'logs:PutLogEvents'], [logGroup]);
      add(['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], ['*']);
      const objects = (prefixes: string[]) => prefixes.map((prefix) => `${a.bucket}/${prefix}*`);
      if (access.read) {
        add(['s3:GetObject', 's3:GetObjectVersion'], objects(access.read));
        add(['kms:Decrypt'], [a.key + via('s3')]);
      }
      if (access.delete) add(['s3:DeleteObject'], objects(access.delete));
      if (access.write) {
        add(['s3:PutObject', 's3:AbortMultipartUpload'], objects(access.write));
        add(['kms:Decrypt', 'kms:GenerateDataKey'], [a.key + via('s3')]);
      }
      let writes = false;
      /** `spec` ("GetItem Query@byName …") on the table `table` (its rendered ARN). */
      const addTable = (table: string, spec: string) => {
        for (const word of spec.split(' ')) {
          const [action, index] = word.split('@');
          add([`dynamodb:${action}`], [index ? `${table}/index/${index}` : table]);
          if (['PutItem', 'UpdateItem', 'DeleteItem'].includes(action ?? '')) writes = true;
        }
      };
      for (const [table, spec] of Object.entries(access.tables ?? {}) as [TableName, string][])
        addTable(a[table], spec);
      if (access.accessTable)
        addTable(`${logicalId(synth().stateful.identity.accessTable)}.Arn`, access.accessTable);
      if (access.tables || access.accessTable)
        add(['kms:Decrypt', 'kms:DescribeKey'], [a.key + via('dynamodb')]);
      if (writes) add(['kms:Encrypt', 'kms:GenerateDataKey'], [a.key + via('dynamodb')]);
      if (access.secret) {
        add(['secretsmanager:GetSecretValue'], [a.secret]);
        add(['kms:Decrypt'], [a.key + via('secretsmanager')]);
      }
      if (access.mail) {
        const from = access.mail === 'alerts' ? mail.alertsFrom : mail.noticesFrom;
        add(
          ['ses:SendEmail'],
          [
            `arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/${mail.identity}` +
              ` if StringEquals ses:FromAddress=${from}`,
          ],
        );
      }
      if (access.starts === 'enrollment') {
        add(['states:StartExecution'], [ENROLLMENT_ARN]);
        add(['states:DescribeExecution'], [`${PARTITION_REGION_ACCOUNT}:execution:${ENROLLMENT_NAME}:*`]);
      }
      if (access.starts === 'employerNotification') {
        add(['states:StartExecution'], [employerSm()]);
        add(['states:DescribeExecution'], [`${PARTITION_REGION_ACCOUNT}:execution:${employerSm()}.Name:*`]);
      }
      if (access.presigns)
        add(['sts:AssumeRole'], [`${logicalId(synth().stateful.identity.presignRole)}.Arn`]);
      if (access.failedEvents) {
        add(['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], [a.failedEvents]);
        add(['kms:Decrypt', 'kms:GenerateDataKey'], [a.key + via('sqs')]);
      }
      for (const target of access.invokes ?? []) {
        const arn = `${logicalId(fn(target).function)}.Arn`;
        add(['lambda:InvokeFunction'], [arn]);
      }
      for (const [action, list] of Object.entries(p)) p[action] = [...new Set(list)].sort();
      return p;
    }

    describe('IAM least privilege', () => {
      it.each(FUNCTION_NAMES)('%s: exactly the permissions of its reviewed access', (name) => {
        expect(permissions(name)).toEqual(expectedPermissions(name));
      });

      it('sends mail only as the configured senders, through the configured identity', () => {
        const senders = FUNCTION_NAMES.filter((name) => permissions(name)['ses:SendEmail']);
        expect(senders.sort()).toEqual(
          [
            'enroll-workers',
            'fail-enrollment',
            'ingest-bpjs-ack',
            'notify-employer',
            'reserve-quota',
            'send-employer-digest',
            'send-periodic-report',
          ].sort(),
        );
      });

      it('only the S3-triggered functions may send to the failed-events queue or use the key through SQS', () => {
        const queueArn = arns().failedEvents;
        const senders = Object.keys(t().findResources('AWS::IAM::Role')).filter((role) =>
          Object.entries(permissionsOf(synth(), t(), role)).some(
            ([action, resources]) =>
              (action.startsWith('sqs:') && resources.includes(queueArn)) ||
              (action.startsWith('kms:') && resources.some((r) => r.endsWith(via('sqs')))),
          ),
        );
        expect(senders.sort()).toEqual(QUEUE_SENDERS.map((name) => logicalId(fn(name).role)).sort());
      });

      it('grants "*" only for X-Ray and log delivery, other wildcards only for object-key prefixes and executions', () => {
        const resourceStar =
          /^(xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets)|logs:(CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups))$/;
        // Object-key prefixes, and the executions of the two state machines (names not known in advance).
        const ALLOWED_WILDCARD_RESOURCE = new RegExp(
          String.raw`\.Arn\/(uploads|staging|reports|reports\/bpjs-ack|reports\/bpjs-claims|reports\/periodic|outbound\/bpjs|inbound\/bpjs|inbound\/bpjs\/claims)\/\*$` +
            String.raw`|:execution:(${ENROLLMENT_NAME}|EmployerNotificationStateMachine\w+\.Name):\*$` +
            // The report schedules' LambdaInvoke target: the report function's versions and aliases.
            String.raw`|^SendPeriodicReportFunction\w+\.Arn:\*$`,
        );
        // Not CDK's own dashboard copier (BucketDeployment, deployment time only; acknowledged in the nag suite).
        const roles = Object.keys(t().findResources('AWS::IAM::Role')).filter(
          (r) => !r.startsWith('CustomCDKBucketDeployment'),
        );
        let checked = 0;
        for (const role of roles) {
          for (const [action, resources] of Object.entries(permissionsOf(synth(), t(), role))) {
            expect(action, `${role}: action wildcard`).not.toContain('*');
            for (const resource of resources) {
              if (resource === '*') expect(action, `${role}: ${action} on *`).toMatch(resourceStar);
              else if (resource.includes('*')) expect(resource, role).toMatch(ALLOWED_WILDCARD_RESOURCE);
              checked++;
            }
          }
        }
        expect(checked).toBeGreaterThan(0);
      });
    });
  });
}
