import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRegionDirectory } from '../../src/validation/regions.ts';
import {
  AREA_DATA_BUNDLE_DIR,
  AREA_DATA_FILES,
  type LindungFunction,
  REPO_ROOT,
} from '../constructs/lindung-function.ts';
import { REPORT_ASSETS_DIR } from '../constructs/periodic-reports.ts';
import type { TABLE_INDEXES } from '../stateful-stack.ts';
import {
  EMPLOYER_NOTIFICATION_TASKS,
  ENROLLMENT_TASKS,
  FUNCTION_NAMES,
  type FunctionName,
} from '../stateless-stack.ts';
import {
  logicalId,
  permissionsOf,
  referenceCycles,
  renderIn,
  type SynthesizedLindung,
} from '../test-support.ts';

type TableName = keyof typeof TABLE_INDEXES;

/**
 * What each function may touch: the reviewed intent (README "Functions" table), expanded below into the exact
 * IAM actions and resources. Derived from the handlers and their composition modules (functions/shared,
 * functions/employers-shared).
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
  workers: 'GetItem BatchGetItem UpdateItem Query@byUpload Query@waitlist',
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
    tables: { uploads: 'GetItem PutItem UpdateItem', workers: 'GetItem PutItem' },
    secret: true,
  },
  'reserve-quota': {
    read: ['staging/'],
    tables: { uploads: 'GetItem PutItem UpdateItem', workers: 'BatchGetItem UpdateItem', programmes: PLACES },
    secret: true,
    mail: 'alerts',
  },
  'enroll-workers': {
    read: ['staging/'],
    write: ['outbound/bpjs/'],
    tables: { uploads: 'GetItem PutItem UpdateItem', workers: RELEASES, programmes: PLACES },
    secret: true,
    mail: 'alerts',
    starts: 'enrollment',
  },
  'fail-enrollment': {
    read: ['staging/'],
    tables: { uploads: 'GetItem UpdateItem', workers: RELEASES, programmes: PLACES },
    secret: true,
    mail: 'alerts',
    starts: 'enrollment',
  },
  'refer-employers': {
    tables: {
      employers: 'GetItem PutItem UpdateItem Query@byName',
      workers: 'BatchGetItem Query@byUpload',
      uploads: 'UpdateItem',
    },
    starts: 'employerNotification',
  },
  'finalize-upload': { tables: { uploads: 'GetItem Query UpdateItem', programmes: 'GetItem PutItem' } },
  'ingest-bpjs-ack': {
    read: ['inbound/bpjs/', 'staging/'],
    write: ['reports/bpjs-ack/'],
    tables: { uploads: 'GetItem Query UpdateItem', workers: RELEASES, programmes: PLACES },
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
    tables: { programmes: 'GetItem PutItem UpdateItem', workers: 'GetItem Query@byKpj' },
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

/**
 * The functions S3 invokes asynchronously (event notifications); every other one is a workflow task.
 * ingest-bpjs-claims is invoked asynchronously too, by the bucket's EventBridge rule (periodic-reports.ts).
 */
const S3_TRIGGERED: FunctionName[] = ['validate-upload', 'ingest-bpjs-ack', 'ingest-bpjs-claims'];
/** The functions that send to the failed-events queue (onFailure, or upload-failed's onSuccess too). */
const QUEUE_SENDERS: FunctionName[] = ['ingest-bpjs-ack', 'upload-failed', 'ingest-bpjs-claims'];

/** Functions that read idn-area-data at run time (loadRegionDirectory). */
const AREA_DATA: FunctionName[] = [
  'validate-upload',
  'refer-employers',
  'plan-employer-notices',
  'send-periodic-report',
  'api',
];

const PARTITION_REGION_ACCOUNT = 'arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>';
const ENROLLMENT_NAME = 'LindungStateless-enrollment';
const ENROLLMENT_ARN = `${PARTITION_REGION_ACCOUNT}:stateMachine:${ENROLLMENT_NAME}`;

/** Assertions on the shared synthesized app (see stacks.test.ts). */
export function statelessStackSuite(get: () => SynthesizedLindung): void {
  describe('stateless stack', () => {
    let synth: SynthesizedLindung;
    let t: Template;

    beforeAll(() => {
      synth = get();
      t = synth.statelessTemplate;
    });

    const fn = (name: FunctionName): LindungFunction => synth.stateless.functions[name];
    const functionResource = (name: FunctionName) => t.toJSON().Resources[logicalId(fn(name).function)];
    const resource = (construct: Parameters<typeof logicalId>[0], expected: Record<string, unknown>) =>
      t.templateMatches({ Resources: { [logicalId(construct)]: expected } });
    const assetDir = (name: FunctionName) => {
      // The staged asset directory is asset.<hash>, the same hash as the S3 key of the function code.
      const hash = String(functionResource(name).Properties.Code.S3Key).replace(/\.zip$/, '');
      return path.join(synth.assembly.directory, `asset.${hash}`);
    };

    /** Rendered ARNs of the stateful resources, as `render` prints them. */
    const arns = () => {
      const { stateful } = synth;
      return {
        bucket: `${logicalId(stateful.bucket)}.Arn`,
        key: `${logicalId(stateful.key)}.Arn`,
        uploads: `${logicalId(stateful.uploadsTable)}.Arn`,
        workers: `${logicalId(stateful.workersTable)}.Arn`,
        programmes: `${logicalId(stateful.programmesTable)}.Arn`,
        employers: `${logicalId(stateful.employersTable)}.Arn`,
        secret: logicalId(stateful.nikHmacSecret),
        failedEvents: `${logicalId(stateful.failedEventsQueue)}.Arn`,
      };
    };
    const via = (service: string) => ` if StringEquals kms:ViaService=${service}.<AWS::Region>.amazonaws.com`;
    const permissions = (name: FunctionName) => permissionsOf(synth, t, logicalId(fn(name).role));
    const employerSm = () => logicalId(synth.stateless.employerNotificationStateMachine);

    /** ACCESS[name] as the exact action → resources map `permissionsOf` returns. */
    function expectedPermissions(name: FunctionName): Record<string, string[]> {
      const access = ACCESS[name];
      const a = arns();
      const { mail } = synth.stateless.config;
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
      for (const [table, spec] of Object.entries(access.tables ?? {}) as [TableName, string][]) {
        const words = spec.split(' ');
        for (const word of words) {
          const [action, index] = word.split('@');
          add([`dynamodb:${action}`], [index ? `${a[table]}/index/${index}` : a[table]]);
          if (['PutItem', 'UpdateItem', 'DeleteItem'].includes(action ?? '')) writes = true;
        }
      }
      if (access.accessTable) {
        const table = `${logicalId(synth.stateful.identity.accessTable)}.Arn`;
        for (const word of access.accessTable.split(' ')) {
          const [action, index] = word.split('@');
          add([`dynamodb:${action}`], [index ? `${table}/index/${index}` : table]);
          if (['PutItem', 'UpdateItem', 'DeleteItem'].includes(action ?? '')) writes = true;
        }
      }
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
      if (access.presigns) add(['sts:AssumeRole'], [`${logicalId(synth.stateful.identity.presignRole)}.Arn`]);
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

    describe('functions', () => {
      it('every functions/<name>/handler.ts is a Lambda function of this stack, and nothing else is', () => {
        const dir = path.join(REPO_ROOT, 'functions');
        const folders = readdirSync(dir, { withFileTypes: true })
          .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'handler.ts')))
          .map((d) => d.name)
          .sort();
        expect(folders).toEqual([...FUNCTION_NAMES].sort());
        expect(Object.keys(synth.stateless.functions).sort()).toEqual(folders);
        // In the template too: one lindung function per folder, by its Powertools service name.
        const services = Object.values(t.findResources('AWS::Lambda::Function'))
          .map((r) => r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME)
          .filter((s): s is string => typeof s === 'string')
          .sort();
        expect(services).toEqual(folders);
      });

      it.each(FUNCTION_NAMES)(
        '%s: arm64, nodejs22.x, active tracing, source maps, Powertools, its own log group and role',
        (name) => {
          const f = fn(name);
          resource(f.function, {
            Type: 'AWS::Lambda::Function',
            Properties: {
              FunctionName: Match.absent(),
              Architectures: ['arm64'],
              Runtime: 'nodejs22.x',
              TracingConfig: { Mode: 'Active' },
              Handler: 'index.handler',
              Role: { 'Fn::GetAtt': [logicalId(f.role), 'Arn'] },
              LoggingConfig: { LogGroup: { Ref: logicalId(f.logGroup) } },
              Environment: {
                Variables: {
                  NODE_OPTIONS: '--enable-source-maps',
                  POWERTOOLS_SERVICE_NAME: name,
                  POWERTOOLS_METRICS_NAMESPACE: 'lindung',
                  POWERTOOLS_LOG_LEVEL: 'INFO',
                },
              },
            },
          });
          resource(f.logGroup, {
            Type: 'AWS::Logs::LogGroup',
            Properties: { RetentionInDays: 30, LogGroupName: Match.absent() },
          });
          // No AWS managed policy (AWSLambdaBasicExecutionRole would allow logs:* on every log group).
          resource(f.role, { Type: 'AWS::IAM::Role', Properties: { ManagedPolicyArns: Match.absent() } });
        },
      );

      it.each(FUNCTION_NAMES)(
        '%s: bundled by esbuild from its handler.ts as minified ESM with a source map',
        (name) => {
          const dir = assetDir(name);
          const expected = [
            ...(AREA_DATA.includes(name) ? [AREA_DATA_BUNDLE_DIR] : []),
            'index.mjs',
            'index.mjs.map',
            ...(name === 'send-periodic-report' ? [REPORT_ASSETS_DIR] : []),
          ].sort();
          expect(readdirSync(dir).sort()).toEqual(expected);
          const bundle = readFileSync(path.join(dir, 'index.mjs'), 'utf8');
          expect(
            bundle.startsWith("import { createRequire as __lindungCreateRequire } from 'node:module';"),
          ).toBe(true);
          expect(bundle).toMatch(/export\s*\{[^}]*\bas handler\b|export\s*\{[^}]*\bhandler\b/);
        },
      );

      it.each(AREA_DATA)(
        '%s: ships the idn-area-data CSVs and their ODbL licence, and finds them through LINDUNG_AREA_DATA_DIR',
        async (name) => {
          const data = path.join(assetDir(name), AREA_DATA_BUNDLE_DIR);
          expect(readdirSync(data).sort()).toEqual([...AREA_DATA_FILES].sort());
          expect(functionResource(name).Properties.Environment.Variables.LINDUNG_AREA_DATA_DIR).toBe(
            `/var/task/${AREA_DATA_BUNDLE_DIR}`,
          );
          // What the handler does at run time, on the bundled copy: Kutai Timur's 18 kecamatan, 141 villages.
          const regions = await loadRegionDirectory('6408', { dataDir: data });
          expect(regions.listKecamatan()).toHaveLength(18);
          expect(regions.listDesa()).toHaveLength(141);
          expect(regions.desaByCode('6408042001')?.kecamatan).toBe('640804');
        },
      );

      it('sizes: validate-upload 2048 MB / 15 min / 2 GiB /tmp, ingest-bpjs-ack 1024 MB / 15 min, tasks 1024 MB / 5 min', () => {
        expect(functionResource('validate-upload').Properties).toMatchObject({
          MemorySize: 2048,
          Timeout: 900,
          EphemeralStorage: { Size: 2048 },
        });
        expect(functionResource('ingest-bpjs-ack').Properties).toMatchObject({
          MemorySize: 1024,
          Timeout: 900,
        });
        // Workflow tasks: the Lambda timeout equals the Task's TimeoutSeconds (300) in both ASL files.
        const tasks = [...Object.values(ENROLLMENT_TASKS), ...Object.values(EMPLOYER_NOTIFICATION_TASKS)];
        for (const name of tasks) {
          expect(functionResource(name).Properties).toMatchObject({ MemorySize: 1024, Timeout: 300 });
        }
        for (const name of FUNCTION_NAMES.filter((n) => n !== 'validate-upload')) {
          expect(functionResource(name).Properties.EphemeralStorage).toBeUndefined();
        }
      });
    });

    describe('environment', () => {
      /** Every variable a function gets, rendered, without the house construct's Powertools/Node ones. */
      const environment = (name: FunctionName): Record<string, string> => {
        const vars = functionResource(name).Properties.Environment.Variables as Record<string, unknown>;
        const own = [
          'NODE_OPTIONS',
          'POWERTOOLS_SERVICE_NAME',
          'POWERTOOLS_METRICS_NAMESPACE',
          'POWERTOOLS_LOG_LEVEL',
        ];
        return Object.fromEntries(
          Object.entries(vars)
            .filter(([k]) => !own.includes(k))
            .map(([k, v]) => [k, renderIn(synth, v)]),
        );
      };

      it.each(FUNCTION_NAMES)(
        '%s: exactly the variables its composition reads (no hard-coded names)',
        (name) => {
          const { stateful, stateless } = synth;
          const { mail } = stateless.config;
          const registry = {
            BUCKET_NAME: logicalId(stateful.bucket),
            UPLOADS_TABLE: logicalId(stateful.uploadsTable),
            WORKERS_TABLE: logicalId(stateful.workersTable),
            PROGRAMMES_TABLE: logicalId(stateful.programmesTable),
            NIK_HMAC_SECRET_ARN: logicalId(stateful.nikHmacSecret),
          };
          const employers = {
            EMPLOYERS_TABLE: logicalId(stateful.employersTable),
            WORKERS_TABLE: logicalId(stateful.workersTable),
          };
          const areaData = { LINDUNG_AREA_DATA_DIR: '/var/task/idn-area-data' };
          const alerts = { LINDUNG_MAIL_FROM: mail.alertsFrom };
          const notices = { NOTICE_FROM_EMAIL: mail.noticesFrom, LINDUNG_TIME_ZONE: 'Asia/Makassar' };
          const bpjs = { LINDUNG_BPJS_GATEWAY: 'file-exchange' };
          // By reference where the state machine does not invoke the function, by name where it does.
          const enrollmentRef = { ENROLLMENT_STATE_MACHINE_ARN: logicalId(stateless.enrollmentStateMachine) };
          const enrollmentByName = { ENROLLMENT_STATE_MACHINE_ARN: ENROLLMENT_ARN };
          const { NIK_HMAC_SECRET_ARN: _, ...names } = registry;
          const expected: Record<FunctionName, Record<string, string>> = {
            // A table name grants nothing; the validator hashes no NIK, so no secret ARN.
            'validate-upload': {
              ...names,
              ...enrollmentRef,
              EMPLOYERS_TABLE: logicalId(stateful.employersTable),
              ...areaData,
              ACCESS_TABLE: logicalId(stateful.identity.accessTable),
            },
            'register-workers': registry,
            'reserve-quota': { ...registry, ...alerts },
            'enroll-workers': { ...registry, ...alerts, ...bpjs, ...enrollmentByName },
            'fail-enrollment': { ...registry, ...alerts, ...bpjs, ...enrollmentByName },
            'refer-employers': {
              ...employers,
              ...areaData,
              UPLOADS_TABLE: logicalId(stateful.uploadsTable),
              EMPLOYER_NOTIFICATION_STATE_MACHINE_ARN: employerSm(),
            },
            'finalize-upload': names,
            'ingest-bpjs-ack': { ...registry, ...alerts, ...bpjs, ...enrollmentRef },
            'plan-employer-notices': { ...employers, ...areaData },
            'notify-employer': { ...employers, ...notices },
            'send-employer-digest': { ...employers, ...notices },
            'send-periodic-report': {
              ...names,
              EMPLOYERS_TABLE: logicalId(stateful.employersTable),
              ...alerts,
              ...areaData,
              LINDUNG_REPORT_ASSETS_DIR: '/var/task/report-assets',
            },
            'ingest-bpjs-claims': registry,
            api: {
              ...registry,
              ...areaData,
              ...enrollmentByName,
              ACCESS_TABLE: logicalId(stateful.identity.accessTable),
              EMPLOYERS_TABLE: logicalId(stateful.employersTable),
              PRESIGN_ROLE_ARN: `${logicalId(stateful.identity.presignRole)}.Arn`,
              ALLOWED_ORIGINS: '*',
            },
            'upload-failed': names,
          };
          expect(environment(name)).toEqual(expected[name]);
        },
      );

      it('the enrollment ARN built from the name is the ARN of the enrollment state machine', () => {
        // A Ref to AWS::StepFunctions::StateMachine is its ARN; the name is fixed, so both denote one machine.
        resource(synth.stateless.enrollmentStateMachine, {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: { StateMachineName: ENROLLMENT_NAME },
        });
        expect(environment('enroll-workers').ENROLLMENT_STATE_MACHINE_ARN).toBe(ENROLLMENT_ARN);
      });

      it('the regency, its time zone and mail settings come from the default regency file (config/kutai-timur.json)', () => {
        expect(synth.stateless.config.regency.regency.code).toBe('6408');
        expect(synth.stateless.config.timeZone).toBe('Asia/Makassar');
        expect(synth.stateless.config).toMatchObject({
          mail: {
            identity: 'kutaitimurkab.go.id',
            alertsFrom: 'lindung-noreply@kutaitimurkab.go.id',
            noticesFrom: 'lindung@kutaitimurkab.go.id',
          },
          bpjsGateway: 'file-exchange',
        });
      });
    });

    describe('S3 notifications', () => {
      it('sends ObjectCreated under uploads/ to the validator and under inbound/bpjs/ to ingest-bpjs-ack', () => {
        const configuration = (prefix: string, name: FunctionName) => ({
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: prefix }] } },
          LambdaFunctionArn: { 'Fn::GetAtt': [logicalId(fn(name).function), 'Arn'] },
        });
        t.hasResourceProperties('Custom::S3BucketNotifications', {
          BucketName: {
            'Fn::GetStackOutput': { StackName: synth.stateful.stackName, OutputName: 'UploadBucketName' },
          },
          Managed: false,
          NotificationConfiguration: {
            LambdaFunctionConfigurations: [
              configuration('uploads/', 'validate-upload'),
              configuration('inbound/bpjs/', 'ingest-bpjs-ack'),
            ],
          },
        });
      });

      it.each(['validate-upload', 'ingest-bpjs-ack'] as const)(
        'lets only S3, for the upload bucket in this account, invoke %s',
        (name) => {
          t.hasResourceProperties('AWS::Lambda::Permission', {
            Action: 'lambda:InvokeFunction',
            FunctionName: { 'Fn::GetAtt': [logicalId(fn(name).function), 'Arn'] },
            Principal: 's3.amazonaws.com',
            SourceAccount: { Ref: 'AWS::AccountId' },
            SourceArn: {
              'Fn::GetStackOutput': { StackName: synth.stateful.stackName, OutputName: 'UploadBucketArn' },
            },
          });
        },
      );

      it('keeps the stateful stack free of notification resources (no cross-stack cycle)', () => {
        expect(synth.statefulTemplate.findResources('Custom::S3BucketNotifications')).toEqual({});
        expect(synth.stateful.bucket.node.tryFindChild('Notifications')).toBeUndefined();
      });
    });

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
        const senders = Object.keys(t.findResources('AWS::IAM::Role')).filter((role) =>
          Object.entries(permissionsOf(synth, t, role)).some(
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
        const roles = Object.keys(t.findResources('AWS::IAM::Role')).filter(
          (r) => !r.startsWith('CustomCDKBucketDeployment'),
        );
        let checked = 0;
        for (const role of roles) {
          for (const [action, resources] of Object.entries(permissionsOf(synth, t, role))) {
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

    describe('asynchronous invocation (S3 events)', () => {
      /** Every EventInvokeConfig of the stack, by the lindung function it configures. */
      const invokeConfigs = () => {
        const byLogicalId = Object.fromEntries(
          FUNCTION_NAMES.map((name) => [logicalId(fn(name).function), name]),
        );
        return Object.values(t.findResources('AWS::Lambda::EventInvokeConfig')).map((r) => ({
          name: byLogicalId[r.Properties.FunctionName?.Ref] ?? JSON.stringify(r.Properties.FunctionName),
          properties: r.Properties,
        }));
      };

      it('exactly the S3-triggered functions and upload-failed have an async invoke configuration', () => {
        expect(
          invokeConfigs()
            .map((c) => c.name)
            .sort(),
        ).toEqual([...S3_TRIGGERED, 'upload-failed'].sort());
      });

      it('validate-upload: a failed event goes to upload-failed, which passes what it handled to the queue', () => {
        const config = (name: FunctionName) => invokeConfigs().find((c) => c.name === name)?.properties;
        expect(config('validate-upload')).toMatchObject({
          MaximumRetryAttempts: 2,
          MaximumEventAgeInSeconds: 6 * 3600,
        });
        const validator = config('validate-upload')?.DestinationConfig;
        expect(Object.keys(validator)).toEqual(['OnFailure']);
        expect(renderIn(synth, validator.OnFailure.Destination)).toBe(
          `${logicalId(fn('upload-failed').function)}.Arn`,
        );
        const handler = config('upload-failed')?.DestinationConfig;
        expect(renderIn(synth, handler.OnFailure.Destination)).toBe(arns().failedEvents);
        expect(renderIn(synth, handler.OnSuccess.Destination)).toBe(arns().failedEvents);
      });

      it.each(['ingest-bpjs-ack'] as const)(
        '%s: a failed event goes to the failed-events queue after 2 retries, or once 6 hours old',
        (name) => {
          const config = invokeConfigs().find((c) => c.name === name);
          expect(config).toBeDefined();
          const { DestinationConfig, ...rest } = config?.properties ?? {};
          expect(rest).toEqual({
            FunctionName: { Ref: logicalId(fn(name).function) },
            Qualifier: '$LATEST',
            MaximumRetryAttempts: 2,
            MaximumEventAgeInSeconds: 6 * 3600,
          });
          // Only onFailure (a success needs no record); the stateful stack's queue, by its ARN.
          expect(Object.keys(DestinationConfig)).toEqual(['OnFailure']);
          expect(renderIn(synth, DestinationConfig.OnFailure.Destination)).toBe(arns().failedEvents);
        },
      );
    });

    describe('failed-events alarm', () => {
      const alarm = () => t.toJSON().Resources[logicalId(synth.stateless.failedEventsAlarm)];

      it('fires on ApproximateNumberOfMessagesVisible >= 1 of the failed-events queue; missing data is not breaching', () => {
        resource(synth.stateless.failedEventsAlarm, {
          Type: 'AWS::CloudWatch::Alarm',
          Properties: {
            AlarmName: Match.absent(),
            Namespace: 'AWS/SQS',
            MetricName: 'ApproximateNumberOfMessagesVisible',
            Statistic: 'Maximum',
            Period: 300,
            EvaluationPeriods: 1,
            ComparisonOperator: 'GreaterThanOrEqualToThreshold',
            Threshold: 1,
            TreatMissingData: 'notBreaching',
            // No alarm topic is configured: the alarm is watched in CloudWatch.
            AlarmActions: Match.absent(),
          },
        });
        const dimensions = alarm().Properties.Dimensions as { Name: string; Value: unknown }[];
        expect(dimensions.map((d) => [d.Name, renderIn(synth, d.Value)])).toEqual([
          ['QueueName', `${logicalId(synth.stateful.failedEventsQueue)}.QueueName`],
        ]);
      });

      it('its description says, in Bahasa Indonesia and in English, what happened and how to re-drive', () => {
        const description = String(alarm().Properties.AlarmDescription);
        expect(description.length).toBeLessThanOrEqual(1024); // CloudFormation's limit
        expect(description).toMatch(/^ID: .*EN: /s);
        for (const text of [
          'validate-upload',
          'ingest-bpjs-ack',
          'FailedEventsQueueUrl',
          'requestPayload',
          'aws s3 cp s3://BUCKET/KEY s3://BUCKET/KEY --metadata-directive REPLACE',
          'pekerja dalam berkas itu tidak terdaftar',
          'hapus pesannya',
          'workers in that file are not enrolled',
          'delete the message',
        ])
          expect(description).toContain(text);
      });
    });

    describe.each([
      {
        workflow: 'enrollment',
        stateMachine: (s: SynthesizedLindung) => s.stateless.enrollmentStateMachine,
        file: (s: SynthesizedLindung) => s.workflowPath,
        tasks: ENROLLMENT_TASKS as Record<string, FunctionName>,
        name: ENROLLMENT_NAME,
      },
      {
        workflow: 'employer-notification',
        stateMachine: (s: SynthesizedLindung) => s.stateless.employerNotificationStateMachine,
        file: (s: SynthesizedLindung) => s.employerWorkflowPath,
        tasks: EMPLOYER_NOTIFICATION_TASKS as Record<string, FunctionName>,
        name: undefined,
      },
    ])('$workflow state machine', ({ stateMachine, file, tasks, name }) => {
      const sm = (): sfn.StateMachine => stateMachine(synth);

      it('is STANDARD, logs ALL without execution data (3 months), traces with X-Ray', () => {
        const logGroupId = `${sm().node.id}Logs`;
        resource(sm(), {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: {
            StateMachineType: 'STANDARD',
            LoggingConfiguration: {
              Level: 'ALL',
              IncludeExecutionData: false,
              Destinations: [
                {
                  CloudWatchLogsLogGroup: {
                    LogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${logGroupId}`), 'Arn'] },
                  },
                },
              ],
            },
            TracingConfiguration: { Enabled: true },
          },
        });
        const logGroup = sm().stack.node.findChild(logGroupId);
        resource(logGroup, {
          Type: 'AWS::Logs::LogGroup',
          Properties: { RetentionInDays: 90, LogGroupName: Match.absent() },
        });
      });

      it(
        name ? `is named ${name} (functions it invokes build its ARN from the name)` : 'has no fixed name',
        () => {
          resource(sm(), { Properties: { StateMachineName: name ?? Match.absent() } });
        },
      );

      it('substitutes exactly its task function ARNs into the definition', () => {
        const arn = (f: FunctionName) => ({ 'Fn::GetAtt': [logicalId(fn(f).function), 'Arn'] });
        resource(sm(), {
          Properties: {
            DefinitionSubstitutions: Match.objectEquals(
              Object.fromEntries(Object.entries(tasks).map(([placeholder, f]) => [placeholder, arn(f)])),
            ),
          },
        });
      });

      it('deploys the workflows/ file itself (DefinitionBody.fromFile), which uses every substitution', () => {
        const props = t.toJSON().Resources[logicalId(sm())].Properties;
        // fromFile uploads the file as an asset: the template carries its S3 location, not a DefinitionString.
        expect(props.DefinitionString).toBeUndefined();
        const staged = path.join(synth.assembly.directory, `asset.${props.DefinitionS3Location.Key}`);
        expect(existsSync(staged)).toBe(true);
        const asl = readFileSync(staged, 'utf8');
        expect(asl).toBe(readFileSync(file(synth), 'utf8'));
        for (const placeholder of Object.keys(props.DefinitionSubstitutions))
          expect(asl).toContain(`\${${placeholder}}`);
      });

      it('may invoke exactly its task functions, by unqualified ARN', () => {
        const p = permissionsOf(synth, t, logicalId(sm().role));
        expect(p['lambda:InvokeFunction']).toEqual(
          Object.values(tasks)
            .map((f) => `${logicalId(fn(f).function)}.Arn`)
            .sort(),
        );
        expect(p['states:StartExecution']).toBeUndefined();
      });
    });

    describe('daily employer-notification schedule', () => {
      it('starts the employer-notification state machine at 08:00 WITA with input {}', () => {
        resource(synth.stateless.employerNotificationSchedule, {
          Type: 'AWS::Scheduler::Schedule',
          Properties: {
            Name: Match.absent(),
            ScheduleExpression: 'cron(0 8 * * ? *)',
            ScheduleExpressionTimezone: 'Asia/Makassar',
            FlexibleTimeWindow: { Mode: 'OFF' },
            State: 'ENABLED',
            Target: {
              Arn: { Ref: employerSm() },
              Input: '{}',
              RoleArn: { 'Fn::GetAtt': [logicalId(synth.stateless.employerNotificationScheduleRole), 'Arn'] },
            },
          },
        });
      });

      it('its role may only start executions of that state machine, and only Scheduler in this account may assume it', () => {
        const role = synth.stateless.employerNotificationScheduleRole;
        expect(permissionsOf(synth, t, logicalId(role))).toEqual({ 'states:StartExecution': [employerSm()] });
        const trust = t.toJSON().Resources[logicalId(role)].Properties.AssumeRolePolicyDocument.Statement;
        expect(trust).toHaveLength(1);
        expect(trust[0]).toMatchObject({
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
        });
        const condition = trust[0].Condition.StringEquals;
        expect(renderIn(synth, condition['aws:SourceAccount'])).toBe('<AWS::AccountId>');
        expect(renderIn(synth, condition['aws:SourceArn'])).toBe(
          'arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule-group/default',
        );
      });
    });

    describe('references', () => {
      it('has no reference cycle inside either stack (CloudFormation would reject it at deploy time)', () => {
        expect(referenceCycles(t.toJSON())).toEqual([]);
        expect(referenceCycles(synth.statefulTemplate.toJSON())).toEqual([]);
      });

      it('the cycle check does find one (function ↔ state machine, as a Ref in the environment would make)', () => {
        const cyclic = {
          Resources: {
            Fn: { Properties: { Environment: { Variables: { ARN: { Ref: 'Sm' } } } } },
            Sm: { Properties: { DefinitionSubstitutions: { F: { 'Fn::GetAtt': ['Fn', 'Arn'] } } } },
            Other: { Properties: { X: { 'Fn::Sub': `\${Sm.Name}` } } },
          },
        };
        expect(referenceCycles(cyclic)).toEqual([['Fn', 'Sm', 'Fn']]);
      });

      it('publishes both state machine ARNs as outputs', () => {
        t.hasOutput('EnrollmentStateMachineArn', {
          Value: { Ref: logicalId(synth.stateless.enrollmentStateMachine) },
        });
        t.hasOutput('EmployerNotificationStateMachineArn', { Value: { Ref: employerSm() } });
      });
    });
  });
}
