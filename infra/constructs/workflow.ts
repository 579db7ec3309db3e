import { existsSync, readFileSync } from 'node:fs';
import { Annotations, ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { WorkflowRef } from './data-access.ts';
import type { LindungFunction } from './lindung-function.ts';

export interface WorkflowProps {
  /** The ASL file in workflows/, deployed as is (the file the local stack runs). */
  readonly definitionPath: string;
  /** `${Name}` placeholder → the task function whose ARN replaces it. */
  readonly tasks: Record<string, LindungFunction>;
  /** A fixed name, only where an ARN must be known without referencing the state machine (see the caller). */
  readonly stateMachineName?: string;
}

/**
 * A lindung workflow: `workflows/<name>.asl.json` itself (`DefinitionBody.fromFile`), the task function ARNs
 * passed as `definitionSubstitutions`, STANDARD type, X-Ray tracing, logs at level ALL *without* execution data
 * (inputs and outputs carry worker rows: NIK, names, birth dates; protected personal data under UU 27/2022) kept
 * 3 months, and a role that may invoke exactly the task functions. `id` is the state machine's construct id in
 * `scope`; its log group is `<id>Logs`.
 */
export function createWorkflow(scope: Construct, id: string, props: WorkflowProps): sfn.StateMachine {
  checkSubstitutions(scope, props.definitionPath, Object.keys(props.tasks));
  const functions = Object.values(props.tasks).map((t) => t.function);

  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: logs.RetentionDays.THREE_MONTHS });
  const stateMachine = new sfn.StateMachine(scope, id, {
    ...(props.stateMachineName ? { stateMachineName: props.stateMachineName } : {}),
    stateMachineType: sfn.StateMachineType.STANDARD,
    definitionBody: sfn.DefinitionBody.fromFile(props.definitionPath),
    definitionSubstitutions: Object.fromEntries(
      Object.entries(props.tasks).map(([name, t]) => [name, t.function.functionArn]),
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
      'is scoped to the task function ARNs (asserted in infra/suites/workflows.suite.ts).',
  });
  return stateMachine;
}

/** ARNs of a state machine and of its executions, built from its name (no reference to the resource). */
export function workflowArns(scope: Construct, stateMachineName: string): WorkflowRef {
  const stack = Stack.of(scope);
  const arn = (resource: string, resourceName: string) =>
    stack.formatArn({ service: 'states', resource, resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  return {
    stateMachineArn: arn('stateMachine', stateMachineName),
    executionsArn: arn('execution', `${stateMachineName}:*`),
  };
}

/** The ARNs of a state machine in this app, by reference (the consumer then depends on it). */
export function workflowRef(stateMachine: sfn.StateMachine): WorkflowRef {
  return {
    stateMachineArn: stateMachine.stateMachineArn,
    executionsArn: workflowArns(stateMachine, stateMachine.stateMachineName).executionsArn,
  };
}

/**
 * Every `${Name}` in the ASL needs a substitution (an unresolved one would only fail at deploy time); a
 * substitution the ASL does not use is reported as a warning (the role may invoke a function it never calls).
 */
export function checkSubstitutions(scope: Construct, definitionPath: string, names: string[]): void {
  if (!existsSync(definitionPath)) {
    throw new Error(`Workflow definition not found: ${definitionPath}`);
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
