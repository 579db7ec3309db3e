import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { FUNCTION_NAMES, type FunctionName } from '../stateless-stack.ts';
import { logicalId, renderIn, type SynthesizedLindung } from '../test-support.ts';
import { statelessLookups } from './stack-lookups.ts';

/**
 * The functions S3 invokes asynchronously (event notifications); every other one is a workflow task.
 * ingest-bpjs-claims is invoked asynchronously too, by the bucket's EventBridge rule (periodic-reports.ts).
 */
const S3_TRIGGERED: FunctionName[] = ['validate-upload', 'ingest-bpjs-ack', 'ingest-bpjs-claims'];

/**
 * infra/constructs/upload-intake.ts: the S3 notifications, asynchronous invocation and the failed-events alarm.
 * Assertions on the shared synthesized app (see stacks.test.ts).
 */
export function uploadIntakeSuite(get: () => SynthesizedLindung): void {
  describe('stateless stack', () => {
    const { synth, t, fn, resource, arns } = statelessLookups(get);

    describe('S3 notifications', () => {
      it('sends ObjectCreated under uploads/ to the validator and under inbound/bpjs/ to ingest-bpjs-ack', () => {
        const configuration = (prefix: string, name: FunctionName) => ({
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: prefix }] } },
          LambdaFunctionArn: { 'Fn::GetAtt': [logicalId(fn(name).function), 'Arn'] },
        });
        t().hasResourceProperties('Custom::S3BucketNotifications', {
          BucketName: {
            'Fn::GetStackOutput': { StackName: synth().stateful.stackName, OutputName: 'UploadBucketName' },
          },
          Managed: false,
          NotificationConfiguration: {
            LambdaFunctionConfigurations: [
              configuration('uploads/', 'validate-upload'),
              configuration('inbound/bpjs/', 'ingest-bpjs-ack'),
            ],
          },
        });
      });

      it.each(['validate-upload', 'ingest-bpjs-ack'] as const)(
        'lets only S3, for the upload bucket in this account, invoke %s',
        (name) => {
          t().hasResourceProperties('AWS::Lambda::Permission', {
            Action: 'lambda:InvokeFunction',
            FunctionName: { 'Fn::GetAtt': [logicalId(fn(name).function), 'Arn'] },
            Principal: 's3.amazonaws.com',
            SourceAccount: { Ref: 'AWS::AccountId' },
            SourceArn: {
              'Fn::GetStackOutput': { StackName: synth().stateful.stackName, OutputName: 'UploadBucketArn' },
            },
          });
        },
      );

      it('keeps the stateful stack free of notification resources (no cross-stack cycle)', () => {
        expect(synth().statefulTemplate.findResources('Custom::S3BucketNotifications')).toEqual({});
        expect(synth().stateful.bucket.node.tryFindChild('Notifications')).toBeUndefined();
      });
    });

    describe('asynchronous invocation (S3 events)', () => {
      /** Every EventInvokeConfig of the stack, by the lindung function it configures. */
      const invokeConfigs = () => {
        const byLogicalId = Object.fromEntries(
          FUNCTION_NAMES.map((name) => [logicalId(fn(name).function), name]),
        );
        return Object.values(t().findResources('AWS::Lambda::EventInvokeConfig')).map((r) => ({
          name: byLogicalId[r.Properties.FunctionName?.Ref] ?? JSON.stringify(r.Properties.FunctionName),
          properties: r.Properties,
        }));
      };

      it('exactly the S3-triggered functions and upload-failed have an async invoke configuration', () => {
        expect(
          invokeConfigs()
            .map((c) => c.name)
            .sort(),
        ).toEqual([...S3_TRIGGERED, 'upload-failed'].sort());
      });

      it('validate-upload: a failed event goes to upload-failed, which passes what it handled to the queue', () => {
        const config = (name: FunctionName) => invokeConfigs().find((c) => c.name === name)?.properties;
        expect(config('validate-upload')).toMatchObject({
          MaximumRetryAttempts: 2,
          MaximumEventAgeInSeconds: 6 * 3600,
        });
        const validator = config('validate-upload')?.DestinationConfig;
        expect(Object.keys(validator)).toEqual(['OnFailure']);
        expect(renderIn(synth(), validator.OnFailure.Destination)).toBe(
          `${logicalId(fn('upload-failed').function)}.Arn`,
        );
        const handler = config('upload-failed')?.DestinationConfig;
        expect(renderIn(synth(), handler.OnFailure.Destination)).toBe(arns().failedEvents);
        expect(renderIn(synth(), handler.OnSuccess.Destination)).toBe(arns().failedEvents);
      });

      it.each(['ingest-bpjs-ack'] as const)(
        '%s: a failed event goes to the failed-events queue after 2 retries, or once 6 hours old',
        (name) => {
          const config = invokeConfigs().find((c) => c.name === name);
          expect(config).toBeDefined();
          const { DestinationConfig, ...rest } = config?.properties ?? {};
          expect(rest).toEqual({
            FunctionName: { Ref: logicalId(fn(name).function) },
            Qualifier: '$LATEST',
            MaximumRetryAttempts: 2,
            MaximumEventAgeInSeconds: 6 * 3600,
          });
          // Only onFailure (a success needs no record); the stateful stack's queue, by its ARN.
          expect(Object.keys(DestinationConfig)).toEqual(['OnFailure']);
          expect(renderIn(synth(), DestinationConfig.OnFailure.Destination)).toBe(arns().failedEvents);
        },
      );
    });

    describe('failed-events alarm', () => {
      const alarm = () => t().toJSON().Resources[logicalId(synth().stateless.failedEventsAlarm)];

      it('fires on ApproximateNumberOfMessagesVisible >= 1 of the failed-events queue; missing data is not breaching', () => {
        resource(synth().stateless.failedEventsAlarm, {
          Type: 'AWS::CloudWatch::Alarm',
          Properties: {
            AlarmName: Match.absent(),
            Namespace: 'AWS/SQS',
            MetricName: 'ApproximateNumberOfMessagesVisible',
            Statistic: 'Maximum',
            Period: 300,
            EvaluationPeriods: 1,
            ComparisonOperator: 'GreaterThanOrEqualToThreshold',
            Threshold: 1,
            TreatMissingData: 'notBreaching',
            // No alarm topic is configured: the alarm is watched in CloudWatch.
            AlarmActions: Match.absent(),
          },
        });
        const dimensions = alarm().Properties.Dimensions as { Name: string; Value: unknown }[];
        expect(dimensions.map((d) => [d.Name, renderIn(synth(), d.Value)])).toEqual([
          ['QueueName', `${logicalId(synth().stateful.failedEventsQueue)}.QueueName`],
        ]);
      });

      it('its description says, in Bahasa Indonesia and in English, what happened and how to re-drive', () => {
        const description = String(alarm().Properties.AlarmDescription);
        expect(description.length).toBeLessThanOrEqual(1024); // CloudFormation's limit
        expect(description).toMatch(/^ID: .*EN: /s);
        for (const text of [
          'validate-upload',
          'ingest-bpjs-ack',
          'FailedEventsQueueUrl',
          'requestPayload',
          'aws s3 cp s3://BUCKET/KEY s3://BUCKET/KEY --metadata-directive REPLACE',
          'pekerja dalam berkas itu tidak terdaftar',
          'hapus pesannya',
          'workers in that file are not enrolled',
          'delete the message',
        ])
          expect(description).toContain(text);
      });
    });
  });
}
