import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LindungFunction } from '../constructs/lindung-function.ts';
import { logicalId, permissionsOf, renderIn, type SynthesizedLindung } from '../test-support.ts';

/** Assertions on the shared synthesized app (see stacks.test.ts). */
export function statelessStackSuite(get: () => SynthesizedLindung): void {
  describe('stateless stack', () => {
    let synth: SynthesizedLindung;
    let t: Template;

    beforeAll(() => {
      synth = get();
      t = synth.statelessTemplate;
    });

    const NAMES = [
      'validate-upload',
      'register-workers',
      'reserve-quota',
      'enroll-workers',
      'fail-enrollment',
      'finalize-upload',
    ] as const;
    type Name = (typeof NAMES)[number];

    function fn(name: Name): LindungFunction {
      const s = synth.stateless;
      return {
        'validate-upload': s.validateUpload,
        'register-workers': s.registerWorkers,
        'reserve-quota': s.reserveQuota,
        'enroll-workers': s.enrollWorkers,
        'fail-enrollment': s.failEnrollment,
        'finalize-upload': s.finalizeUpload,
      }[name];
    }

    const functionResource = (name: Name) => t.toJSON().Resources[logicalId(fn(name).function)];
    const resource = (construct: Parameters<typeof logicalId>[0], expected: Record<string, unknown>) =>
      t.templateMatches({ Resources: { [logicalId(construct)]: expected } });

    /** Rendered ARNs of the stateful resources, as `render` prints them. */
    const arns = () => {
      const { stateful } = synth;
      return {
        bucket: `${logicalId(stateful.bucket)}.Arn`,
        key: `${logicalId(stateful.key)}.Arn`,
        uploads: `${logicalId(stateful.uploadsTable)}.Arn`,
        workers: `${logicalId(stateful.workersTable)}.Arn`,
        programmes: `${logicalId(stateful.programmesTable)}.Arn`,
        secret: logicalId(stateful.nikHmacSecret),
      };
    };
    const via = (service: string) => ` if StringEquals kms:ViaService=${service}.<AWS::Region>.amazonaws.com`;
    const permissions = (name: Name) => permissionsOf(synth, t, logicalId(fn(name).role));

    describe('the house Lambda construct', () => {
      it.each(NAMES)(
        '%s: arm64, nodejs22.x, active tracing, source maps, Powertools, its own log group',
        (name) => {
          const f = fn(name);
          resource(f.function, {
            Type: 'AWS::Lambda::Function',
            Properties: {
              FunctionName: Match.absent(),
              Architectures: ['arm64'],
              Runtime: 'nodejs22.x',
              TracingConfig: { Mode: 'Active' },
              Handler: 'index.handler',
              Role: { 'Fn::GetAtt': [logicalId(f.role), 'Arn'] },
              LoggingConfig: { LogGroup: { Ref: logicalId(f.logGroup) } },
              Environment: {
                Variables: {
                  NODE_OPTIONS: '--enable-source-maps',
                  POWERTOOLS_SERVICE_NAME: name,
                  POWERTOOLS_METRICS_NAMESPACE: 'lindung',
                  POWERTOOLS_LOG_LEVEL: 'INFO',
                },
              },
            },
          });
          resource(f.logGroup, {
            Type: 'AWS::Logs::LogGroup',
            Properties: { RetentionInDays: 30, LogGroupName: Match.absent() },
          });
          // No AWS managed policy (AWSLambdaBasicExecutionRole would allow logs:* on every log group).
          resource(f.role, { Type: 'AWS::IAM::Role', Properties: { ManagedPolicyArns: Match.absent() } });
          expect(permissions(name)['logs:PutLogEvents']).toEqual([`${logicalId(f.logGroup)}.Arn`]);
        },
      );

      it.each(NAMES)(
        '%s: bundled by esbuild from its handler.ts as minified ESM with a source map',
        (name) => {
          // The staged asset directory is asset.<hash>, the same hash as the S3 key of the function code.
          const hash = String(functionResource(name).Properties.Code.S3Key).replace(/\.zip$/, '');
          const dir = path.join(synth.assembly.directory, `asset.${hash}`);
          expect(readdirSync(dir).sort()).toEqual(['index.mjs', 'index.mjs.map']);
          const bundle = readFileSync(path.join(dir, 'index.mjs'), 'utf8');
          expect(
            bundle.startsWith("import { createRequire as __lindungCreateRequire } from 'node:module';"),
          ).toBe(true);
          expect(bundle).toMatch(/export\s*\{[^}]*\bas handler\b|export\s*\{[^}]*\bhandler\b/);
        },
      );

      it('sizes: validate-upload 2048 MB / 15 min, workflow tasks 1024 MB / 5 min', () => {
        expect(functionResource('validate-upload').Properties).toMatchObject({
          MemorySize: 2048,
          Timeout: 900,
        });
        for (const name of NAMES.filter((n) => n !== 'validate-upload')) {
          expect(functionResource(name).Properties).toMatchObject({ MemorySize: 1024, Timeout: 300 });
        }
      });

      it.each(NAMES)('%s: environment names the bucket, tables and secret (no hard-coded names)', (name) => {
        const vars = functionResource(name).Properties.Environment.Variables;
        const { stateful } = synth;
        expect(renderIn(synth, vars.BUCKET_NAME)).toBe(logicalId(stateful.bucket));
        expect(renderIn(synth, vars.UPLOADS_TABLE)).toBe(logicalId(stateful.uploadsTable));
        expect(renderIn(synth, vars.WORKERS_TABLE)).toBe(logicalId(stateful.workersTable));
        expect(renderIn(synth, vars.PROGRAMMES_TABLE)).toBe(logicalId(stateful.programmesTable));
        expect(renderIn(synth, vars.NIK_HMAC_SECRET_ARN)).toBe(logicalId(stateful.nikHmacSecret));
        if (name === 'validate-upload') {
          expect(vars.ENROLLMENT_STATE_MACHINE_ARN).toEqual({
            Ref: logicalId(synth.stateless.enrollmentStateMachine),
          });
        } else {
          expect(vars.ENROLLMENT_STATE_MACHINE_ARN).toBeUndefined();
        }
      });
    });

    describe('S3 → validate-upload notification', () => {
      it('sends ObjectCreated under uploads/ to the validator, from the stateless stack', () => {
        t.hasResourceProperties('Custom::S3BucketNotifications', {
          BucketName: {
            'Fn::GetStackOutput': { StackName: synth.stateful.stackName, OutputName: 'UploadBucketName' },
          },
          Managed: false,
          NotificationConfiguration: {
            LambdaFunctionConfigurations: [
              {
                Events: ['s3:ObjectCreated:*'],
                Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
                LambdaFunctionArn: {
                  'Fn::GetAtt': [logicalId(synth.stateless.validateUpload.function), 'Arn'],
                },
              },
            ],
          },
        });
      });

      it('lets only S3, for the upload bucket in this account, invoke the validator', () => {
        t.hasResourceProperties('AWS::Lambda::Permission', {
          Action: 'lambda:InvokeFunction',
          FunctionName: { 'Fn::GetAtt': [logicalId(synth.stateless.validateUpload.function), 'Arn'] },
          Principal: 's3.amazonaws.com',
          SourceAccount: { Ref: 'AWS::AccountId' },
          SourceArn: {
            'Fn::GetStackOutput': { StackName: synth.stateful.stackName, OutputName: 'UploadBucketArn' },
          },
        });
      });

      it('keeps the stateful stack free of notification resources (no cross-stack cycle)', () => {
        expect(synth.statefulTemplate.findResources('Custom::S3BucketNotifications')).toEqual({});
        expect(synth.stateful.bucket.node.tryFindChild('Notifications')).toBeUndefined();
      });
    });

    describe('IAM least privilege', () => {
      it('validate-upload: reads uploads/, writes staging/ and reports/, uploads table r/w, workers read, starts the workflow', () => {
        const a = arns();
        const readUploads = [
          a.uploads,
          `${a.uploads}/index/byUploader`,
          a.workers,
          `${a.workers}/index/byArea`,
          `${a.workers}/index/byUpload`,
          `${a.workers}/index/waitlist`,
        ].sort();
        const writeObjects = [`${a.bucket}/reports/*`, `${a.bucket}/staging/*`];
        const logGroup = `${logicalId(synth.stateless.validateUpload.logGroup)}.Arn`;
        expect(permissions('validate-upload')).toEqual({
          'logs:CreateLogStream': [logGroup],
          'logs:PutLogEvents': [logGroup],
          'xray:PutTelemetryRecords': ['*'],
          'xray:PutTraceSegments': ['*'],
          's3:GetObject': [`${a.bucket}/uploads/*`],
          's3:GetObjectVersion': [`${a.bucket}/uploads/*`],
          's3:PutObject': writeObjects,
          's3:AbortMultipartUpload': writeObjects,
          'dynamodb:GetItem': readUploads,
          'dynamodb:BatchGetItem': readUploads,
          'dynamodb:Query': readUploads,
          'dynamodb:ConditionCheckItem': readUploads,
          'dynamodb:PutItem': [a.uploads],
          'dynamodb:UpdateItem': [a.uploads],
          'dynamodb:DeleteItem': [a.uploads],
          'dynamodb:BatchWriteItem': [a.uploads],
          'kms:Decrypt': [a.key + via('dynamodb'), a.key + via('s3'), a.key + via('secretsmanager')].sort(),
          'kms:DescribeKey': [a.key + via('dynamodb')],
          'kms:Encrypt': [a.key + via('dynamodb')],
          'kms:GenerateDataKey': [a.key + via('dynamodb'), a.key + via('s3')].sort(),
          'states:StartExecution': [logicalId(synth.stateless.enrollmentStateMachine)],
          'states:DescribeExecution': [
            `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${logicalId(synth.stateless.enrollmentStateMachine)}.Name:*`,
          ],
          'secretsmanager:GetSecretValue': [a.secret],
        });
      });

      const TASK_TABLES: Record<
        Exclude<Name, 'validate-upload'>,
        ('uploads' | 'workers' | 'programmes')[]
      > = {
        'register-workers': ['uploads', 'workers'],
        'reserve-quota': ['programmes', 'uploads', 'workers'],
        'enroll-workers': ['programmes', 'uploads', 'workers'],
        'fail-enrollment': ['programmes', 'uploads', 'workers'],
        'finalize-upload': ['uploads', 'workers'],
      };

      it.each(Object.entries(TASK_TABLES))(
        '%s: reads staging/, writes exactly the tables %j',
        (name, tables) => {
          const a = arns();
          const p = permissions(name as Name);
          expect(p['s3:GetObject']).toEqual([`${a.bucket}/staging/*`]);
          // Only enrollment writes objects: its BPJS batch files.
          expect(p['s3:PutObject']).toEqual(
            name === 'enroll-workers' ? [`${a.bucket}/outbound/bpjs/*`] : undefined,
          );
          expect(p['states:StartExecution']).toBeUndefined();
          expect(p['dynamodb:PutItem']).toEqual(tables.map((table) => a[table]).sort());
          expect(p['dynamodb:UpdateItem']).toEqual(tables.map((table) => a[table]).sort());
          expect(p['dynamodb:Scan']).toBeUndefined();
          expect(p['secretsmanager:GetSecretValue']).toEqual([a.secret]);
          expect(p['kms:Decrypt']).toEqual(
            [a.key + via('dynamodb'), a.key + via('s3'), a.key + via('secretsmanager')].sort(),
          );
        },
      );

      it('grants "*" only for X-Ray and log delivery, other wildcards only for object-key prefixes and executions', () => {
        const resourceStar =
          /^(xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets)|logs:(CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups))$/;
        // Object-key prefixes, and the executions of the enrollment state machine (named by upload id).
        const ALLOWED_WILDCARD_RESOURCE =
          /\.Arn\/(uploads|staging|reports|outbound\/bpjs)\/\*$|:execution:EnrollmentStateMachine\w+\.Name:\*$/;
        const roles = Object.keys(t.findResources('AWS::IAM::Role'));
        let checked = 0;
        for (const role of roles) {
          for (const [action, resources] of Object.entries(permissionsOf(synth, t, role))) {
            expect(action, `${role}: action wildcard`).not.toContain('*');
            for (const resource of resources) {
              if (resource === '*') expect(action, `${role}: ${action} on *`).toMatch(resourceStar);
              else if (resource.includes('*')) expect(resource, role).toMatch(ALLOWED_WILDCARD_RESOURCE);
              checked++;
            }
          }
        }
        expect(checked).toBeGreaterThan(0);
      });
    });

    describe('enrollment state machine', () => {
      it('is STANDARD, logs ALL without execution data, traces with X-Ray', () => {
        const sm = synth.stateless.enrollmentStateMachine;
        resource(sm, {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: {
            StateMachineName: Match.absent(),
            StateMachineType: 'STANDARD',
            LoggingConfiguration: {
              Level: 'ALL',
              IncludeExecutionData: false,
              Destinations: [
                {
                  CloudWatchLogsLogGroup: {
                    LogGroupArn: {
                      'Fn::GetAtt': [Match.stringLikeRegexp('^EnrollmentStateMachineLogs'), 'Arn'],
                    },
                  },
                },
              ],
            },
            TracingConfiguration: { Enabled: true },
          },
        });
        t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90, LogGroupName: Match.absent() });
      });

      it('substitutes the task function ARNs into the definition', () => {
        const s = synth.stateless;
        const arn = (f: LindungFunction) => ({ 'Fn::GetAtt': [logicalId(f.function), 'Arn'] });
        resource(s.enrollmentStateMachine, {
          Properties: {
            DefinitionSubstitutions: Match.objectEquals({
              RegisterWorkersFunctionArn: arn(s.registerWorkers),
              ReserveQuotaFunctionArn: arn(s.reserveQuota),
              EnrollWorkersFunctionArn: arn(s.enrollWorkers),
              FailEnrollmentFunctionArn: arn(s.failEnrollment),
              FinalizeUploadFunctionArn: arn(s.finalizeUpload),
            }),
          },
        });
      });

      it('deploys workflows/enrollment.asl.json itself (DefinitionBody.fromFile), which uses every substitution', () => {
        const sm = t.toJSON().Resources[logicalId(synth.stateless.enrollmentStateMachine)].Properties;
        // fromFile uploads the file as an asset: the template carries its S3 location, not a DefinitionString.
        expect(sm.DefinitionString).toBeUndefined();
        const staged = path.join(synth.assembly.directory, `asset.${sm.DefinitionS3Location.Key}`);
        expect(existsSync(staged)).toBe(true);
        const asl = readFileSync(staged, 'utf8');
        expect(asl).toBe(readFileSync(synth.workflowPath, 'utf8'));
        for (const name of Object.keys(sm.DefinitionSubstitutions)) expect(asl).toContain(`\${${name}}`);
      });

      it('may invoke exactly the task functions, by unqualified ARN', () => {
        const s = synth.stateless;
        const p = permissionsOf(synth, t, logicalId(s.enrollmentStateMachine.role));
        expect(p['lambda:InvokeFunction']).toEqual(
          [s.registerWorkers, s.reserveQuota, s.enrollWorkers, s.failEnrollment, s.finalizeUpload]
            .map((f) => `${logicalId(f.function)}.Arn`)
            .sort(),
        );
      });
    });
  });
}
