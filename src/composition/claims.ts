/** The claims import (src/claims) on DynamoDB and S3, for the S3-event function and `lindung claims`. */
import { dynamoClaimStore, dynamoClaimWorkerMatcher } from '../adapters/dynamo-claims-store.ts';
import { type ClaimsImportSummary, importClaims } from '../claims/import-claims.ts';
import { regencyConfig } from '../shared/regency-config.ts';
import { errorReportCsv } from '../validation/error-report.ts';
import type { RowIssue } from '../validation/types.ts';
import type { Runtime } from './runtime.ts';
import { bucketObjects } from './stores.ts';

/** `inbound/bpjs/claims/2026/klaim-november.csv` → `reports/bpjs-claims/2026/klaim-november.csv` (.json, .errors.csv). */
export const claimsReportBase = (name: string) =>
  `reports/bpjs-claims/${name.replace(/^inbound\/bpjs\/claims\//, '')}`;

export async function importClaimsFile(
  rt: Runtime,
  file: { name: string; bytes: AsyncIterable<Uint8Array> },
  options: { bucket?: string; now?: () => Date } = {},
): Promise<ClaimsImportSummary & { reportKey: string; errorsKey: string }> {
  const summary = await importClaims(
    {
      regency: regencyConfig.regency.code,
      matcher: dynamoClaimWorkerMatcher(
        rt.dynamo,
        rt.tables.workers,
        rt.tables.uploads,
        regencyConfig.regency.code,
      ),
      store: dynamoClaimStore(rt.dynamo, rt.tables.programmes),
      hashNik: await rt.nikHasher(),
      now: options.now ?? (() => new Date()),
      aliases: regencyConfig.claims?.columnAliases ?? {},
    },
    file,
  );
  const base = claimsReportBase(file.name);
  const reportKey = `${base}.json`;
  const errorsKey = `${base}.errors.csv`;
  // The bilingual report, in the uploads' error-report format: one line per problem (unmatched lines too).
  const csv = errorReportCsv({
    ...(summary.fileError ? { fileError: summary.fileError } : {}),
    issues: summary.problems.map((p) => ({
      row: p.row,
      column: p.column,
      // Claim codes are the claims file's own (src/claims/parse-line.ts); the writer prints any code as it is.
      code: p.code as unknown as RowIssue['code'],
      severity: 'error' as const,
      value: p.value,
      message: p.message,
      messageEn: p.messageEn,
    })),
  });
  const objects = bucketObjects(rt, options.bucket);
  await Promise.all([
    objects.putJson(reportKey, summary),
    objects.put(errorsKey, csv, 'text/csv; charset=utf-8'),
  ]);
  return { ...summary, reportKey, errorsKey };
}
