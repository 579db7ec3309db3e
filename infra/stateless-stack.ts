import * as path from 'node:path';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { type LindungConfig, lindungConfig } from './config.ts';
import { Dashboard } from './constructs/dashboard.ts';
import { grantTable } from './constructs/data-access.ts';
import { EmployerNotificationWorkflow } from './constructs/employer-notification-workflow.ts';
import { EnrollmentWorkflow } from './constructs/enrollment-workflow.ts';
import { FrontApi } from './constructs/front-api.ts';
import { functionWiring } from './constructs/function-wiring.ts';
import { type LindungFunction, REPO_ROOT } from './constructs/lindung-function.ts';
import { PeriodicReports } from './constructs/periodic-reports.ts';
import { UploadIntake } from './constructs/upload-intake.ts';
import { DYNAMO_ACCESS } from './dynamo-access.ts';
import type { LindungData } from './stateful-stack.ts';

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

export interface StatelessStackProps extends StackProps {
  readonly data: LindungData;
  /** The enrollment ASL file. @default workflows/enrollment.asl.json */
  readonly enrollmentWorkflowPath?: string;
  /** The employer-notification ASL file. @default workflows/employer-notification.asl.json */
  readonly employerNotificationWorkflowPath?: string;
}

/**
 * Code and orchestration, replaceable at will: the functions, the enrollment and employer-notification state
 * machines, the S3 → function notifications and the daily schedule. Depends on the stateful stack, never the
 * other way round. Settings come from CDK context (infra/config.ts). Each part lives in its own file under
 * infra/constructs/ (upload intake, the two workflows, periodic reports, the API, the dashboard); this stack
 * composes them and grants DynamoDB access in one place (infra/dynamo-access.ts).
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
    const { key, uploadsTable, workersTable, programmesTable, employersTable, nikHmacSecret } = data;

    // The bucket lives in the stateful stack; this stack imports it by attributes (stateful-stack.ts says why
    // they are named outputs). Importing is also what keeps the S3 notifications acyclic (upload-intake.ts).
    const bucket = s3.Bucket.fromBucketAttributes(this, 'UploadBucket', data.uploadBucket);
    const wiring = functionWiring(this, this.config, data, bucket, this.functions);

    // The employer workflow knows only its own three tasks (no reference to enrollment); enrollment starts it.
    const employerNotification = new EmployerNotificationWorkflow(wiring, {
      definitionPath: props.employerNotificationWorkflowPath ?? EMPLOYER_NOTIFICATION_WORKFLOW_PATH,
    });
    this.employerNotificationStateMachine = employerNotification.stateMachine;
    this.employerNotificationSchedule = employerNotification.schedule;
    this.employerNotificationScheduleRole = employerNotification.scheduleRole;
    const enrollment = new EnrollmentWorkflow(wiring, {
      definitionPath: props.enrollmentWorkflowPath ?? ENROLLMENT_WORKFLOW_PATH,
      employerNotification: employerNotification.ref,
    });
    this.enrollmentStateMachine = enrollment.stateMachine;
    // The S3 entry points, their notifications and alarms.
    const intake = new UploadIntake(wiring, enrollment);
    this.failedEventsAlarm = intake.failedEventsAlarm;
    this.validatorThrottledAlarm = intake.validatorThrottledAlarm;

    // Weekly/monthly reports and BPJS claims files (issue #12): infra/constructs/periodic-reports.ts.
    this.periodicReports = new PeriodicReports(this, 'PeriodicReports', {
      data,
      bucket,
      config: this.config,
      define: wiring.define,
      mailIdentityArn: wiring.mailIdentityArn,
    });

    const tables = {
      uploads: uploadsTable,
      workers: workersTable,
      programmes: programmesTable,
      employers: employersTable,
    };
    // The admin/agency API behind the Cognito JWT authorizer (infra/constructs/front-api.ts).
    this.frontApi = new FrontApi(this, 'FrontApi', {
      handler: wiring.define('api', {
        timeout: Duration.seconds(29),
        bundleAreaData: true,
        environment: wiring.env.registry,
      }),
      validator: intake.validateUpload,
      identity: data.identity,
      bucket,
      key,
      nikHmacSecret,
      tables,
      enrollment: enrollment.byName,
      allowedOrigins: [this.node.tryGetContext('lindung:dashboardOrigin') ?? '*'],
    });
    // The dashboard (infra/constructs/dashboard.ts) on this API and the Cognito app client.
    this.dashboard = new Dashboard(this, 'Dashboard', {
      apiUrl: this.frontApi.api.apiEndpoint,
      userPoolClientId: data.identity.userPoolClient.userPoolClientId,
    });

    // DynamoDB: per function and table exactly the actions its code calls (infra/dynamo-access.ts).
    for (const name of FUNCTION_NAMES) {
      for (const [table, access] of Object.entries(DYNAMO_ACCESS[name]))
        grantTable(this.functions[name].function, tables[table as keyof typeof tables], access, key);
    }

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
}
