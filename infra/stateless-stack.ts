import * as path from 'node:path';
import { CfnOutput, Duration, Size, Stack, type StackProps, TimeZone, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { type LindungConfig, lindungConfig } from './config.ts';
import { Dashboard } from './constructs/dashboard.ts';
import {
  grantObjectDelete,
  grantObjectRead,
  grantObjectWrite,
  grantSecretRead,
  grantSendEmail,
  grantStartWorkflow,
  grantTable,
} from './constructs/data-access.ts';
import { FrontApi } from './constructs/front-api.ts';
import { LindungFunction, type LindungFunctionProps, REPO_ROOT } from './constructs/lindung-function.ts';
import { PeriodicReports } from './constructs/periodic-reports.ts';
import { createWorkflow, workflowArns, workflowRef } from './constructs/workflow.ts';
import { DYNAMO_ACCESS } from './dynamo-access.ts';
import { validatorConcurrency } from './safeguards.ts';
import type { LindungData } from './stateful-stack.ts';
import { validatorThrottledAlarm } from './validator-alarm.ts';

export const ENROLLMENT_WORKFLOW_PATH = path.join(REPO_ROOT, 'workflows', 'enrollment.asl.json');
export const EMPLOYER_NOTIFICATION_WORKFLOW_PATH = path.join(
  REPO_ROOT,
  'workflows',
  'employer-notification.asl.json',
);

/** Every function: `functions/<name>/handler.ts` (the local stack registers the same folders). */
export const FUNCTION_NAMES = [
  'validate-upload',
  'register-workers',
  'reserve-quota',
  'enroll-workers',
  'fail-enrollment',
  'refer-employers',
  'finalize-upload',
  'ingest-bpjs-ack',
  'plan-employer-notices',
  'notify-employer',
  'send-employer-digest',
  'send-periodic-report',
  'ingest-bpjs-claims',
  'api',
  'upload-failed',
] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** ASL placeholder → the function whose ARN replaces it, per workflow file. */
export const ENROLLMENT_TASKS = {
  RegisterWorkersFunctionArn: 'register-workers',
  ReserveQuotaFunctionArn: 'reserve-quota',
  EnrollWorkersFunctionArn: 'enroll-workers',
  FailEnrollmentFunctionArn: 'fail-enrollment',
  ReferEmployersFunctionArn: 'refer-employers',
  FinalizeUploadFunctionArn: 'finalize-upload',
} as const satisfies Record<string, FunctionName>;
export const EMPLOYER_NOTIFICATION_TASKS = {
  PlanEmployerNoticesFunctionArn: 'plan-employer-notices',
  NotifyEmployerFunctionArn: 'notify-employer',
  SendEmployerDigestFunctionArn: 'send-employer-digest',
} as const satisfies Record<string, FunctionName>;

export interface StatelessStackProps extends StackProps {
  readonly data: LindungData;
  /** The enrollment ASL file. @default workflows/enrollment.asl.json */
  readonly enrollmentWorkflowPath?: string;
  /** The employer-notification ASL file. @default workflows/employer-notification.asl.json */
  readonly employerNotificationWorkflowPath?: string;
}

/** `validate-upload` → `ValidateUpload`: the construct id (and so the logical-id prefix) of each function. */
const constructId = (name: string) => name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());

/**
 * Code and orchestration, replaceable at will: the functions, the enrollment and employer-notification state
 * machines, the S3 → function notifications and the daily schedule. Depends on the stateful stack, never the
 * other way round. Settings come from CDK context (infra/config.ts).
 */
export class StatelessStack extends Stack {
  readonly config: LindungConfig;
  readonly functions = {} as Record<FunctionName, LindungFunction>;
  readonly enrollmentStateMachine: sfn.StateMachine;
  readonly employerNotificationStateMachine: sfn.StateMachine;
  readonly employerNotificationSchedule: scheduler.Schedule;
  readonly employerNotificationScheduleRole: iam.Role;
  readonly periodicReports: PeriodicReports;
  /** Any S3 event in the failed-events queue: an upload or BPJS acknowledgement that was not processed. */
  readonly failedEventsAlarm: cloudwatch.Alarm;
  /** The validator at its concurrency limit: uploads wait (a flood, or a backlog to watch). */
  readonly validatorThrottledAlarm: cloudwatch.Alarm;
  readonly frontApi: FrontApi;
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    // First, before any bundling: a wrong setting fails the synth at once.
    this.config = lindungConfig(this);
    const { data } = props;
    const config = this.config;
    const { key, uploadsTable, workersTable, programmesTable, employersTable, nikHmacSecret } = data;

    // The bucket lives in the stateful stack; this stack imports it by attributes (stateful-stack.ts says why
    // they are named outputs). Importing is also what keeps the S3 notifications acyclic: see below.
    const bucket = s3.Bucket.fromBucketAttributes(this, 'UploadBucket', data.uploadBucket);

    const define = (name: FunctionName, props: Omit<LindungFunctionProps, 'name'>): LindungFunction => {
      const fn = new LindungFunction(this, constructId(name), { name, ...props });
      this.functions[name] = fn;
      return fn;
    };
    // Workflow tasks: 1 GB, 5 minutes, the TimeoutSeconds of every Task in the ASL files.
    const task = { memorySize: 1024, timeout: Duration.minutes(5) };

    // ---- Environment, by what a function composes (functions/shared, functions/employers-shared).
    // src/shared/env.ts: every handler built on it needs all four names, even where it touches fewer.
    const registry = {
      BUCKET_NAME: bucket.bucketName,
      UPLOADS_TABLE: uploadsTable.tableName,
      WORKERS_TABLE: workersTable.tableName,
      PROGRAMMES_TABLE: programmesTable.tableName,
      NIK_HMAC_SECRET_ARN: nikHmacSecret.secretArn,
    };
    // functions/employers-shared/composition.ts.
    const employers = { EMPLOYERS_TABLE: employersTable.tableName, WORKERS_TABLE: workersTable.tableName };
    // Quota alerts (functions/shared/quota-deps.ts → src/adapters/ses-mail-sender.ts).
    const alerts = { LINDUNG_MAIL_FROM: config.mail.alertsFrom };
    // Notices, escalations and the digest (src/employers/settings.ts).
    const notices = {
      NOTICE_FROM_EMAIL: config.mail.noticesFrom,
      LINDUNG_TIME_ZONE: config.timeZone,
      ...(config.mail.disnakertransEmails
        ? { DISNAKERTRANS_EMAILS: config.mail.disnakertransEmails.join(',') }
        : {}),
      ...(config.mail.configurationSet ? { SES_CONFIGURATION_SET: config.mail.configurationSet } : {}),
    };
    // src/adapters/bpjs-gateway-from-env.ts: every function composed by enrollmentDeps builds the gateway.
    const bpjs = { LINDUNG_BPJS_GATEWAY: config.bpjsGateway };

    // SES: one identity, and per function exactly the From address it sends as.
    const mailIdentityArn = this.formatArn({
      service: 'ses',
      resource: 'identity',
      resourceName: config.mail.identity,
    });
    const sendsAlerts = (fn: LindungFunction) =>
      grantSendEmail(fn.function, mailIdentityArn, config.mail.alertsFrom);
    const configurationSetArn = config.mail.configurationSet
      ? this.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: config.mail.configurationSet,
        })
      : undefined;
    const sendsNotices = (fn: LindungFunction) =>
      grantSendEmail(fn.function, mailIdentityArn, config.mail.noticesFrom, configurationSetArn);

    // ---- Employer notification: its workflow knows only its own three tasks (no reference to enrollment).
    const planEmployerNotices = define('plan-employer-notices', {
      ...task,
      bundleAreaData: true, // desa and kecamatan names of queued workers
      environment: employers,
    });
    const notifyEmployer = define('notify-employer', { ...task, environment: { ...employers, ...notices } });
    const sendEmployerDigest = define('send-employer-digest', {
      ...task,
      environment: { ...employers, ...notices },
    });
    sendsNotices(notifyEmployer);
    sendsNotices(sendEmployerDigest);

    this.employerNotificationStateMachine = createWorkflow(this, 'EmployerNotificationStateMachine', {
      definitionPath: props.employerNotificationWorkflowPath ?? EMPLOYER_NOTIFICATION_WORKFLOW_PATH,
      tasks: {
        PlanEmployerNoticesFunctionArn: planEmployerNotices,
        NotifyEmployerFunctionArn: notifyEmployer,
        SendEmployerDigestFunctionArn: sendEmployerDigest,
      },
    });
    const employerWorkflow = workflowRef(this.employerNotificationStateMachine);

    // Invoked by the enrollment workflow, starts the employer one (execution refer-<uploadId>). The chain
    // enrollment → refer-employers → employer notification is acyclic as long as the employer workflow never
    // references the enrollment one.
    const referEmployers = define('refer-employers', {
      ...task,
      bundleAreaData: true,
      environment: {
        ...employers,
        // The step timeline of the upload (src/uploads/steps.ts).
        UPLOADS_TABLE: uploadsTable.tableName,
        EMPLOYER_NOTIFICATION_STATE_MACHINE_ARN: this.employerNotificationStateMachine.stateMachineArn,
      },
    });
    grantStartWorkflow(referEmployers.function, employerWorkflow, 'refer-<uploadId>');

    // ---- Enrollment. enroll-workers and fail-enrollment release places and promote the waitlist, which starts
    // enrollment executions: they need this state machine's ARN, and the state machine invokes them. A reference
    // either way round would close a cycle (function → state machine → function), so the state machine gets a
    // name derived from the stack name and its ARN is built from that name (no reference to the resource).
    const enrollmentName = `${this.stackName}-enrollment`;
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(enrollmentName))
      throw new Error(`state machine name ${enrollmentName} must be 1–80 letters, digits, - or _`);
    const enrollmentWorkflow = workflowArns(this, enrollmentName);

    const registerWorkers = define('register-workers', { ...task, environment: registry });
    const reserveQuota = define('reserve-quota', { ...task, environment: { ...registry, ...alerts } });
    const promotes = {
      ...registry,
      ...alerts,
      ...bpjs,
      ENROLLMENT_STATE_MACHINE_ARN: enrollmentWorkflow.stateMachineArn,
    };
    const enrollWorkers = define('enroll-workers', { ...task, environment: promotes });
    const failEnrollment = define('fail-enrollment', { ...task, environment: promotes });
    // finalize-upload and validate-upload hash no NIK: no secret ARN (and no grant on the secret).
    const { NIK_HMAC_SECRET_ARN: _, ...names } = registry;
    const finalizeUpload = define('finalize-upload', { ...task, environment: names });

    // Every chunk task reads its staged chunk and records its outcome counts on the upload (CHUNK#<n>).
    for (const fn of [registerWorkers, reserveQuota, enrollWorkers, failEnrollment]) {
      grantObjectRead(fn.function, bucket, ['staging/'], key);
      grantSecretRead(fn.function, nikHmacSecret, key);
    }
    for (const fn of [reserveQuota, enrollWorkers, failEnrollment]) sendsAlerts(fn); // 80 / 90 / 100 % quota alerts
    // The production BPJS gateway exchanges files: enrollment writes its batches under outbound/bpjs/.
    grantObjectWrite(enrollWorkers.function, bucket, ['outbound/bpjs/'], key);
    grantStartWorkflow(enrollWorkers.function, enrollmentWorkflow, 'promoted waitlist runs');
    grantStartWorkflow(failEnrollment.function, enrollmentWorkflow, 'promoted waitlist runs');

    this.enrollmentStateMachine = createWorkflow(this, 'EnrollmentStateMachine', {
      definitionPath: props.enrollmentWorkflowPath ?? ENROLLMENT_WORKFLOW_PATH,
      stateMachineName: enrollmentName,
      tasks: {
        RegisterWorkersFunctionArn: registerWorkers,
        ReserveQuotaFunctionArn: reserveQuota,
        EnrollWorkersFunctionArn: enrollWorkers,
        FailEnrollmentFunctionArn: failEnrollment,
        ReferEmployersFunctionArn: referEmployers,
        FinalizeUploadFunctionArn: finalizeUpload,
      },
    });
    // Those two start it; it does not know them, so they reference it and are deployed after it.
    const startsEnrollment = { ENROLLMENT_STATE_MACHINE_ARN: this.enrollmentStateMachine.stateMachineArn };

    // ---- Entry points (S3 events).
    // validate-upload: worker lists, and employer registries under uploads/agency/disnakertrans/employers/
    // (S3 cannot route overlapping prefixes to two functions). XLSX reading spills the sheet XML to /tmp.
    const validatorSlots = validatorConcurrency(this);
    // upload-failed: validate-upload's onFailure destination. An upload whose validation failed its retries
    // ends FAILED with the cause (not VALIDATING for good); the event then goes on to the failed-events queue
    // (onSuccess), so the alarm and a re-drive still see it. Its own failures go there too.
    const uploadFailed = define('upload-failed', {
      memorySize: 256,
      timeout: Duration.minutes(1),
      environment: names,
      failedEvents: data.failedEventsQueue,
      forwardHandledEvents: true,
    });
    const validateUpload = define('validate-upload', {
      memorySize: 2048,
      timeout: Duration.minutes(15),
      ephemeralStorageSize: Size.gibibytes(2),
      // The cost brake: at most this many files are validated at once; S3 events beyond wait in Lambda's
      // asynchronous queue (retried on throttling for up to 6 hours, then the failed-events queue).
      reservedConcurrentExecutions: validatorSlots,
      bundleAreaData: true,
      environment: { ...names, ...startsEnrollment, EMPLOYERS_TABLE: employersTable.tableName },
      failureHandler: uploadFailed.function,
    });
    // reports/ holds row-error reports (reports/<uploadId>/) and registry reports (reports/employers/).
    grantObjectRead(validateUpload.function, bucket, ['uploads/'], key);
    grantObjectWrite(validateUpload.function, bucket, ['staging/', 'reports/'], key);
    // A file rejected part-way: the chunks staged before the error are deleted (nothing staged for it).
    grantObjectDelete(validateUpload.function, bucket, ['staging/']);
    grantStartWorkflow(validateUpload.function, enrollmentWorkflow, 'upload ids');

    // ingest-bpjs-ack: the BPJS branch's acknowledgement files. Applies the answers (registry), recounts the
    // affected chunks (staged rows) and closes their uploads, releases places of rejected workers and promotes
    // the waitlist (new enrollment runs), writes its report under reports/bpjs-ack/.
    const ingestBpjsAck = define('ingest-bpjs-ack', {
      memorySize: 1024,
      timeout: Duration.minutes(15),
      environment: { ...registry, ...alerts, ...bpjs, ...startsEnrollment },
      failedEvents: data.failedEventsQueue,
    });
    grantObjectRead(ingestBpjsAck.function, bucket, ['inbound/bpjs/', 'staging/'], key);
    grantObjectWrite(ingestBpjsAck.function, bucket, ['reports/bpjs-ack/'], key);
    grantSecretRead(ingestBpjsAck.function, nikHmacSecret, key);
    sendsAlerts(ingestBpjsAck);
    grantStartWorkflow(ingestBpjsAck.function, enrollmentWorkflow, 'promoted waitlist runs');

    // S3 → functions. The bucket lives in the stateful stack, the functions here. Adding the notifications to
    // the bucket construct itself would put the Custom::S3BucketNotifications resource in the stateful stack,
    // pointing at this stack's functions, while this stack already references the bucket: a cross-stack cycle
    // (and the stateful stack would change with every function change). On the imported bucket, the custom
    // resource, its handler and the lambda:InvokeFunction permissions for s3.amazonaws.com all live in this
    // stack, so references flow one way only. For an imported bucket the handler runs "unmanaged": it adds and
    // removes only its own configuration and keeps any other notification on the bucket. The two prefixes do
    // not overlap (S3 rejects overlapping filters for the same event type).
    bucket.addEventNotification(
      s3.EventType.OBJECT_CREATED,
      new s3n.LambdaDestination(validateUpload.function),
      { prefix: 'uploads/' },
    );
    bucket.addEventNotification(
      s3.EventType.OBJECT_CREATED,
      new s3n.LambdaDestination(ingestBpjsAck.function),
      { prefix: 'inbound/bpjs/' },
    );
    this.acknowledgeNotificationHandler();
    // Weekly/monthly reports and BPJS claims files (issue #12): infra/constructs/periodic-reports.ts.
    this.periodicReports = new PeriodicReports(this, 'PeriodicReports', {
      data,
      bucket,
      config,
      define,
      mailIdentityArn,
    });

    // The admin/agency API behind the Cognito JWT authorizer (infra/constructs/front-api.ts).
    this.frontApi = new FrontApi(this, 'FrontApi', {
      handler: define('api', { timeout: Duration.seconds(29), bundleAreaData: true, environment: registry }),
      validator: validateUpload,
      identity: data.identity,
      bucket,
      key,
      nikHmacSecret,
      tables: {
        uploads: uploadsTable,
        workers: workersTable,
        programmes: programmesTable,
        employers: employersTable,
      },
      enrollment: enrollmentWorkflow,
      allowedOrigins: [this.node.tryGetContext('lindung:dashboardOrigin') ?? '*'],
    });
    // The dashboard (infra/constructs/dashboard.ts) on this API and the Cognito app client.
    this.dashboard = new Dashboard(this, 'Dashboard', {
      apiUrl: this.frontApi.api.apiEndpoint,
      userPoolClientId: data.identity.userPoolClient.userPoolClientId,
    });

    // DynamoDB: per function and table exactly the actions its code calls (infra/dynamo-access.ts).
    const tables = {
      uploads: uploadsTable,
      workers: workersTable,
      programmes: programmesTable,
      employers: employersTable,
    };
    for (const name of FUNCTION_NAMES) {
      for (const [table, access] of Object.entries(DYNAMO_ACCESS[name]))
        grantTable(this.functions[name].function, tables[table as keyof typeof tables], access, key);
    }

    // Both S3-triggered functions send an event that failed its retries to the failed-events queue (stateful
    // stack; see LindungFunction.failedEvents). One message there is one file nobody processed: alarm at once.
    this.failedEventsAlarm = this.failedEventsAlarmFor(data.failedEventsQueue);
    this.validatorThrottledAlarm = validatorThrottledAlarm(this, validateUpload, validatorSlots);

    // ---- Daily employer-notification run, 08:00 WITA, input {} (every employer with outstanding workers).
    this.employerNotificationScheduleRole = new iam.Role(this, 'EmployerNotificationScheduleRole', {
      description:
        'EventBridge Scheduler: starts the lindung employer-notification state machine, nothing else',
      // Only schedules of this account's default schedule group (confused-deputy guard).
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': this.account,
            'aws:SourceArn': this.formatArn({
              service: 'scheduler',
              resource: 'schedule-group',
              resourceName: 'default',
            }),
          },
        },
      }),
    });
    this.employerNotificationSchedule = new scheduler.Schedule(this, 'EmployerNotificationSchedule', {
      description:
        'lindung: daily employer-notification run (notices, escalations, digest of unknown employers)',
      schedule: scheduler.ScheduleExpression.cron({
        minute: '0',
        hour: '8',
        timeZone: TimeZone.of(config.timeZone),
      }),
      timeWindow: scheduler.TimeWindow.off(),
      // The target grants the role states:StartExecution on this state machine.
      target: new schedulerTargets.StepFunctionsStartExecution(this.employerNotificationStateMachine, {
        role: this.employerNotificationScheduleRole,
        input: scheduler.ScheduleTargetInput.fromObject({}),
      }),
    });

    // For administrators and the AWS CLI (`aws stepfunctions list-executions --state-machine-arn …`).
    new CfnOutput(this, 'EnrollmentStateMachineArn', {
      value: this.enrollmentStateMachine.stateMachineArn,
      description: 'Enrollment workflow (one execution per upload, named by upload id)',
    });
    new CfnOutput(this, 'EmployerNotificationStateMachineArn', {
      value: this.employerNotificationStateMachine.stateMachineArn,
      description: 'Employer-notification workflow (daily run, and refer-<uploadId> runs)',
    });
  }

  /**
   * ApproximateNumberOfMessagesVisible >= 1 (maximum over 5 minutes). No message, no metric worth alarming on:
   * missing data is not breaching. The description is what an operator reads in the console or a notification.
   */
  private failedEventsAlarmFor(queue: sqs.IQueue): cloudwatch.Alarm {
    const queueOutput = `output FailedEventsQueueUrl of ${Stack.of(queue).stackName}`;
    const alarmDescription =
      'ID: Event S3 gagal diproses validate-upload / ingest-bpjs-ack setelah semua percobaan ulang; sampai ' +
      `diproses ulang, pekerja dalam berkas itu tidak terdaftar/diperbarui. Baca pesan di antrean (${queueOutput}): ` +
      'requestPayload = event S3 (bucket, key), responsePayload = galat. Perbaiki penyebabnya, proses ulang ' +
      '(salin objek ke dirinya sendiri: aws s3 cp s3://BUCKET/KEY s3://BUCKET/KEY --metadata-directive REPLACE, ' +
      'atau unggah ulang berkasnya), lalu hapus pesannya. ' +
      'EN: An S3 event failed in validate-upload / ingest-bpjs-ack after all retries; until re-driven, the ' +
      'workers in that file are not enrolled/updated. Read the message in the queue (same output): ' +
      'requestPayload = the S3 event, responsePayload = the error. Fix the cause, re-drive (copy the object ' +
      'onto itself as above, or upload the file again), then delete the message. See infra/README.md.';
    return new cloudwatch.Alarm(this, 'FailedEventsAlarm', {
      alarmDescription,
      metric: queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * The Custom::S3BucketNotifications handler is CDK's own singleton Lambda; its role carries the AWS managed
   * AWSLambdaBasicExecutionRole policy and CDK offers no way to replace it. Its other permissions are already
   * scoped to the upload bucket (s3:GetBucketNotification / s3:PutBucketNotification).
   */
  private acknowledgeNotificationHandler(): void {
    const handlers = this.node.children.filter((c) => c.node.id.startsWith('BucketNotificationsHandler'));
    if (handlers.length !== 1)
      throw new Error('expected exactly one BucketNotificationsHandler in the stack');
    for (const handler of handlers) {
      Validations.of(handler).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'CDK-provided handler of Custom::S3BucketNotifications: it only runs during deployments, and CDK ' +
          'does not expose its role to replace the managed logging policy.',
      });
    }
  }
}
