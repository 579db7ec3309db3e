/** Composition of the claims import (src/claims) on DynamoDB and S3, for the S3-event function and the CLI. */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoClaimStore, dynamoClaimWorkerMatcher } from '../../src/adapters/dynamo-claims-store.ts';
import { type ClaimsImportSummary, importClaims } from '../../src/claims/import-claims.ts';
import type { NikHasher } from '../../src/shared/nik-hash.ts';
import { regencyConfig } from '../../src/shared/regency-config.ts';
import { errorReportCsv } from '../../src/validation/error-report.ts';
import type { RowIssue } from '../../src/validation/types.ts';

export interface ClaimsIo {
  dynamo: DynamoDBDocumentClient;
  s3: S3Client;
  bucket: string;
  workersTable: string;
  uploadsTable: string;
  programmesTable: string;
  hashNik: NikHasher;
  now?: () => Date;
}

/** `inbound/bpjs/claims/2026/klaim-november.csv` → `reports/bpjs-claims/2026/klaim-november.csv` (.json, .errors.csv). */
export const claimsReportBase = (name: string) =>
  `reports/bpjs-claims/${name.replace(/^inbound\/bpjs\/claims\//, '')}`;

export async function importClaimsFile(
  io: ClaimsIo,
  file: { name: string; bytes: AsyncIterable<Uint8Array> },
): Promise<ClaimsImportSummary & { reportKey: string; errorsKey: string }> {
  const summary = await importClaims(
    {
      regency: regencyConfig.regency.code,
      matcher: dynamoClaimWorkerMatcher(
        io.dynamo,
        io.workersTable,
        io.uploadsTable,
        regencyConfig.regency.code,
      ),
      store: dynamoClaimStore(io.dynamo, io.programmesTable),
      hashNik: io.hashNik,
      now: io.now ?? (() => new Date()),
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
  await Promise.all([
    io.s3.send(
      new PutObjectCommand({
        Bucket: io.bucket,
        Key: reportKey,
        Body: JSON.stringify(summary, null, 2),
        ContentType: 'application/json',
      }),
    ),
    io.s3.send(
      new PutObjectCommand({
        Bucket: io.bucket,
        Key: errorsKey,
        Body: csv,
        ContentType: 'text/csv; charset=utf-8',
      }),
    ),
  ]);
  return { ...summary, reportKey, errorsKey };
}
