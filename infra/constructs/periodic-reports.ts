import { createRequire } from 'node:module';
import * as path from 'node:path';
import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { reportSchedules, reportSettingsOf } from '../../src/reports/schedule.ts';
import { regencyConfig } from '../../src/shared/regency-config.ts';
import type { LindungConfig } from '../config.ts';
import type { LindungData } from '../stateful-stack.ts';
import {
  acknowledgeWildcardResource,
  grantObjectRead,
  grantObjectWrite,
  grantSecretRead,
  grantSendEmail,
} from './data-access.ts';
import { type LindungFunction, type LindungFunctionProps, REPO_ROOT } from './lindung-function.ts';

/** Folder of the chart renderer's WebAssembly module and fonts inside the report function's bundle. */
export const REPORT_ASSETS_DIR = 'report-assets';

/** @resvg/resvg-wasm's module and the DejaVu Sans TTFs (Lambda has no fonts; licence: dejavu-fonts-ttf LICENSE). */
export function reportAssetFiles(): string[] {
  const require = createRequire(path.join(REPO_ROOT, 'package.json'));
  const fonts = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return [
    require.resolve('@resvg/resvg-wasm/index_bg.wasm'),
    path.join(fonts, 'DejaVuSans.ttf'),
    path.join(fonts, 'DejaVuSans-Bold.ttf'),
  ];
}

export interface PeriodicReportsProps {
  readonly data: LindungData;
  readonly bucket: s3.IBucket;
  readonly config: LindungConfig;
  /** The stack's function factory (registers the function under its name). */
  readonly define: (
    name: 'send-periodic-report' | 'ingest-bpjs-claims',
    props: Omit<LindungFunctionProps, 'name'>,
  ) => LindungFunction;
  /** The SES identity ARN the report is sent through (as LINDUNG_MAIL_FROM: lindung's own mail). */
  readonly mailIdentityArn: string;
}

/**
 * Issue #12: the weekly and monthly e-mail reports and the BPJS claims files that feed them.
 * - send-periodic-report, started by two EventBridge Scheduler schedules in the regency's time zone
 *   (config/<regency>.json → reports), reads counters only, writes reports/periodic/, sends through SES;
 * - ingest-bpjs-claims, for files under inbound/bpjs/claims/. S3 refuses overlapping notification prefixes and
 *   inbound/bpjs/ already goes to ingest-bpjs-ack, so claims arrive through the bucket's EventBridge events
 *   (a rule on the key prefix); ingest-bpjs-ack skips them.
 */
export class PeriodicReports extends Construct {
  readonly reportFunction: LindungFunction;
  readonly claimsFunction: LindungFunction;
  readonly schedules: scheduler.Schedule[];
  readonly scheduleRole: iam.Role;
  readonly claimsRule: events.Rule;

  constructor(scope: Construct, id: string, props: PeriodicReportsProps) {
    super(scope, id);
    const { data, bucket, config } = props;
    const { key } = data;
    const names = {
      BUCKET_NAME: bucket.bucketName,
      UPLOADS_TABLE: data.uploadsTable.tableName,
      WORKERS_TABLE: data.workersTable.tableName,
      PROGRAMMES_TABLE: data.programmesTable.tableName,
    };

    // ---- The report: counters in, files and e-mail out.
    this.reportFunction = props.define('send-periodic-report', {
      memorySize: 1024,
      timeout: Duration.minutes(5),
      bundleAreaData: true, // every desa of the regency
      bundleFiles: { dir: REPORT_ASSETS_DIR, files: reportAssetFiles() },
      environment: {
        ...names,
        EMPLOYERS_TABLE: data.employersTable.tableName,
        LINDUNG_MAIL_FROM: config.mail.alertsFrom,
        LINDUNG_REPORT_ASSETS_DIR: `/var/task/${REPORT_ASSETS_DIR}`,
      },
    });
    const report = this.reportFunction.function;
    // DynamoDB: the stack grants exactly the actions of infra/dynamo-access.ts.
    grantObjectRead(report, bucket, ['reports/'], key); // the period's row-error reports
    grantObjectWrite(report, bucket, ['reports/periodic/'], key);
    grantSendEmail(report, props.mailIdentityArn, config.mail.alertsFrom);

    this.scheduleRole = new iam.Role(this, 'ScheduleRole', {
      description: 'EventBridge Scheduler: invokes the lindung send-periodic-report function, nothing else',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': Stack.of(this).account,
            'aws:SourceArn': Stack.of(this).formatArn({
              service: 'scheduler',
              resource: 'schedule-group',
              resourceName: 'default',
            }),
          },
        },
      }),
    });
    this.schedules = reportSchedules(reportSettingsOf(regencyConfig)).map(
      (s) =>
        new scheduler.Schedule(this, s.kind === 'weekly' ? 'WeeklySchedule' : 'MonthlySchedule', {
          description: `lindung: ${s.kind} report to ${s.recipients.length} recipient(s) (config/<regency>.json)`,
          schedule: scheduler.ScheduleExpression.cron({
            minute: s.eventBridge.minute,
            hour: s.eventBridge.hour,
            ...(s.eventBridge.day ? { day: s.eventBridge.day } : {}),
            ...(s.eventBridge.weekDay ? { weekDay: s.eventBridge.weekDay } : {}),
            timeZone: TimeZone.of(s.timeZone),
          }),
          timeWindow: scheduler.TimeWindow.off(),
          target: new schedulerTargets.LambdaInvoke(report, {
            role: this.scheduleRole,
            input: scheduler.ScheduleTargetInput.fromObject({ kind: s.kind }),
            retryAttempts: 2,
          }),
        }),
    );

    acknowledgeWildcardResource(
      this.scheduleRole,
      `${report.functionArn}:*`,
      'The LambdaInvoke schedule target grants lambda:InvokeFunction on the report function and its versions/' +
        'aliases (<arn>:*): this one function only, as Lambda needs for qualified invocations.',
    );

    // ---- Claims files.
    this.claimsFunction = props.define('ingest-bpjs-claims', {
      memorySize: 1024,
      timeout: Duration.minutes(15),
      environment: { ...names, NIK_HMAC_SECRET_ARN: data.nikHmacSecret.secretArn },
      failedEvents: data.failedEventsQueue,
    });
    const claims = this.claimsFunction.function;
    grantObjectRead(claims, bucket, ['inbound/bpjs/claims/'], key);
    grantObjectWrite(claims, bucket, ['reports/bpjs-claims/'], key);
    grantSecretRead(claims, data.nikHmacSecret, key);
    bucket.enableEventBridgeNotification();
    this.claimsRule = new events.Rule(this, 'ClaimsFileRule', {
      description: 'lindung: a BPJS claims file under inbound/bpjs/claims/ → ingest-bpjs-claims',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [bucket.bucketName] },
          object: { key: [{ prefix: 'inbound/bpjs/claims/' }] },
        },
      },
      targets: [new eventTargets.LambdaFunction(claims, { retryAttempts: 2 })],
    });
  }
}
