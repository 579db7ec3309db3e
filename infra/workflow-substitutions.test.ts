import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { EMPLOYER_NOTIFICATION_TASKS } from './constructs/employer-notification-workflow.ts';
import { ENROLLMENT_TASKS } from './constructs/enrollment-workflow.ts';
import { checkSubstitutions } from './constructs/workflow.ts';
import { EMPLOYER_NOTIFICATION_WORKFLOW_PATH, ENROLLMENT_WORKFLOW_PATH } from './stateless-stack.ts';
import { tinyWorkflow } from './test-support.ts';

const NAMES = Object.keys(ENROLLMENT_TASKS);
const scratch = mkdtempSync(path.join(tmpdir(), 'lindung-asl-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A tiny ASL in the test's tmp dir whose tasks use the given placeholders. */
function asl(file: string, placeholders: string[]): string {
  const target = path.join(scratch, file);
  writeFileSync(target, JSON.stringify(tinyWorkflow(placeholders)));
  return target;
}

const stack = () => new Stack(new App(), 'Check');

describe('workflow definition substitutions', () => {
  it('workflows/enrollment.asl.json uses exactly the task function ARNs the stack substitutes', () => {
    const s = stack();
    checkSubstitutions(s, ENROLLMENT_WORKFLOW_PATH, NAMES);
    expect(Annotations.fromStack(s).findWarning('*', Match.anyValue())).toEqual([]);
  });

  it('workflows/employer-notification.asl.json uses exactly the task function ARNs the stack substitutes', () => {
    const s = stack();
    checkSubstitutions(s, EMPLOYER_NOTIFICATION_WORKFLOW_PATH, Object.keys(EMPLOYER_NOTIFICATION_TASKS));
    expect(Annotations.fromStack(s).findWarning('*', Match.anyValue())).toEqual([]);
  });

  it('fails the synth on a placeholder the stack does not substitute', () => {
    const file = asl('unknown.asl.json', [...NAMES, 'NotifyEmployerFunctionArn']);
    expect(() => checkSubstitutions(stack(), file, NAMES)).toThrow(/uses \$\{NotifyEmployerFunctionArn\}/);
  });

  it('warns about a substitution the definition does not use', () => {
    const s = stack();
    checkSubstitutions(s, asl('partial.asl.json', NAMES.slice(0, 3)), NAMES);
    const warnings = Annotations.fromStack(s).findWarning(
      '*',
      Match.stringLikeRegexp('FinalizeUploadFunctionArn'),
    );
    expect(warnings).toHaveLength(1);
  });

  it('names the missing file', () => {
    const missing = path.join(scratch, 'missing.asl.json');
    expect(() => checkSubstitutions(stack(), missing, NAMES)).toThrow(missing);
  });
});
