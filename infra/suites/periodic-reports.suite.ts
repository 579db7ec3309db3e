import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { regencyConfig } from '../../src/shared/regency-config.ts';
import { logicalId, type SynthesizedLindung } from '../test-support.ts';

/** Issue #12 in the stateless stack: the report schedules in the regency's time zone, the claims-file route. */
export function periodicReportsSuite(get: () => SynthesizedLindung): void {
  describe('periodic reports and claims files', () => {
    let synth: SynthesizedLindung;
    let t: Template;
    beforeAll(() => {
      synth = get();
      t = synth.statelessTemplate;
    });
    const reports = () => synth.stateless.periodicReports;

    it.each([
      ['weekly', 'WeeklySchedule', 'cron(0 7 ? * MON *)'],
      ['monthly', 'MonthlySchedule', 'cron(0 7 1 * ? *)'],
    ])(
      '%s: an EventBridge Scheduler schedule at 07:00 Asia/Makassar invoking send-periodic-report',
      (kind, id, expression) => {
        const schedule = reports().schedules.find((s) => s.node.id === id);
        expect(schedule).toBeDefined();
        t.templateMatches({
          Resources: {
            [logicalId(schedule as NonNullable<typeof schedule>)]: {
              Type: 'AWS::Scheduler::Schedule',
              Properties: {
                ScheduleExpression: expression,
                ScheduleExpressionTimezone: regencyConfig.reports?.timeZone,
                FlexibleTimeWindow: { Mode: 'OFF' },
                Target: {
                  Arn: { 'Fn::GetAtt': [logicalId(reports().reportFunction.function), 'Arn'] },
                  RoleArn: { 'Fn::GetAtt': [logicalId(reports().scheduleRole), 'Arn'] },
                  Input: JSON.stringify({ kind }),
                  RetryPolicy: { MaximumRetryAttempts: 2 },
                },
              },
            },
          },
        });
      },
    );

    it('the time zone comes from the regency configuration, not from code', () => {
      expect(regencyConfig.reports?.timeZone).toBe('Asia/Makassar');
      const zones = Object.values(t.findResources('AWS::Scheduler::Schedule')).map(
        (r) => r.Properties.ScheduleExpressionTimezone,
      );
      expect(zones.filter((z) => z === 'Asia/Makassar').length).toBeGreaterThanOrEqual(3); // + the employer run
    });

    it('the schedule role may invoke the report function only, for schedules of this account', () => {
      t.templateMatches({
        Resources: {
          [logicalId(reports().scheduleRole)]: {
            Type: 'AWS::IAM::Role',
            Properties: {
              AssumeRolePolicyDocument: {
                Statement: [
                  Match.objectLike({
                    Principal: { Service: 'scheduler.amazonaws.com' },
                    Condition: {
                      StringEquals: Match.objectLike({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }),
                    },
                  }),
                ],
              },
            },
          },
        },
      });
      const policies = Object.values(t.findResources('AWS::IAM::Policy')).filter((p) =>
        JSON.stringify(p.Properties.Roles).includes(logicalId(reports().scheduleRole)),
      );
      const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
      expect([...new Set(statements.flatMap((s) => s.Action))]).toEqual(['lambda:InvokeFunction']);
      const fnId = logicalId(reports().reportFunction.function);
      const resources = statements.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
      expect(resources.length).toBeGreaterThan(0);
      for (const r of resources) expect(JSON.stringify(r)).toContain(fnId);
    });

    it('claims files under inbound/bpjs/claims/ reach ingest-bpjs-claims through the bucket’s EventBridge events', () => {
      t.hasResourceProperties('Custom::S3BucketNotifications', {
        NotificationConfiguration: Match.objectLike({ EventBridgeConfiguration: {} }),
      });
      t.templateMatches({
        Resources: {
          [logicalId(reports().claimsRule)]: {
            Type: 'AWS::Events::Rule',
            Properties: {
              EventPattern: {
                source: ['aws.s3'],
                'detail-type': ['Object Created'],
                detail: { object: { key: [{ prefix: 'inbound/bpjs/claims/' }] } },
              },
              Targets: [
                Match.objectLike({
                  Arn: { 'Fn::GetAtt': [logicalId(reports().claimsFunction.function), 'Arn'] },
                  RetryPolicy: { MaximumRetryAttempts: 2 },
                }),
              ],
            },
          },
        },
      });
    });
  });
}
