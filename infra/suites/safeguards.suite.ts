import { describe, expect, it } from 'vitest';
import { RETENTION_PREFIXES } from '../safeguards.ts';
import { FUNCTION_NAMES } from '../stateless-stack.ts';
import { logicalId, permissionsOf, type SynthesizedLindung } from '../test-support.ts';
import { statelessLookups } from './stack-lookups.ts';

/** Least privilege of the untrusted-file parser, no unused DynamoDB action, retention of every prefix, the brake. */
export function safeguardsSuite(get: () => SynthesizedLindung): void {
  describe('safeguards', () => {
    const { synth, t, permissions, functionResource } = statelessLookups(get);

    it('validate-upload, which parses untrusted files, can touch neither the workers table nor the NIK HMAC secret', () => {
      const workers = `${logicalId(synth().stateful.workersTable)}.Arn`;
      const granted = Object.entries(permissions('validate-upload'));
      expect(granted.filter(([, resources]) => resources.some((r) => r.startsWith(workers)))).toEqual([]);
      expect(granted.filter(([action]) => action.startsWith('secretsmanager:'))).toEqual([]);
      expect(granted.filter(([, resources]) => resources.some((r) => r.includes('secretsmanager')))).toEqual(
        [],
      );
      expect(
        functionResource('validate-upload').Properties.Environment.Variables.NIK_HMAC_SECRET_ARN,
      ).toBeUndefined();
    });

    it('no role may scan, write in batches, check conditions or transact; only plan-employer-notices deletes', () => {
      const unused =
        /^dynamodb:(Scan|BatchWriteItem|ConditionCheckItem|Transact\w+|PartiQL\w+|DeleteTable|\w*\*)$/;
      const roles = Object.keys(t().findResources('AWS::IAM::Role'));
      const deleters: string[] = [];
      for (const role of roles) {
        const actions = Object.keys(permissionsOf(synth(), t(), role));
        expect(
          actions.filter((a) => unused.test(a)),
          role,
        ).toEqual([]);
        if (actions.includes('dynamodb:DeleteItem')) deleters.push(role);
      }
      expect(deleters).toEqual([logicalId(synth().stateless.functions['plan-employer-notices'].role)]);
    });

    it('every prefix a function may write has a retention (lifecycle rule)', () => {
      const written = FUNCTION_NAMES.flatMap((name) => permissions(name)['s3:PutObject'] ?? []).map(
        (arn) => arn.split('.Arn/')[1]?.replace(/\*$/, '') ?? arn,
      );
      expect(written.length).toBeGreaterThan(0);
      for (const prefix of written)
        expect(
          RETENTION_PREFIXES.some((p) => prefix.startsWith(p)),
          prefix,
        ).toBe(true);
    });

    it('validate-upload runs at most 4 files at once (lindung:validatorConcurrency); no other function is capped', () => {
      for (const name of FUNCTION_NAMES)
        expect(functionResource(name).Properties.ReservedConcurrentExecutions, name).toBe(
          name === 'validate-upload' ? 4 : undefined,
        );
    });

    it('alarms as soon as validate-upload is throttled, saying so in Bahasa Indonesia and English', () => {
      const alarm = t().toJSON().Resources[logicalId(synth().stateless.validatorThrottledAlarm)].Properties;
      expect(alarm).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Throttles',
        Statistic: 'Sum',
        Period: 900,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        Dimensions: [
          {
            Name: 'FunctionName',
            Value: { Ref: logicalId(synth().stateless.functions['validate-upload'].function) },
          },
        ],
      });
      expect(alarm.AlarmDescription.length).toBeLessThanOrEqual(1024);
      expect(alarm.AlarmDescription).toMatch(
        /^ID: validate-upload sedang dibatasi: 4 berkas.*EN: validate-upload is throttled/s,
      );
    });
  });
}
