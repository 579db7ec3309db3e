import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack, type StatelessStackProps } from './stateless-stack.ts';

export interface LindungAppProps extends AppProps {
  /** Override the enrollment ASL (tests only, when the real file is absent). */
  readonly enrollmentWorkflowPath?: StatelessStackProps['enrollmentWorkflowPath'];
  /** Override the employer-notification ASL (tests only, when the real file is absent). */
  readonly employerNotificationWorkflowPath?: StatelessStackProps['employerNotificationWorkflowPath'];
}

/**
 * The lindung CDK app: a stateful and a stateless stack, environment-agnostic (no account or region is
 * baked in; `cdk deploy` takes them from the caller's profile), checked by cdk-nag AwsSolutions on every
 * synth. Any unacknowledged finding, warning or error, fails the synth.
 */
export function createLindungApp(props: LindungAppProps = {}) {
  const { enrollmentWorkflowPath, employerNotificationWorkflowPath, ...appProps } = props;
  const app = new App(appProps);
  const stateful = new StatefulStack(app, 'LindungStateful', {
    description:
      'lindung: data that outlives deployments (KMS key, upload bucket, tables, NIK HMAC secret, failed-events queue)',
  });
  const stateless = new StatelessStack(app, 'LindungStateless', {
    description:
      'lindung: functions, enrollment and employer-notification workflows, S3 notifications, schedule, alarm',
    data: stateful,
    ...(enrollmentWorkflowPath ? { enrollmentWorkflowPath } : {}),
    ...(employerNotificationWorkflowPath ? { employerNotificationWorkflowPath } : {}),
  });
  stateless.addStackDependency(stateful, 'reads the upload bucket through named stack outputs');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stateful, stateless };
}
