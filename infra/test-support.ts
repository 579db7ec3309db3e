import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { REPO_ROOT } from './constructs/lindung-function.ts';
import { createLindungApp } from './lindung-app.ts';
import { ENROLLMENT_WORKFLOW_PATH } from './stateless-stack.ts';

/** The context the CLI would pass: tests synthesize with the same feature flags as `cdk synth`. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')).context;
}

/** `${Name}`, a definition substitution placeholder. */
const sub = (name: string) => `\${${name}}`;

/** Used only when workflows/enrollment.asl.json is absent (it is another engineer's file). */
const TINY_WORKFLOW = {
  StartAt: 'RegisterWorkers',
  States: {
    RegisterWorkers: { Type: 'Task', Resource: sub('RegisterWorkersFunctionArn'), Next: 'ReserveQuota' },
    ReserveQuota: { Type: 'Task', Resource: sub('ReserveQuotaFunctionArn'), Next: 'EnrollWorkers' },
    EnrollWorkers: { Type: 'Task', Resource: sub('EnrollWorkersFunctionArn'), Next: 'FinalizeUpload' },
    FailEnrollment: { Type: 'Task', Resource: sub('FailEnrollmentFunctionArn'), End: true },
    FinalizeUpload: { Type: 'Task', Resource: sub('FinalizeUploadFunctionArn'), End: true },
  },
};

/**
 * Synthesizes the real app once (real esbuild bundles of the real handlers, cdk-nag on), into a temporary
 * directory so a concurrent `cdk synth` in cdk.out is not disturbed. Throws if cdk-nag reports anything.
 */
export function synthLindungApp() {
  const scratch = mkdtempSync(path.join(tmpdir(), 'lindung-infra-test-'));
  let workflowPath = ENROLLMENT_WORKFLOW_PATH;
  if (!existsSync(workflowPath)) {
    workflowPath = path.join(scratch, 'enrollment.asl.json');
    writeFileSync(workflowPath, JSON.stringify(TINY_WORKFLOW, null, 2));
  }
  const outdir = path.join(scratch, 'cdk.out');
  const built = createLindungApp({
    context: cdkJsonContext(),
    outdir,
    enrollmentWorkflowPath: workflowPath,
  });
  const assembly = built.app.synth();
  return {
    ...built,
    assembly,
    outdir,
    workflowPath,
    statefulTemplate: Template.fromStack(built.stateful),
    statelessTemplate: Template.fromStack(built.stateless),
    dispose: () => rmSync(scratch, { recursive: true, force: true }),
  };
}

export type SynthesizedLindung = ReturnType<typeof synthLindungApp>;

/** Logical ID of a construct's CloudFormation resource (its default child, or itself). */
export function logicalId(construct: IConstruct): string {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).resolve(element.logicalId) as string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Renders a CloudFormation value as a readable string: `{Fn::GetAtt: [X, Arn]}` → `X.Arn`, `{Ref: X}` → `X`,
 * joins concatenated, and `Fn::GetStackOutput` replaced by the producer's output value (so cross-stack
 * references render as the producer's `Logical.Arn`, whatever the generated output name).
 */
export function render(
  value: Json,
  outputsOf: (stackName: string) => Record<string, { Value: Json }>,
): string {
  const visit = (v: Json): string => {
    if (typeof v === 'string') return v;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return JSON.stringify(v);
    if ('Ref' in v) return String(v.Ref).startsWith('AWS::') ? `<${v.Ref}>` : String(v.Ref);
    const getAtt = v['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return `${visit(getAtt[0] ?? null)}.${visit(getAtt[1] ?? null)}`;
    const join = v['Fn::Join'];
    if (Array.isArray(join)) {
      const [separator, parts] = join;
      return (Array.isArray(parts) ? parts : []).map(visit).join(String(separator));
    }
    const output = v['Fn::GetStackOutput'];
    if (output && typeof output === 'object' && !Array.isArray(output)) {
      const produced = outputsOf(String(output.StackName))[String(output.OutputName)];
      if (!produced) throw new Error(`no output ${String(output.OutputName)} in ${String(output.StackName)}`);
      return visit(produced.Value);
    }
    return JSON.stringify(v);
  };
  return visit(value);
}

export interface Permission {
  resource: string;
  /** Rendered condition, e.g. `kms:ViaService=s3.<AWS::Region>.amazonaws.com`, if any. */
  condition?: string;
}

/**
 * The Allow statements of every IAM policy attached to a role, as action → sorted rendered resources (a
 * condition is appended as ` if <condition>`). Independent of how CDK merges statements into policies.
 */
export function permissionsOf(synth: SynthesizedLindung, template: Template, roleLogicalId: string) {
  const outputsOf = outputsIn(synth);
  const result: Record<string, string[]> = {};
  const policies = template.findResources('AWS::IAM::Policy');
  for (const policy of Object.values(policies)) {
    const roles = (policy.Properties.Roles ?? []) as Json[];
    if (!roles.some((r) => r && typeof r === 'object' && !Array.isArray(r) && r.Ref === roleLogicalId))
      continue;
    for (const statement of policy.Properties.PolicyDocument.Statement as Record<string, Json>[]) {
      if (statement.Effect !== 'Allow') continue;
      const actions = ([] as Json[]).concat(statement.Action ?? []).map(String);
      const resources = ([] as Json[]).concat(statement.Resource ?? []);
      const condition = statement.Condition ? ` if ${renderCondition(statement.Condition, outputsOf)}` : '';
      for (const action of actions) {
        for (const resource of resources) {
          const list = result[action] ?? [];
          list.push(`${render(resource, outputsOf)}${condition}`);
          result[action] = list;
        }
      }
    }
  }
  for (const [action, list] of Object.entries(result)) result[action] = [...new Set(list)].sort();
  return result;
}

function outputsIn(synth: SynthesizedLindung) {
  return (stackName: string) => {
    const stack = [synth.stateful, synth.stateless].find((s) => s.stackName === stackName);
    if (!stack) throw new Error(`unknown stack ${stackName}`);
    return (Template.fromStack(stack).toJSON().Outputs ?? {}) as Record<string, { Value: Json }>;
  };
}

/** `render` with the app's stacks as producers of `Fn::GetStackOutput` values. */
export function renderIn(synth: SynthesizedLindung, value: unknown): string {
  return render(value as Json, outputsIn(synth));
}

function renderCondition(
  condition: Json,
  outputsOf: (stackName: string) => Record<string, { Value: Json }>,
): string {
  if (!condition || typeof condition !== 'object' || Array.isArray(condition))
    return JSON.stringify(condition);
  return Object.entries(condition)
    .flatMap(([operator, clauses]) =>
      clauses && typeof clauses === 'object' && !Array.isArray(clauses)
        ? Object.entries(clauses).map(([k, v]) => `${operator} ${k}=${render(v, outputsOf)}`)
        : [`${operator}=${JSON.stringify(clauses)}`],
    )
    .join(' & ');
}
