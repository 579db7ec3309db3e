/** The periodic report (src/reports) on AWS services: send-periodic-report, `lindung report`, benchmarks. */
import { dynamoReportSources, dynamoSendLog } from '../adapters/report-sources.ts';
import { sesMailer } from '../adapters/ses-mail-sender.ts';
import { regencyDay } from '../coverage/rollup.ts';
import { buildReport } from '../reports/build-report.ts';
import type { PeriodicReport } from '../reports/model.ts';
import type { PeriodKind } from '../reports/period.ts';
import { reportSchedules, reportSettingsOf } from '../reports/schedule.ts';
import { type ReportRun, storeAndSend } from '../reports/send-report.ts';
import { regencyConfig } from '../shared/regency-config.ts';
import { senders } from './env.ts';
import type { Runtime } from './runtime.ts';
import { sesFor } from './ses.ts';
import { bucketObjects, regionDirectory } from './stores.ts';

export interface ReportRequest {
  kind: PeriodKind;
  /** Civil date (YYYY-MM-DD) the report is made on; default today in the regency's time zone. */
  asOf?: string;
  send: boolean;
  /** Default: the configured recipients of this kind of report. */
  recipients?: string[];
}

export async function runPeriodicReport(
  rt: Runtime,
  request: ReportRequest,
  options: { now?: () => Date } = {},
): Promise<{ report: PeriodicReport; run: ReportRun & { html: string; png: Uint8Array; xlsx: Buffer } }> {
  const settings = reportSettingsOf(regencyConfig);
  const now = options.now ?? (() => new Date());
  const sources = dynamoReportSources({
    dynamo: rt.dynamo,
    s3: rt.s3,
    bucket: rt.bucket,
    tables: rt.tables,
    regions: await regionDirectory(),
    regency: { code: regencyConfig.regency.code, name: regencyConfig.regency.name },
    agencies: regencyConfig.agencies,
    timeZone: settings.timeZone,
    now,
  });
  const asOf = request.asOf ?? regencyDay(now(), settings.timeZone);
  const report = await buildReport(sources, { kind: request.kind, asOf });
  const recipients =
    request.recipients ?? reportSchedules(settings).find((s) => s.kind === request.kind)?.recipients ?? [];
  const from = senders();
  const run = await storeAndSend(
    {
      store: bucketObjects(rt),
      sends: dynamoSendLog(rt.dynamo, rt.tables.programmes, regencyConfig.regency.code),
      mailer: sesMailer(sesFor(rt), {
        from: from.reports,
        ...(from.configurationSetName ? { configurationSetName: from.configurationSetName } : {}),
      }),
      now,
    },
    report,
    { send: request.send, recipients },
  );
  return { report, run };
}
