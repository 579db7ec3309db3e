import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { FunctionName } from '../stateless-stack.ts';
import {
  grantObjectRead,
  grantObjectWrite,
  grantSecretRead,
  grantStartWorkflow,
  type WorkflowRef,
} from './data-access.ts';
import type { FunctionWiring } from './function-wiring.ts';
import { createWorkflow, workflowArns } from './workflow.ts';

/** ASL placeholder of workflows/enrollment.asl.json → the function whose ARN replaces it. */
export const ENROLLMENT_TASKS = {
  RegisterWorkersFunctionArn: 'register-workers',
  ReserveQuotaFunctionArn: 'reserve-quota',
  EnrollWorkersFunctionArn: 'enroll-workers',
  FailEnrollmentFunctionArn: 'fail-enrollment',
  ReferEmployersFunctionArn: 'refer-employers',
  FinalizeUploadFunctionArn: 'finalize-upload',
} as const satisfies Record<string, FunctionName>;

export interface EnrollmentWorkflowProps {
  /** workflows/enrollment.asl.json, or a test's copy. */
  readonly definitionPath: string;
  /** The workflow refer-employers starts (execution refer-<uploadId>). */
  readonly employerNotification: WorkflowRef;
}

/**
 * The enrollment workflow, one execution per upload: register-workers → reserve-quota → enroll-workers /
 * fail-enrollment per chunk, then refer-employers and finalize-upload.
 *
 * Built in the stack's scope, not as a construct of its own: a construct would prefix every logical ID with its
 * id, and CloudFormation would then create a second state machine under this one's fixed name before deleting
 * the first (the deployment fails).
 */
export class EnrollmentWorkflow {
  readonly stateMachine: sfn.StateMachine;
  /**
   * Its ARNs built from its fixed name, for the functions it invokes itself (a reference would close a cycle)
   * and for the entry points (validator, API) that start it.
   */
  readonly byName: WorkflowRef;
  /** ENROLLMENT_STATE_MACHINE_ARN by reference: for functions it does not invoke (deployed after it). */
  readonly startsEnrollment: Record<string, string>;

  constructor(wiring: FunctionWiring, props: EnrollmentWorkflowProps) {
    const { stack, define, task, env, sendsAlerts, bucket, data, taskFunctions } = wiring;
    const { key, nikHmacSecret, uploadsTable } = data;

    // Invoked by the enrollment workflow, starts the employer one (execution refer-<uploadId>). The chain
    // enrollment → refer-employers → employer notification is acyclic as long as the employer workflow never
    // references the enrollment one.
    const referEmployers = define('refer-employers', {
      ...task,
      bundleAreaData: true,
      environment: {
        ...env.employers,
        // The step timeline of the upload (src/uploads/steps.ts).
        UPLOADS_TABLE: uploadsTable.tableName,
        EMPLOYER_NOTIFICATION_STATE_MACHINE_ARN: props.employerNotification.stateMachineArn,
      },
    });
    grantStartWorkflow(referEmployers.function, props.employerNotification, 'refer-<uploadId>');

    // enroll-workers and fail-enrollment release places and promote the waitlist, which starts enrollment
    // executions: they need this state machine's ARN, and the state machine invokes them. A reference either way
    // round would close a cycle (function → state machine → function), so the state machine gets a name derived
    // from the stack name and its ARN is built from that name (no reference to the resource).
    const enrollmentName = `${stack.stackName}-enrollment`;
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(enrollmentName))
      throw new Error(`state machine name ${enrollmentName} must be 1–80 letters, digits, - or _`);
    this.byName = workflowArns(stack, enrollmentName);

    const registerWorkers = define('register-workers', { ...task, environment: env.registry });
    const reserveQuota = define('reserve-quota', {
      ...task,
      environment: { ...env.registry, ...env.alerts },
    });
    const promotes = {
      ...env.registry,
      ...env.alerts,
      ...env.bpjs,
      ENROLLMENT_STATE_MACHINE_ARN: this.byName.stateMachineArn,
    };
    const enrollWorkers = define('enroll-workers', { ...task, environment: promotes });
    const failEnrollment = define('fail-enrollment', { ...task, environment: promotes });
    // finalize-upload hashes no NIK: no secret ARN (and no grant on the secret).
    define('finalize-upload', { ...task, environment: env.names });

    // Every chunk task reads its staged chunk and records its outcome counts on the upload (CHUNK#<n>).
    for (const fn of [registerWorkers, reserveQuota, enrollWorkers, failEnrollment]) {
      grantObjectRead(fn.function, bucket, ['staging/'], key);
      grantSecretRead(fn.function, nikHmacSecret, key);
    }
    for (const fn of [reserveQuota, enrollWorkers, failEnrollment]) sendsAlerts(fn); // 80 / 90 / 100 % quota alerts
    // The production BPJS gateway exchanges files: enrollment writes its batches under outbound/bpjs/.
    grantObjectWrite(enrollWorkers.function, bucket, ['outbound/bpjs/'], key);
    grantStartWorkflow(enrollWorkers.function, this.byName, 'promoted waitlist runs');
    grantStartWorkflow(failEnrollment.function, this.byName, 'promoted waitlist runs');

    this.stateMachine = createWorkflow(stack, 'EnrollmentStateMachine', {
      definitionPath: props.definitionPath,
      stateMachineName: enrollmentName,
      tasks: taskFunctions(ENROLLMENT_TASKS),
    });
    // The entry points start it; it does not know them, so they reference it and are deployed after it.
    this.startsEnrollment = { ENROLLMENT_STATE_MACHINE_ARN: this.stateMachine.stateMachineArn };
  }
}
