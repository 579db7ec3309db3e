import { TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { FunctionName } from '../stateless-stack.ts';
import type { WorkflowRef } from './data-access.ts';
import type { FunctionWiring } from './function-wiring.ts';
import { createWorkflow, workflowRef } from './workflow.ts';

/** ASL placeholder of workflows/employer-notification.asl.json → the function whose ARN replaces it. */
export const EMPLOYER_NOTIFICATION_TASKS = {
  PlanEmployerNoticesFunctionArn: 'plan-employer-notices',
  NotifyEmployerFunctionArn: 'notify-employer',
  SendEmployerDigestFunctionArn: 'send-employer-digest',
} as const satisfies Record<string, FunctionName>;

export interface EmployerNotificationWorkflowProps {
  /** workflows/employer-notification.asl.json, or a test's copy. */
  readonly definitionPath: string;
}

/**
 * The employer-notification workflow (plan-employer-notices → notify-employer → send-employer-digest) and its
 * daily run at 08:00 in the regency's time zone, input {} (every employer with outstanding workers). It knows
 * only its own three tasks: no reference to the enrollment workflow, which starts it (refer-employers).
 *
 * Built in the stack's scope, not as a construct of its own: a construct would prefix every logical ID with
 * its id and so replace the deployed functions, state machine and schedule.
 */
export class EmployerNotificationWorkflow {
  readonly stateMachine: sfn.StateMachine;
  /** Its ARN and its executions' ARNs, by reference. */
  readonly ref: WorkflowRef;
  readonly schedule: scheduler.Schedule;
  readonly scheduleRole: iam.Role;

  constructor(wiring: FunctionWiring, props: EmployerNotificationWorkflowProps) {
    const { stack, define, task, env, sendsNotices, config, taskFunctions } = wiring;
    define('plan-employer-notices', {
      ...task,
      bundleAreaData: true, // desa and kecamatan names of queued workers
      environment: env.employers,
    });
    const notifyEmployer = define('notify-employer', {
      ...task,
      environment: { ...env.employers, ...env.notices },
    });
    const sendEmployerDigest = define('send-employer-digest', {
      ...task,
      environment: { ...env.employers, ...env.notices },
    });
    sendsNotices(notifyEmployer);
    sendsNotices(sendEmployerDigest);

    this.stateMachine = createWorkflow(stack, 'EmployerNotificationStateMachine', {
      definitionPath: props.definitionPath,
      tasks: taskFunctions(EMPLOYER_NOTIFICATION_TASKS),
    });
    this.ref = workflowRef(this.stateMachine);

    this.scheduleRole = new iam.Role(stack, 'EmployerNotificationScheduleRole', {
      description:
        'EventBridge Scheduler: starts the lindung employer-notification state machine, nothing else',
      // Only schedules of this account's default schedule group (confused-deputy guard).
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            'aws:SourceArn': stack.formatArn({
              service: 'scheduler',
              resource: 'schedule-group',
              resourceName: 'default',
            }),
          },
        },
      }),
    });
    this.schedule = new scheduler.Schedule(stack, 'EmployerNotificationSchedule', {
      description:
        'lindung: daily employer-notification run (notices, escalations, digest of unknown employers)',
      schedule: scheduler.ScheduleExpression.cron({
        minute: '0',
        hour: '8',
        timeZone: TimeZone.of(config.timeZone),
      }),
      timeWindow: scheduler.TimeWindow.off(),
      // The target grants the role states:StartExecution on this state machine.
      target: new schedulerTargets.StepFunctionsStartExecution(this.stateMachine, {
        role: this.scheduleRole,
        input: scheduler.ScheduleTargetInput.fromObject({}),
      }),
    });
  }
}
