import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import { EMPLOYER_NOTIFICATION_TASKS } from '../constructs/employer-notification-workflow.ts';
import { ENROLLMENT_TASKS } from '../constructs/enrollment-workflow.ts';
import type { FunctionName } from '../stateless-stack.ts';
import { logicalId, permissionsOf, renderIn, type SynthesizedLindung } from '../test-support.ts';
import { ENROLLMENT_NAME, statelessLookups } from './stack-lookups.ts';

/**
 * infra/constructs/enrollment-workflow.ts and employer-notification-workflow.ts: both state machines and the
 * daily schedule. Assertions on the shared synthesized app (see stacks.test.ts).
 */
export function workflowsSuite(get: () => SynthesizedLindung): void {
  describe('stateless stack', () => {
    const { synth, t, fn, resource, employerSm } = statelessLookups(get);

    describe.each([
      {
        workflow: 'enrollment',
        stateMachine: (s: SynthesizedLindung) => s.stateless.enrollmentStateMachine,
        file: (s: SynthesizedLindung) => s.workflowPath,
        tasks: ENROLLMENT_TASKS as Record<string, FunctionName>,
        name: ENROLLMENT_NAME,
      },
      {
        workflow: 'employer-notification',
        stateMachine: (s: SynthesizedLindung) => s.stateless.employerNotificationStateMachine,
        file: (s: SynthesizedLindung) => s.employerWorkflowPath,
        tasks: EMPLOYER_NOTIFICATION_TASKS as Record<string, FunctionName>,
        name: undefined,
      },
    ])('$workflow state machine', ({ stateMachine, file, tasks, name }) => {
      const sm = (): sfn.StateMachine => stateMachine(synth());

      it('is STANDARD, logs ALL without execution data (3 months), traces with X-Ray', () => {
        const logGroupId = `${sm().node.id}Logs`;
        resource(sm(), {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: {
            StateMachineType: 'STANDARD',
            LoggingConfiguration: {
              Level: 'ALL',
              IncludeExecutionData: false,
              Destinations: [
                {
                  CloudWatchLogsLogGroup: {
                    LogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${logGroupId}`), 'Arn'] },
                  },
                },
              ],
            },
            TracingConfiguration: { Enabled: true },
          },
        });
        const logGroup = sm().stack.node.findChild(logGroupId);
        resource(logGroup, {
          Type: 'AWS::Logs::LogGroup',
          Properties: { RetentionInDays: 90, LogGroupName: Match.absent() },
        });
      });

      it(
        name ? `is named ${name} (functions it invokes build its ARN from the name)` : 'has no fixed name',
        () => {
          resource(sm(), { Properties: { StateMachineName: name ?? Match.absent() } });
        },
      );

      it('substitutes exactly its task function ARNs into the definition', () => {
        const arn = (f: FunctionName) => ({ 'Fn::GetAtt': [logicalId(fn(f).function), 'Arn'] });
        resource(sm(), {
          Properties: {
            DefinitionSubstitutions: Match.objectEquals(
              Object.fromEntries(Object.entries(tasks).map(([placeholder, f]) => [placeholder, arn(f)])),
            ),
          },
        });
      });

      it('deploys the workflows/ file itself (DefinitionBody.fromFile), which uses every substitution', () => {
        const props = t().toJSON().Resources[logicalId(sm())].Properties;
        // fromFile uploads the file as an asset: the template carries its S3 location, not a DefinitionString.
        expect(props.DefinitionString).toBeUndefined();
        const staged = path.join(synth().assembly.directory, `asset.${props.DefinitionS3Location.Key}`);
        expect(existsSync(staged)).toBe(true);
        const asl = readFileSync(staged, 'utf8');
        expect(asl).toBe(readFileSync(file(synth()), 'utf8'));
        for (const placeholder of Object.keys(props.DefinitionSubstitutions))
          expect(asl).toContain(`\${${placeholder}}`);
      });

      it('may invoke exactly its task functions, by unqualified ARN', () => {
        const p = permissionsOf(synth(), t(), logicalId(sm().role));
        expect(p['lambda:InvokeFunction']).toEqual(
          Object.values(tasks)
            .map((f) => `${logicalId(fn(f).function)}.Arn`)
            .sort(),
        );
        expect(p['states:StartExecution']).toBeUndefined();
      });
    });

    describe('daily employer-notification schedule', () => {
      it('starts the employer-notification state machine at 08:00 WITA with input {}', () => {
        resource(synth().stateless.employerNotificationSchedule, {
          Type: 'AWS::Scheduler::Schedule',
          Properties: {
            Name: Match.absent(),
            ScheduleExpression: 'cron(0 8 * * ? *)',
            ScheduleExpressionTimezone: 'Asia/Makassar',
            FlexibleTimeWindow: { Mode: 'OFF' },
            State: 'ENABLED',
            Target: {
              Arn: { Ref: employerSm() },
              Input: '{}',
              RoleArn: {
                'Fn::GetAtt': [logicalId(synth().stateless.employerNotificationScheduleRole), 'Arn'],
              },
            },
          },
        });
      });

      it('its role may only start executions of that state machine, and only Scheduler in this account may assume it', () => {
        const role = synth().stateless.employerNotificationScheduleRole;
        expect(permissionsOf(synth(), t(), logicalId(role))).toEqual({
          'states:StartExecution': [employerSm()],
        });
        const trust = t().toJSON().Resources[logicalId(role)].Properties.AssumeRolePolicyDocument.Statement;
        expect(trust).toHaveLength(1);
        expect(trust[0]).toMatchObject({
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
        });
        const condition = trust[0].Condition.StringEquals;
        expect(renderIn(synth(), condition['aws:SourceAccount'])).toBe('<AWS::AccountId>');
        expect(renderIn(synth(), condition['aws:SourceArn'])).toBe(
          'arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule-group/default',
        );
      });
    });
  });
}
