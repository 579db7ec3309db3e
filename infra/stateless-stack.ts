import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Annotations, Aws, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import {
  acknowledgeWildcardResource,
  grantObjectRead,
  grantObjectWrite,
  grantSecretRead,
  grantTableRead,
  grantTableReadWrite,
} from './constructs/data-access.ts';
import { LindungFunction, REPO_ROOT } from './constructs/lindung-function.ts';
import { type LindungData, TABLE_INDEXES } from './stateful-stack.ts';

export const ENROLLMENT_WORKFLOW_PATH = path.join(REPO_ROOT, 'workflows', 'enrollment.asl.json');

export interface StatelessStackProps extends StackProps {
  readonly data: LindungData;
  /** The enrollment ASL file. @default workflows/enrollment.asl.json */
  readonly enrollmentWorkflowPath?: string;
}

/**
 * Code and orchestration, replaceable at will: the functions, the enrollment state machine and the
 * S3 → validate-upload notification. Depends on the stateful stack, never the other way round.
 */
export class StatelessStack extends Stack {
  readonly validateUpload: LindungFunction;
  readonly registerWorkers: LindungFunction;
  readonly reserveQuota: LindungFunction;
  readonly enrollWorkers: LindungFunction;
  readonly failEnrollment: LindungFunction;
  readonly finalizeUpload: LindungFunction;
  readonly enrollmentStateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { data } = props;
    const { key, uploadsTable, workersTable, programmesTable, nikHmacSecret } = data;

    // The bucket lives in the stateful stack; this stack imports it by attributes (stateful-stack.ts says why
    // they are named outputs). Importing is also what keeps the S3 notification acyclic: see below.
    const bucket = s3.Bucket.fromBucketAttributes(this, 'UploadBucket', data.uploadBucket);

    const environment = {
      BUCKET_NAME: bucket.bucketName,
      UPLOADS_TABLE: uploadsTable.tableName,
      WORKERS_TABLE: workersTable.tableName,
      PROGRAMMES_TABLE: programmesTable.tableName,
      NIK_HMAC_SECRET_ARN: nikHmacSecret.secretArn,
    };
    const task = (id: string, name: string) =>
      new LindungFunction(this, id, { name, environment, memorySize: 1024, timeout: Duration.minutes(5) });

    // Workflow tasks: each reads its staged chunk and updates the tables it owns. Every chunk task records its
    // outcome counts on the upload (UploadsTable CHUNK#<n>), hence uploads for all of them.
    this.registerWorkers = task('RegisterWorkers', 'register-workers');
    this.reserveQuota = task('ReserveQuota', 'reserve-quota');
    this.enrollWorkers = task('EnrollWorkers', 'enroll-workers');
    this.failEnrollment = task('FailEnrollment', 'fail-enrollment');
    this.finalizeUpload = task('FinalizeUpload', 'finalize-upload');
    const tables = { uploads: uploadsTable, workers: workersTable, programmes: programmesTable };
    const owns: [LindungFunction, (keyof typeof tables)[]][] = [
      [this.registerWorkers, ['uploads', 'workers']],
      [this.reserveQuota, ['uploads', 'workers', 'programmes']],
      // Enrollment records its BPJS batches on the upload and releases places of rejected workers.
      [this.enrollWorkers, ['uploads', 'workers', 'programmes']],
      [this.failEnrollment, ['uploads', 'workers', 'programmes']],
      [this.finalizeUpload, ['uploads', 'workers']],
    ];
    for (const [fn, names] of owns) {
      grantObjectRead(fn.function, bucket, ['staging/'], key);
      for (const name of names) grantTableReadWrite(fn.function, tables[name], TABLE_INDEXES[name], key);
    }
    // The production BPJS gateway exchanges files: enrollment writes its batches under outbound/bpjs/.
    grantObjectWrite(this.enrollWorkers.function, bucket, ['outbound/bpjs/'], key);
    const tasks = owns.map(([fn]) => fn);

    this.enrollmentStateMachine = this.createEnrollmentStateMachine(
      props.enrollmentWorkflowPath ?? ENROLLMENT_WORKFLOW_PATH,
      {
        RegisterWorkersFunctionArn: this.registerWorkers,
        ReserveQuotaFunctionArn: this.reserveQuota,
        EnrollWorkersFunctionArn: this.enrollWorkers,
        FailEnrollmentFunctionArn: this.failEnrollment,
        FinalizeUploadFunctionArn: this.finalizeUpload,
      },
    );

    // The validator starts the workflow, so it depends on the state machine; the state machine only knows the
    // task functions. That keeps the graph acyclic inside this stack.
    this.validateUpload = new LindungFunction(this, 'ValidateUpload', {
      name: 'validate-upload',
      memorySize: 2048,
      timeout: Duration.minutes(15),
      environment: {
        ...environment,
        ENROLLMENT_STATE_MACHINE_ARN: this.enrollmentStateMachine.stateMachineArn,
      },
    });
    const validator = this.validateUpload.function;
    grantObjectRead(validator, bucket, ['uploads/'], key);
    grantObjectWrite(validator, bucket, ['staging/', 'reports/'], key);
    grantTableReadWrite(validator, uploadsTable, TABLE_INDEXES.uploads, key);
    grantTableRead(validator, workersTable, TABLE_INDEXES.workers, key);
    this.enrollmentStateMachine.grantStartExecution(validator);
    // A re-delivered S3 event finds the execution already started (it is named after the upload) and looks it
    // up: DescribeExecution on this state machine's executions, whose names are not known in advance.
    const executions = `arn:${Aws.PARTITION}:states:${Aws.REGION}:${Aws.ACCOUNT_ID}:execution:${this.enrollmentStateMachine.stateMachineName}:*`;
    iam.Grant.addToPrincipal({
      grantee: validator,
      actions: ['states:DescribeExecution'],
      resourceArns: [executions],
    });
    acknowledgeWildcardResource(
      validator,
      executions,
      'Execution names are upload ids, unknown in advance: the wildcard covers only the executions of the ' +
        'enrollment state machine.',
    );

    for (const fn of [...tasks, this.validateUpload]) grantSecretRead(fn.function, nikHmacSecret, key);

    // S3 → validate-upload. The bucket lives in the stateful stack, the function here. Adding the notification to
    // the bucket construct itself would put the Custom::S3BucketNotifications resource in the stateful stack,
    // pointing at this stack's function, while this stack already references the bucket: a cross-stack cycle
    // (and the stateful stack would change with every function change). On the imported bucket, the custom
    // resource, its handler and the lambda:InvokeFunction permission for s3.amazonaws.com all live in this
    // stack, so references flow one way only. For an imported bucket the handler runs "unmanaged": it adds and
    // removes only its own configuration and keeps any other notification on the bucket.
    bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(validator), {
      prefix: 'uploads/',
    });
    this.acknowledgeNotificationHandler();
  }

  private createEnrollmentStateMachine(
    definitionPath: string,
    taskFunctions: Record<string, LindungFunction>,
  ): sfn.StateMachine {
    checkSubstitutions(this, definitionPath, Object.keys(taskFunctions));
    const functions = Object.values(taskFunctions).map((t) => t.function);

    // Level ALL records every state transition, but execution data stays out of the logs: inputs and outputs
    // carry worker rows (NIK, names, birth dates), protected personal data under UU 27/2022 (PDP). The data
    // itself remains visible to authorised admins in the execution history.
    const logGroup = new logs.LogGroup(this, 'EnrollmentStateMachineLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
    });
    const stateMachine = new sfn.StateMachine(this, 'EnrollmentStateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      // The same file the local runtime executes; ARNs come in through substitutions, not string surgery.
      definitionBody: sfn.DefinitionBody.fromFile(definitionPath),
      definitionSubstitutions: Object.fromEntries(
        Object.entries(taskFunctions).map(([name, t]) => [name, t.function.functionArn]),
      ),
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    // Exactly the task functions, unqualified ARNs as in the ASL (no `:*` for versions or aliases).
    stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: functions.map((fn) => fn.functionArn),
      }),
    );
    Validations.of(stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the statement CDK adds for log delivery (logs:CreateLogDelivery, logs:PutResourcePolicy, …) and ' +
        'X-Ray (xray:PutTraceSegments, …): these actions have no resource-level permissions. Lambda invocation ' +
        'is scoped to the task function ARNs (asserted in stateless-stack.test.ts).',
    });
    return stateMachine;
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

/**
 * Every `${Name}` in the ASL needs a substitution (an unresolved one would only fail at deploy time); a
 * substitution the ASL does not use is reported as a warning (the role may invoke a function it never calls).
 */
export function checkSubstitutions(scope: Construct, definitionPath: string, names: string[]): void {
  if (!existsSync(definitionPath)) {
    throw new Error(`Enrollment workflow definition not found: ${definitionPath}`);
  }
  const asl = readFileSync(definitionPath, 'utf8');
  const used = new Set([...asl.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]));
  const missing = [...used].filter((name) => name !== undefined && !names.includes(name));
  if (missing.length > 0) {
    throw new Error(
      `${definitionPath} uses \${${missing.join('}, ${')}} but the stack substitutes only ${names.join(', ')}`,
    );
  }
  for (const name of names.filter((n) => !used.has(n))) {
    Annotations.of(scope).addWarningV2(
      'lindung:unusedSubstitution',
      `${definitionPath} does not use \${${name}}: the state machine may invoke a function it never calls`,
    );
  }
}
