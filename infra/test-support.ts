import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { EMPLOYER_NOTIFICATION_TASKS } from './constructs/employer-notification-workflow.ts';
import { ENROLLMENT_TASKS } from './constructs/enrollment-workflow.ts';
import { REPO_ROOT } from './constructs/lindung-function.ts';
import { createLindungApp } from './lindung-app.ts';
import {
  EMPLOYER_NOTIFICATION_WORKFLOW_PATH,
  ENROLLMENT_WORKFLOW_PATH,
  type FunctionName,
} from './stateless-stack.ts';

/** The context the CLI would pass: tests synthesize with the same feature flags as `cdk synth`. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')).context;
}

/** A stand-in workflow whose tasks use exactly the given placeholders (one Task each, chained). */
export function tinyWorkflow(placeholders: readonly string[]) {
  const states = Object.fromEntries(
    placeholders.map((p, i) => [
      `Task${i}`,
      {
        Type: 'Task',
        Resource: `\${${p}}`,
        ...(i < placeholders.length - 1 ? { Next: `Task${i + 1}` } : { End: true }),
      },
    ]),
  );
  return { StartAt: 'Task0', States: states };
}

/**
 * The real workflow file, or, only when it is absent (workflows/ belongs to other engineers), a stand-in in the
 * scratch directory that uses exactly the placeholders the stack substitutes.
 */
function workflowFile(scratch: string, real: string, placeholders: readonly string[]): string {
  if (existsSync(real)) return real;
  const stand = path.join(scratch, path.basename(real));
  writeFileSync(stand, JSON.stringify(tinyWorkflow(placeholders), null, 2));
  return stand;
}

export interface SynthOptions {
  /** Context over cdk.json's (deployment settings variants). */
  readonly context?: Record<string, unknown>;
  /** false: skip esbuild bundling (templates and IAM only). @default true */
  readonly bundle?: boolean;
}

/**
 * Synthesizes the real app once (real esbuild bundles of the real handlers, cdk-nag on), into a temporary
 * directory so a concurrent `cdk synth` in cdk.out is not disturbed. Throws if cdk-nag reports anything.
 */
export function synthLindungApp(options: SynthOptions = {}) {
  const scratch = mkdtempSync(path.join(tmpdir(), 'lindung-infra-test-'));
  const workflowPath = workflowFile(scratch, ENROLLMENT_WORKFLOW_PATH, Object.keys(ENROLLMENT_TASKS));
  const employerWorkflowPath = workflowFile(
    scratch,
    EMPLOYER_NOTIFICATION_WORKFLOW_PATH,
    Object.keys(EMPLOYER_NOTIFICATION_TASKS),
  );
  const outdir = path.join(scratch, 'cdk.out');
  const built = createLindungApp({
    context: {
      ...cdkJsonContext(),
      ...options.context,
      // CDK's own switch: no stack is bundled (assets are placeholders), for fast variant synths.
      ...(options.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {}),
    },
    outdir,
    enrollmentWorkflowPath: workflowPath,
    employerNotificationWorkflowPath: employerWorkflowPath,
  });
  const assembly = built.app.synth();
  return {
    ...built,
    assembly,
    outdir,
    workflowPath,
    employerWorkflowPath,
    statefulTemplate: Template.fromStack(built.stateful),
    statelessTemplate: Template.fromStack(built.stateless),
    dispose: () => rmSync(scratch, { recursive: true, force: true }),
  };
}

export type SynthesizedLindung = ReturnType<typeof synthLindungApp>;

/** The environment variables of one of the stateless stack's functions, as synthesized. */
export function functionEnvironment(s: SynthesizedLindung, name: FunctionName): Record<string, unknown> {
  return s.statelessTemplate.toJSON().Resources[logicalId(s.stateless.functions[name].function)].Properties
    .Environment.Variables;
}

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

/**
 * Reference cycles between the resources of one template (Ref, Fn::GetAtt, Fn::Sub, DependsOn), each as the
 * chain of logical ids that closes it. CDK reports cycles between stacks, but one inside a stack only fails at
 * deploy time ("Circular dependency between resources").
 */
export function referenceCycles(template: {
  Resources?: Record<string, Record<string, unknown>>;
}): string[][] {
  const resources = template.Resources ?? {};
  const edges = new Map<string, Set<string>>();
  const collect = (value: unknown, into: Set<string>): void => {
    if (Array.isArray(value)) for (const v of value) collect(v, into);
    else if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      if (typeof o.Ref === 'string' && o.Ref in resources) into.add(o.Ref);
      const getAtt = o['Fn::GetAtt'];
      if (Array.isArray(getAtt) && typeof getAtt[0] === 'string' && getAtt[0] in resources)
        into.add(getAtt[0]);
      const sub = o['Fn::Sub'];
      const text = Array.isArray(sub) ? sub[0] : sub;
      if (typeof text === 'string') {
        for (const m of text.matchAll(/\$\{([A-Za-z0-9]+)(\.[A-Za-z0-9.]+)?\}/g)) {
          if (m[1] && m[1] in resources) into.add(m[1]);
        }
      }
      for (const v of Object.values(o)) collect(v, into);
    }
  };
  for (const [id, resource] of Object.entries(resources)) {
    const into = new Set<string>();
    collect(resource.Properties, into);
    for (const d of ([] as unknown[]).concat(resource.DependsOn ?? []))
      if (typeof d === 'string') into.add(d);
    edges.set(id, into);
  }
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string, trail: string[]): void => {
    state.set(id, 'open');
    const path = [...trail, id];
    for (const next of edges.get(id) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next, path);
    }
    state.set(id, 'done');
  };
  for (const id of edges.keys()) if (!state.has(id)) visit(id, []);
  return cycles;
}
