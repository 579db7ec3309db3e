/**
 * Makes a periodic report: stores it under reports/periodic/<periodId>/ (JSON, HTML, text, chart PNG, XLSX)
 * and, when asked, e-mails it to each recipient once per period.
 */
import { coverageChartPng } from './chart.ts';
import { CHART_CID, reportHtml, reportSubject, reportText } from './mail.ts';
import type { PeriodicReport } from './model.ts';
import type { Mailer, ReportStore, SendLog } from './ports.ts';
import { reportXlsx } from './xlsx.ts';

export interface SendReportDeps {
  store: ReportStore;
  sends: SendLog;
  mailer: Mailer;
  now: () => Date;
}

export interface ReportRun {
  periodId: string;
  prefix: string;
  files: { json: string; html: string; text: string; chart: string; xlsx: string };
  sent: Array<{ to: string; messageId: string }>;
  /** Recipients this period was already sent (or is being sent) to. */
  alreadySent: string[];
  failed: Array<{ to: string; error: string }>;
}

export const reportPrefix = (periodId: string) => `reports/periodic/${periodId}/`;

export async function storeAndSend(
  deps: SendReportDeps,
  report: PeriodicReport,
  options: { send: boolean; recipients: readonly string[] },
): Promise<ReportRun & { html: string; png: Uint8Array; xlsx: Buffer }> {
  const prefix = reportPrefix(report.periodId);
  const xlsxName = `laporan-${report.periodId}.xlsx`;
  const files = {
    json: `${prefix}report.json`,
    html: `${prefix}report.html`,
    text: `${prefix}report.txt`,
    chart: `${prefix}grafik.png`,
    xlsx: `${prefix}${xlsxName}`,
  };
  const [png, xlsx] = await Promise.all([coverageChartPng(report), reportXlsx(report)]);
  const html = reportHtml(report);
  const text = reportText(report);
  await Promise.all([
    deps.store.put(files.json, JSON.stringify(report, null, 2), 'application/json'),
    deps.store.put(files.html, html, 'text/html; charset=utf-8'),
    deps.store.put(files.text, text, 'text/plain; charset=utf-8'),
    deps.store.put(files.chart, png, 'image/png'),
    deps.store.put(files.xlsx, xlsx, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  ]);
  const run: ReportRun = { periodId: report.periodId, prefix, files, sent: [], alreadySent: [], failed: [] };
  if (!options.send) return { ...run, html, png, xlsx };

  for (const to of [...new Set(options.recipients.map((r) => r.trim().toLowerCase()))]) {
    const at = deps.now().toISOString();
    if (!(await deps.sends.claim(report.periodId, to, at, files.json))) {
      run.alreadySent.push(to);
      continue;
    }
    try {
      const messageId = await deps.mailer.send({
        to: [to],
        subject: reportSubject(report),
        html,
        text,
        attachments: [
          { fileName: 'grafik-cakupan.png', contentType: 'image/png', content: png, contentId: CHART_CID },
          {
            fileName: xlsxName,
            contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            content: xlsx,
          },
        ],
      });
      await deps.sends.sent(report.periodId, to, messageId, deps.now().toISOString());
      run.sent.push({ to, messageId });
    } catch (error) {
      const message = (error as Error).message;
      await deps.sends.failed(report.periodId, to, message, deps.now().toISOString());
      run.failed.push({ to, error: message });
    }
  }
  return { ...run, html, png, xlsx };
}
