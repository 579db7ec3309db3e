import { PassThrough, type Readable } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import Papa from 'papaparse';
import type { ErrorReport } from '../uploads/model.ts';
import type { ErrorReportWriter, UploadStorage } from '../uploads/ports.ts';
import { errorReportCsv, errorReportXlsx, issueFromCsvFields } from '../validation/error-report.ts';
import { ErrorReportStream } from '../validation/error-report-stream.ts';
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
        put(reportKey(report.uploadId, 'xlsx'), await errorReportXlsx(report), XLSX_TYPE),
      ]);
      return reportKey(report.uploadId, 'csv');
    },
    openErrorReport(uploadId) {
      return streamedErrorReport(s3, bucket, uploadId, put);
    },
    async deleteChunks(uploadId, count) {
      for (let from = 1; from <= count; from += 1000) {
        const keys = [];
        for (let c = from; c <= Math.min(count, from + 999); c++) keys.push({ Key: stagingKey(uploadId, c) });
        await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
      }
    },
    async *readErrorLines(uploadId) {
      const body = await s3
        .send(new GetObjectCommand({ Bucket: bucket, Key: reportKey(uploadId, 'csv') }))
        .then((out) => out.Body as Readable)
        .catch((error: unknown) => {
          if (error instanceof NoSuchKey) return undefined;
          throw error;
        });
      if (!body) return;
      const rows = body.pipe(Papa.parse(Papa.NODE_STREAM_INPUT, { skipEmptyLines: true }));
      for await (const fields of rows as AsyncIterable<string[]>) {
        const issue = issueFromCsvFields(fields);
        if (issue) yield issue;
      }
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

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Multipart parts of 5 MB, two in flight per file: ~20 MB for both reports whatever their size. */
const PART_BYTES = 5 * 1024 * 1024;

function streamedErrorReport(
  s3: S3Client,
  bucket: string,
  uploadId: string,
  put: (Key: string, Body: string, ContentType: string) => Promise<unknown>,
): ErrorReportWriter {
  const csv = new PassThrough();
  const xlsx = new PassThrough();
  const upload = (Key: string, Body: PassThrough, ContentType: string) =>
    new Upload({
      client: s3,
      params: { Bucket: bucket, Key, Body, ContentType },
      queueSize: 2,
      partSize: PART_BYTES,
    });
  const uploads = [
    upload(reportKey(uploadId, 'csv'), csv, 'text/csv; charset=utf-8'),
    upload(reportKey(uploadId, 'xlsx'), xlsx, XLSX_TYPE),
  ];
  const done = Promise.all(uploads.map((u) => u.done()));
  done.catch(() => undefined); // awaited in close(); an abort() rejects it on purpose
  const report = new ErrorReportStream(csv, xlsx);
  return {
    add: (issue) => report.add(issue),
    async close({ firstIssues, issueCount }) {
      await report.finish();
      await done;
      const json: ErrorReport = { uploadId, issues: firstIssues, issueCount };
      await put(reportKey(uploadId, 'json'), JSON.stringify(json), 'application/json');
      return reportKey(uploadId, 'csv');
    },
    async abort() {
      await Promise.allSettled(uploads.map((u) => u.abort()));
      csv.destroy();
      xlsx.destroy();
    },
  };
}
