import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ErrorReport } from '../uploads/model.ts';
import type { UploadStorage } from '../uploads/ports.ts';
import { errorReportCsv, errorReportXlsx } from '../validation/error-report.ts';
import type { WorkerRow } from '../validation/types.ts';

export const stagingKey = (uploadId: string, chunk: number) =>
  `staging/${uploadId}/chunk-${String(chunk).padStart(5, '0')}.ndjson`;
export const reportKey = (uploadId: string, ext: 'csv' | 'xlsx' | 'json') =>
  `reports/${uploadId}/errors.${ext}`;

/** Bucket layout: uploads/… (agency files), staging/<uploadId>/chunk-NNNNN.ndjson, reports/<uploadId>/errors.*. */
export function s3UploadStorage(s3: S3Client, bucket: string): UploadStorage {
  const put = (Key: string, Body: string | Uint8Array, ContentType: string) =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body, ContentType }));
  const getText = async (Key: string) => {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
    return (await out.Body?.transformToString('utf-8')) ?? '';
  };
  return {
    read(key) {
      return {
        async *[Symbol.asyncIterator]() {
          const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
          if (!out.Body) return;
          yield* out.Body as AsyncIterable<Uint8Array>;
        },
      };
    },
    async putChunk(uploadId, chunk, rows) {
      await put(
        stagingKey(uploadId, chunk),
        rows.map((r) => JSON.stringify(r)).join('\n'),
        'application/x-ndjson',
      );
    },
    async readChunk(uploadId, chunk) {
      const text = await getText(stagingKey(uploadId, chunk));
      return text
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as WorkerRow);
    },
    async putErrorReport(report) {
      await Promise.all([
        put(reportKey(report.uploadId, 'json'), JSON.stringify(report), 'application/json'),
        put(reportKey(report.uploadId, 'csv'), errorReportCsv(report), 'text/csv; charset=utf-8'),
        put(
          reportKey(report.uploadId, 'xlsx'),
          await errorReportXlsx(report),
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        ),
      ]);
      return reportKey(report.uploadId, 'csv');
    },
    async getErrorReport(uploadId) {
      try {
        return JSON.parse(await getText(reportKey(uploadId, 'json'))) as ErrorReport;
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
    },
  };
}
