import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { loadRegionDirectory } from '../../src/validation/regions.ts';
import { EMPLOYER_NOTIFICATION_TASKS } from '../constructs/employer-notification-workflow.ts';
import { ENROLLMENT_TASKS } from '../constructs/enrollment-workflow.ts';
import { AREA_DATA_BUNDLE_DIR, AREA_DATA_FILES, REPO_ROOT } from '../constructs/lindung-function.ts';
import { REPORT_ASSETS_DIR } from '../constructs/periodic-reports.ts';
import { FUNCTION_NAMES, type FunctionName } from '../stateless-stack.ts';
import { logicalId, renderIn, type SynthesizedLindung } from '../test-support.ts';
import { ENROLLMENT_ARN, ENROLLMENT_NAME, statelessLookups } from './stack-lookups.ts';

/** Functions that read idn-area-data at run time (loadRegionDirectory). */
const AREA_DATA: FunctionName[] = [
  'validate-upload',
  'refer-employers',
  'plan-employer-notices',
  'send-periodic-report',
  'api',
];

/**
 * Every function: the settings of the house construct, its bundle, its size and its environment. Assertions on
 * the shared synthesized app (see stacks.test.ts).
 */
export function functionsSuite(get: () => SynthesizedLindung): void {
  describe('stateless stack', () => {
    const { synth, t, fn, functionResource, resource, assetDir, employerSm } = statelessLookups(get);

    describe('functions', () => {
      it('every functions/<name>/handler.ts is a Lambda function of this stack, and nothing else is', () => {
        const dir = path.join(REPO_ROOT, 'functions');
        const folders = readdirSync(dir, { withFileTypes: true })
          .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'handler.ts')))
          .map((d) => d.name)
          .sort();
        expect(folders).toEqual([...FUNCTION_NAMES].sort());
        expect(Object.keys(synth().stateless.functions).sort()).toEqual(folders);
        // In the template too: one lindung function per folder, by its Powertools service name.
        const services = Object.values(t().findResources('AWS::Lambda::Function'))
          .map((r) => r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME)
          .filter((s): s is string => typeof s === 'string')
          .sort();
        expect(services).toEqual(folders);
      });

      it.each(FUNCTION_NAMES)(
        '%s: arm64, nodejs22.x, active tracing, source maps, Powertools, its own log group and role',
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
        },
      );

      it.each(FUNCTION_NAMES)(
        '%s: bundled by esbuild from its handler.ts as minified ESM with a source map',
        (name) => {
          const dir = assetDir(name);
          const expected = [
            ...(AREA_DATA.includes(name) ? [AREA_DATA_BUNDLE_DIR] : []),
            'index.mjs',
            'index.mjs.map',
            ...(name === 'send-periodic-report' ? [REPORT_ASSETS_DIR] : []),
          ].sort();
          expect(readdirSync(dir).sort()).toEqual(expected);
          const bundle = readFileSync(path.join(dir, 'index.mjs'), 'utf8');
          expect(
            bundle.startsWith("import { createRequire as __lindungCreateRequire } from 'node:module';"),
          ).toBe(true);
          expect(bundle).toMatch(/export\s*\{[^}]*\bas handler\b|export\s*\{[^}]*\bhandler\b/);
        },
      );

      it.each(AREA_DATA)(
        '%s: ships the idn-area-data CSVs and their ODbL licence, and finds them through LINDUNG_AREA_DATA_DIR',
        async (name) => {
          const data = path.join(assetDir(name), AREA_DATA_BUNDLE_DIR);
          expect(readdirSync(data).sort()).toEqual([...AREA_DATA_FILES].sort());
          expect(functionResource(name).Properties.Environment.Variables.LINDUNG_AREA_DATA_DIR).toBe(
            `/var/task/${AREA_DATA_BUNDLE_DIR}`,
          );
          // What the handler does at run time, on the bundled copy: Kutai Timur's 18 kecamatan, 141 villages.
          const regions = await loadRegionDirectory('6408', { dataDir: data });
          expect(regions.listKecamatan()).toHaveLength(18);
          expect(regions.listDesa()).toHaveLength(141);
          expect(regions.desaByCode('6408042001')?.kecamatan).toBe('640804');
        },
      );

      it('sizes: validate-upload 2048 MB / 15 min / 2 GiB /tmp, ingest-bpjs-ack 1024 MB / 15 min, tasks 1024 MB / 5 min', () => {
        expect(functionResource('validate-upload').Properties).toMatchObject({
          MemorySize: 2048,
          Timeout: 900,
          EphemeralStorage: { Size: 2048 },
        });
        expect(functionResource('ingest-bpjs-ack').Properties).toMatchObject({
          MemorySize: 1024,
          Timeout: 900,
        });
        // Workflow tasks: the Lambda timeout equals the Task's TimeoutSeconds (300) in both ASL files.
        const tasks = [...Object.values(ENROLLMENT_TASKS), ...Object.values(EMPLOYER_NOTIFICATION_TASKS)];
        for (const name of tasks) {
          expect(functionResource(name).Properties).toMatchObject({ MemorySize: 1024, Timeout: 300 });
        }
        for (const name of FUNCTION_NAMES.filter((n) => n !== 'validate-upload')) {
          expect(functionResource(name).Properties.EphemeralStorage).toBeUndefined();
        }
      });
    });

    describe('environment', () => {
      /** Every variable a function gets, rendered, without the house construct's Powertools/Node ones. */
      const environment = (name: FunctionName): Record<string, string> => {
        const vars = functionResource(name).Properties.Environment.Variables as Record<string, unknown>;
        const own = [
          'NODE_OPTIONS',
          'POWERTOOLS_SERVICE_NAME',
          'POWERTOOLS_METRICS_NAMESPACE',
          'POWERTOOLS_LOG_LEVEL',
        ];
        return Object.fromEntries(
          Object.entries(vars)
            .filter(([k]) => !own.includes(k))
            .map(([k, v]) => [k, renderIn(synth(), v)]),
        );
      };

      it.each(FUNCTION_NAMES)(
        '%s: exactly the variables its composition reads (no hard-coded names)',
        (name) => {
          const { stateful, stateless } = synth();
          const { mail } = stateless.config;
          const registry = {
            BUCKET_NAME: logicalId(stateful.bucket),
            UPLOADS_TABLE: logicalId(stateful.uploadsTable),
            WORKERS_TABLE: logicalId(stateful.workersTable),
            PROGRAMMES_TABLE: logicalId(stateful.programmesTable),
            NIK_HMAC_SECRET_ARN: logicalId(stateful.nikHmacSecret),
          };
          const employers = {
            EMPLOYERS_TABLE: logicalId(stateful.employersTable),
            WORKERS_TABLE: logicalId(stateful.workersTable),
          };
          const areaData = { LINDUNG_AREA_DATA_DIR: '/var/task/idn-area-data' };
          const alerts = { LINDUNG_MAIL_FROM: mail.alertsFrom };
          const notices = { NOTICE_FROM_EMAIL: mail.noticesFrom, LINDUNG_TIME_ZONE: 'Asia/Makassar' };
          const bpjs = { LINDUNG_BPJS_GATEWAY: 'file-exchange' };
          // By reference where the state machine does not invoke the function, by name where it does.
          const enrollmentRef = { ENROLLMENT_STATE_MACHINE_ARN: logicalId(stateless.enrollmentStateMachine) };
          const enrollmentByName = { ENROLLMENT_STATE_MACHINE_ARN: ENROLLMENT_ARN };
          const { NIK_HMAC_SECRET_ARN: _, ...names } = registry;
          const expected: Record<FunctionName, Record<string, string>> = {
            // A table name grants nothing; the validator hashes no NIK, so no secret ARN.
            'validate-upload': {
              ...names,
              ...enrollmentRef,
              EMPLOYERS_TABLE: logicalId(stateful.employersTable),
              ...areaData,
              ACCESS_TABLE: logicalId(stateful.identity.accessTable),
            },
            'register-workers': registry,
            'reserve-quota': { ...registry, ...alerts },
            'enroll-workers': { ...registry, ...alerts, ...bpjs, ...enrollmentByName },
            'fail-enrollment': { ...registry, ...alerts, ...bpjs, ...enrollmentByName },
            'refer-employers': {
              ...employers,
              ...areaData,
              UPLOADS_TABLE: logicalId(stateful.uploadsTable),
              EMPLOYER_NOTIFICATION_STATE_MACHINE_ARN: employerSm(),
            },
            'finalize-upload': names,
            'ingest-bpjs-ack': { ...registry, ...alerts, ...bpjs, ...enrollmentRef },
            'plan-employer-notices': { ...employers, ...areaData },
            'notify-employer': { ...employers, ...notices },
            'send-employer-digest': { ...employers, ...notices },
            'send-periodic-report': {
              ...names,
              EMPLOYERS_TABLE: logicalId(stateful.employersTable),
              ...alerts,
              ...areaData,
              LINDUNG_REPORT_ASSETS_DIR: '/var/task/report-assets',
            },
            'ingest-bpjs-claims': registry,
            api: {
              ...registry,
              ...areaData,
              ...enrollmentByName,
              ACCESS_TABLE: logicalId(stateful.identity.accessTable),
              EMPLOYERS_TABLE: logicalId(stateful.employersTable),
              PRESIGN_ROLE_ARN: `${logicalId(stateful.identity.presignRole)}.Arn`,
              ALLOWED_ORIGINS: '*',
            },
            'upload-failed': names,
          };
          expect(environment(name)).toEqual(expected[name]);
        },
      );

      it('the enrollment ARN built from the name is the ARN of the enrollment state machine', () => {
        // A Ref to AWS::StepFunctions::StateMachine is its ARN; the name is fixed, so both denote one machine.
        resource(synth().stateless.enrollmentStateMachine, {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: { StateMachineName: ENROLLMENT_NAME },
        });
        expect(environment('enroll-workers').ENROLLMENT_STATE_MACHINE_ARN).toBe(ENROLLMENT_ARN);
      });

      it('the regency, its time zone and mail settings come from the default regency file (config/kutai-timur.json)', () => {
        expect(synth().stateless.config.regency.regency.code).toBe('6408');
        expect(synth().stateless.config.timeZone).toBe('Asia/Makassar');
        expect(synth().stateless.config).toMatchObject({
          mail: {
            identity: 'kutaitimurkab.go.id',
            alertsFrom: 'lindung-noreply@kutaitimurkab.go.id',
            noticesFrom: 'lindung@kutaitimurkab.go.id',
          },
          bpjsGateway: 'file-exchange',
        });
      });
    });
  });
}
