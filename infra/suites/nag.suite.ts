import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLindungApp } from '../lindung-app.ts';
import { FUNCTION_NAMES } from '../stateless-stack.ts';
import { cdkJsonContext, logicalId, type SynthesizedLindung } from '../test-support.ts';

interface ValidationReport {
  pluginReports: {
    pluginName: string;
    violations?: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
}

const readReport = (dir: string): ValidationReport =>
  JSON.parse(readFileSync(path.join(dir, 'validation-report.json'), 'utf8'));

/** Assertions on the shared synthesized app (see stacks.test.ts). */
export function nagSuite(get: () => SynthesizedLindung): void {
  describe('validation', () => {
    let synth: SynthesizedLindung;
    let report: ValidationReport;
    beforeAll(() => {
      synth = get();
      report = readReport(synth.assembly.directory);
    });

    describe('cdk-nag AwsSolutions', () => {
      it('synthesizes with zero unacknowledged findings', () => {
        const nag = report.pluginReports.filter((r) => r.pluginName === 'AwsSolutions');
        const violations = nag.flatMap((r) =>
          (r.violations ?? []).map(
            (v) => `${v.ruleName} at ${v.violatingConstructs.map((c) => c.constructPath)}`,
          ),
        );
        expect(violations).toEqual([]);
      });

      it('raises no other validation finding or construct warning either', () => {
        const others = report.pluginReports.flatMap((r) =>
          (r.violations ?? []).map(
            (v) => `${r.pluginName}: ${v.ruleName} at ${v.violatingConstructs.map((c) => c.constructPath)}`,
          ),
        );
        expect(others).toEqual([]);
      });

      it('every acknowledgement is one of the reviewed ones, on its resource, with a specific reason', () => {
        const acknowledged: Record<string, string[]> = {};
        for (const construct of synth.app.node.findAll()) {
          for (const entry of construct.node.metadata) {
            if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
            for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
              expect(reason.length, `${construct.node.path} ${id}: reason too short`).toBeGreaterThanOrEqual(
                60,
              );
              const list = acknowledged[construct.node.path] ?? [];
              list.push(id.replace(/^annotation::/i, ''));
              acknowledged[construct.node.path] = list;
            }
          }
        }
        for (const list of Object.values(acknowledged)) list.sort();

        const prefix = (p: string) =>
          `AwsSolutions-IAM5[Resource::{"Fn::GetStackOutput":{"StackName":"LindungStateful","OutputName":"UploadBucketArn"}}/${p}/*]`;
        const executions = (name: string) =>
          `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${name}:*]`;
        const enrollmentRuns = executions('LindungStateless-enrollment');
        const employerRuns = executions(
          `<${logicalId(synth.stateless.employerNotificationStateMachine)}.Name>`,
        );
        const xray = 'AwsSolutions-IAM5[Resource::*]';
        const handler = Object.keys(acknowledged).find((p) =>
          p.startsWith('LindungStateless/BucketNotificationsHandler'),
        );
        const siteCopier = Object.keys(acknowledged).find((p) =>
          p.startsWith('LindungStateless/Custom::CDKBucketDeployment'),
        );
        expect(siteCopier).toBeDefined();
        expect(handler).toBeDefined();

        // Per function role: X-Ray's Resource "*", the object-key prefixes it may touch, the executions it may
        // look up after ExecutionAlreadyExists.
        const roles: Record<string, string[]> = {
          // staging/ twice: written, and deleted from (chunks staged for a file rejected part-way).
          ValidateUpload: [
            prefix('uploads'),
            prefix('staging'),
            prefix('staging'),
            prefix('reports'),
            enrollmentRuns,
          ],
          RegisterWorkers: [prefix('staging')],
          ReserveQuota: [prefix('staging')],
          EnrollWorkers: [prefix('staging'), prefix('outbound/bpjs'), enrollmentRuns],
          FailEnrollment: [prefix('staging'), enrollmentRuns],
          ReferEmployers: [employerRuns],
          FinalizeUpload: [],
          IngestBpjsAck: [
            prefix('inbound/bpjs'),
            prefix('staging'),
            prefix('reports/bpjs-ack'),
            enrollmentRuns,
          ],
          PlanEmployerNotices: [],
          NotifyEmployer: [],
          SendEmployerDigest: [],
          SendPeriodicReport: [prefix('reports'), prefix('reports/periodic')],
          IngestBpjsClaims: [prefix('inbound/bpjs/claims'), prefix('reports/bpjs-claims')],
          Api: [prefix('reports'), enrollmentRuns],
          UploadFailed: [],
        };
        const own = (p: string) =>
          `AwsSolutions-IAM5[Resource::<${logicalId(synth.stateful.bucket)}.Arn>/${p}/*]`;

        expect(acknowledged).toEqual({
          // The access-log destination itself.
          'LindungStateful/AccessLogBucket': ['AwsSolutions-S1'],
          // The front door (infra/constructs/identity.ts): object-key prefixes, MFA offered, no Plus plan.
          'LindungStateful/Identity/PresignRole': [own('uploads/agency'), own('uploads/desa')],
          'LindungStateful/Identity/BpjsExchangeRole': [own('inbound/bpjs'), own('outbound/bpjs')],
          'LindungStateful/Identity/UserPool': ['AwsSolutions-COG2', 'AwsSolutions-COG8'],
          // Rotating the HMAC key would orphan every NIK#<hmac> key.
          'LindungStateful/NikHmacSecret': ['AwsSolutions-SMG4'],
          // The failed-events queue is itself the dead-letter destination of the S3-triggered functions.
          'LindungStateful/FailedEventsQueue': ['AwsSolutions-SQS3'],
          // Pinned to the Node 22 runtime the project tests on.
          ...Object.fromEntries(
            Object.keys(roles).map((f) => [`LindungStateless/${f}/Function`, ['AwsSolutions-L1']]),
          ),
          ...Object.fromEntries(
            Object.entries(roles).map(([f, acks]) => [`LindungStateless/${f}/Role`, [xray, ...acks].sort()]),
          ),
          // Log delivery and X-Ray have no resource-level permissions.
          'LindungStateless/EnrollmentStateMachine/Role': [xray],
          'LindungStateless/EmployerNotificationStateMachine/Role': [xray],
          // The report schedules may invoke the report function's versions/aliases (infra/constructs/periodic-reports.ts).
          'LindungStateless/PeriodicReports/ScheduleRole': [
            `AwsSolutions-IAM5[Resource::<${logicalId(synth.stateless.periodicReports.reportFunction.function)}.Arn>:*]`,
          ],
          // CDK's own notification handler.
          [handler ?? '']: [
            'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          ],
          // The dashboard (infra/constructs/dashboard.ts): static files only, read by CloudFront alone.
          'LindungStateless/Dashboard/SiteBucket': ['AwsSolutions-S1'],
          'LindungStateless/Dashboard/Distribution': [
            'AwsSolutions-CFR1',
            'AwsSolutions-CFR2',
            'AwsSolutions-CFR3',
            'AwsSolutions-CFR4',
          ],
          // CDK's own BucketDeployment handler that copies the built dashboard at deployment.
          [siteCopier ?? '']: [
            'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
            'AwsSolutions-IAM5[Action::s3:Abort*]',
            'AwsSolutions-IAM5[Action::s3:DeleteObject*]',
            'AwsSolutions-IAM5[Action::s3:GetBucket*]',
            'AwsSolutions-IAM5[Action::s3:GetObject*]',
            'AwsSolutions-IAM5[Action::s3:List*]',
            `AwsSolutions-IAM5[Resource::<${logicalId(synth.stateless.dashboard.bucket)}.Arn>/*]`,
            'AwsSolutions-IAM5[Resource::*]',
            'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
            'AwsSolutions-L1',
          ].sort(),
        });
        expect(Object.keys(roles).length).toBe(FUNCTION_NAMES.length);
      });

      it('is applied on every synth: a non-compliant resource fails it', () => {
        // Same outdir as the shared synth, so the staged bundles are reused instead of bundled again (CDK caches
        // staged assets per outdir). This overwrites that assembly, hence this test runs last in the file.
        const outdir = synth.outdir;
        const { app, stateless } = createLindungApp({
          context: cdkJsonContext(),
          outdir,
          enrollmentWorkflowPath: synth.workflowPath,
          employerNotificationWorkflowPath: synth.employerWorkflowPath,
        });
        new s3.Bucket(stateless, 'UncheckedBucket');
        expect(() => app.synth()).toThrow(/AwsSolutions-S10/);
        const failed = readReport(outdir)
          .pluginReports.filter((r) => r.pluginName === 'AwsSolutions')
          .flatMap((r) => r.violations ?? [])
          .filter((v) => v.violatingConstructs.some((c) => c.constructPath.includes('UncheckedBucket')))
          .map((v) => v.ruleName);
        expect(failed).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
      });
    });
  });
}
