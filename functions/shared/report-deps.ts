/**
 * Composition of the periodic report (src/reports) on AWS services: used by the send-periodic-report function,
 * `lindung report` and the local stack's schedules, each with its own clients.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  dynamoReportSources,
  dynamoSendLog,
  type ReportTables,
  s3ReportStore,
} from '../../src/adapters/report-sources.ts';
import { sesMailer } from '../../src/adapters/ses-mail-sender.ts';
import { regencyDay } from '../../src/coverage/rollup.ts';
import { buildReport } from '../../src/reports/build-report.ts';
import type { PeriodicReport } from '../../src/reports/model.ts';
import type { PeriodKind } from '../../src/reports/period.ts';
import { reportSchedules, reportSettingsOf } from '../../src/reports/schedule.ts';
import { type ReportRun, storeAndSend } from '../../src/reports/send-report.ts';
import { regencyConfig } from '../../src/shared/regency-config.ts';
import { loadRegionDirectory } from '../../src/validation/regions.ts';

export interface ReportIo {
  dynamo: DynamoDBDocumentClient;
  s3: S3Client;
  ses: SESv2Client;
  bucket: string;
  tables: ReportTables;
  /** Sender address (LINDUNG_REPORT_FROM). */
  from: string;
  configurationSetName?: string;
  now?: () => Date;
}

export interface ReportRequest {
  kind: PeriodKind;
  /** Civil date (YYYY-MM-DD) the report is made on; default today in the regency's time zone. */
  asOf?: string;
  send: boolean;
  /** Default: the configured recipients of this kind of report. */
  recipients?: string[];
}

export async function runPeriodicReport(
  io: ReportIo,
  request: ReportRequest,
): Promise<{ report: PeriodicReport; run: ReportRun & { html: string; png: Uint8Array; xlsx: Buffer } }> {
  const settings = reportSettingsOf(regencyConfig);
  const now = io.now ?? (() => new Date());
  const sources = dynamoReportSources({
    dynamo: io.dynamo,
    s3: io.s3,
    bucket: io.bucket,
    tables: io.tables,
    regions: await loadRegionDirectory(regencyConfig.regency.code),
    regency: { code: regencyConfig.regency.code, name: regencyConfig.regency.name },
    agencies: regencyConfig.agencies,
    timeZone: settings.timeZone,
    now,
  });
  const asOf = request.asOf ?? regencyDay(now(), settings.timeZone);
  const report = await buildReport(sources, { kind: request.kind, asOf });
  const recipients =
    request.recipients ?? reportSchedules(settings).find((s) => s.kind === request.kind)?.recipients ?? [];
  const run = await storeAndSend(
    {
      store: s3ReportStore(io.s3, io.bucket),
      sends: dynamoSendLog(io.dynamo, io.tables.programmes, regencyConfig.regency.code),
      mailer: sesMailer(io.ses, {
        from: io.from,
        ...(io.configurationSetName ? { configurationSetName: io.configurationSetName } : {}),
      }),
      now,
    },
    report,
    { send: request.send, recipients },
  );
  return { report, run };
}
