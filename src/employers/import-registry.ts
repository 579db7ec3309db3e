import pMap from 'p-map';
import { neutralise, REPORT_COLUMNS } from '../validation/error-report.ts';
import { FileError } from '../validation/types.ts';
import type { EmployerStore } from './ports.ts';
import { type RegistryImportSummary, type RegistryIssue, readRegistryFile } from './registry-file.ts';

export interface ImportRegistryDeps {
  store: EmployerStore;
  /** Stores the error report (CSV text) somewhere the agency can fetch it; returns where. */
  putReport?: (importId: string, csv: string) => Promise<string>;
}

export interface ImportRegistryOptions {
  importId: string;
  at: string;
  maxBytes: number;
}

/**
 * Imports the Disnakertrans employer registry: valid rows become (or update) registry employers, a row with
 * an error is not imported and is reported. A file error imports nothing. Employers are merged by key, so
 * importing the same file twice changes nothing.
 */
export async function importRegistry(
  deps: ImportRegistryDeps,
  source: AsyncIterable<Uint8Array>,
  fileName: string,
  options: ImportRegistryOptions,
): Promise<{ summary: RegistryImportSummary; issues: RegistryIssue[] }> {
  const base = {
    importId: options.importId,
    rows: 0,
    rejected: 0,
    warnings: 0,
    employers: 0,
    created: 0,
    updated: 0,
  };
  try {
    const parsed = await readRegistryFile(source, fileName, { maxBytes: options.maxBytes });
    const outcomes = await pMap(parsed.employers, (e) => deps.store.upsertRegistry(e, options.at), {
      concurrency: 8,
    });
    const summary: RegistryImportSummary = {
      ...base,
      status: 'COMPLETED',
      rows: parsed.rows,
      rejected: parsed.rejected,
      warnings: parsed.issues.filter((i) => i.severity === 'warning').length,
      employers: parsed.employers.length,
      created: outcomes.filter((o) => o === 'created').length,
      updated: outcomes.filter((o) => o === 'updated').length,
    };
    if (deps.putReport)
      summary.errorsReportKey = await deps.putReport(options.importId, registryReportCsv(parsed.issues));
    return { summary, issues: parsed.issues };
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    const fileError = { code: error.code, message: error.messageId, messageEn: error.messageEn };
    const summary: RegistryImportSummary = { ...base, status: 'REJECTED', fileError };
    if (deps.putReport)
      summary.errorsReportKey = await deps.putReport(options.importId, registryReportCsv([], fileError));
    return { summary, issues: [] };
  }
}

function csvField(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : neutralise(value);
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The registry import's error report, in the same layout as a worker upload's errors.csv. */
export function registryReportCsv(
  issues: readonly RegistryIssue[],
  fileError?: { code: string; message: string; messageEn: string },
): string {
  const severity = (s: string) => (s === 'error' ? 'error (ditolak)' : 'peringatan/warning');
  const lines = [`\uFEFF${REPORT_COLUMNS.map(csvField).join(',')}`];
  if (fileError)
    lines.push(
      ['', '', '', fileError.code, severity('error'), fileError.message, fileError.messageEn]
        .map(csvField)
        .join(','),
    );
  for (const i of issues)
    lines.push(
      [i.row, i.column, i.value, i.code, severity(i.severity), i.message, i.messageEn]
        .map(csvField)
        .join(','),
    );
  return `${lines.join('\r\n')}\r\n`;
}
