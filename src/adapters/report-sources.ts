/**
 * The periodic report's sources and sinks on AWS (and the local stack): counters and records only, never a scan
 * of the workers table. Reads: coverage counters and the programme item (programmes table), claim counters,
 * employer records, upload records of the period (uploads table, byUploader index), the head of the waitlist
 * and FAILED workers (indexed queries), and the period's row-error reports in S3.
 */

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import pMap from 'p-map';
import Papa from 'papaparse';
import { employerOverview } from '../employers/overview.ts';
import { NoProgrammeError } from '../enrollment/reserve-quota.ts';
import { type ProgrammeState, programmeId } from '../quota/model.ts';
import type { ReportSources } from '../reports/build-report.ts';
import type { SendLog } from '../reports/ports.ts';
import type { RegionDirectory } from '../validation/regions.ts';
import { dynamoClaimStore } from './dynamo-claims-store.ts';
import { dynamoCoverageCounters } from './dynamo-coverage-counters.ts';
import { dynamoEmployerStore } from './dynamo-employer-store.ts';
import { queryAll } from './dynamo-paging.ts';
import { dynamoProgrammeRepository } from './dynamo-programme-repository.ts';

export interface ReportTables {
  uploads: string;
  workers: string;
  programmes: string;
  employers: string;
}

export interface ReportSourceOptions {
  dynamo: DynamoDBDocumentClient;
  s3: S3Client;
  bucket: string;
  tables: ReportTables;
  regions: RegionDirectory;
  regency: { code: string; name: string };
  agencies: ReadonlyArray<{ id: string; name: string }>;
  timeZone: string;
  now: () => Date;
}

/** The UTC instant a civil date starts in a time zone (Intl gives the zone's offset on that day). */
export function startOfDayUtc(day: string, timeZone: string): string {
  const noonUtc = new Date(`${day}T12:00:00Z`);
  const local = new Date(noonUtc.toLocaleString('en-US', { timeZone }));
  const utc = new Date(noonUtc.toLocaleString('en-US', { timeZone: 'UTC' }));
  const offsetMs = local.getTime() - utc.getTime();
  return new Date(Date.parse(`${day}T00:00:00Z`) - offsetMs).toISOString();
}

export function dynamoReportSources(o: ReportSourceOptions): ReportSources {
  const { dynamo, tables } = o;
  const programmes = dynamoProgrammeRepository(dynamo, tables.programmes);
  const range = (from: string, to: string) => ({
    ':from': startOfDayUtc(from, o.timeZone),
    ':to': startOfDayUtc(addDay(to), o.timeZone),
  });
  const uploadsOf = (uploader: string, from: string, to: string) =>
    queryAll(dynamo, {
      TableName: tables.uploads,
      IndexName: 'byUploader',
      KeyConditionExpression: 'gsi1pk = :k AND gsi1sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':k': uploader, ...range(from, to) },
    });

  return {
    regency: o.regency,
    timeZone: o.timeZone,
    regions: o.regions,
    agencies: o.agencies,
    async programme(onDate) {
      const year = Number(onDate.slice(0, 4));
      for (const y of [year, year - 1]) {
        const p = await programmes.get({ regency: o.regency.code, year: y });
        if (p && p.startDate <= onDate && onDate <= p.endDate) return p;
      }
      throw new NoProgrammeError(o.regency.code, onDate);
    },
    coverage: dynamoCoverageCounters(dynamo, tables.programmes),
    claims: dynamoClaimStore(dynamo, tables.programmes),
    employers: () => employerOverview(dynamoEmployerStore(dynamo, tables.employers)),
    async uploadsByAgency(agency, from, to) {
      const out = await dynamo.send(
        new QueryCommand({
          TableName: tables.uploads,
          IndexName: 'byUploader',
          KeyConditionExpression: 'gsi1pk = :k AND gsi1sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':k': `agency#${agency}`, ...range(from, to) },
          Select: 'COUNT',
        }),
      );
      return out.Count ?? 0;
    },
    async waitlistHeadSince(programme: ProgrammeState) {
      if (programme.waitlisted === 0) return null;
      const out = await dynamo.send(
        new QueryCommand({
          TableName: tables.workers,
          IndexName: 'waitlist',
          KeyConditionExpression: 'waitlistPk = :p',
          ExpressionAttributeValues: { ':p': programmeId(programme) },
          Limit: 1,
        }),
      );
      const head = out.Items?.[0];
      return head ? String(head.updatedAt ?? head.createdAt) : null;
    },
    async failureReasons() {
      // FAILED workers per kecamatan (byArea: areaSk FAILED#<desa>#<hmac>): only the failed ones are read.
      const reasons = new Map<string, number>();
      await pMap(
        o.regions.listKecamatan(),
        async (k) => {
          const items = await queryAll(dynamo, {
            TableName: tables.workers,
            IndexName: 'byArea',
            KeyConditionExpression: 'areaPk = :k AND begins_with(areaSk, :s)',
            ExpressionAttributeValues: { ':k': k.code, ':s': 'FAILED#' },
            ProjectionExpression: 'reason',
          });
          for (const i of items) {
            const reason = String(i.reason ?? 'tanpa alasan');
            reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
          }
        },
        { concurrency: 6 },
      );
      return [...reasons.entries()]
        .map(([reason, count]) => ({ reason, count }))
        .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
    },
    async rejectionReasons(from, to) {
      // The period's uploads with rejected rows, per desa (and agency), then their errors.csv: rows per code.
      const uploaders = [
        ...o.regions.listDesa().map((d) => ({ key: `desa#${d.code}`, area: d.code })),
        ...o.agencies.map((a) => ({ key: `agency#${a.id}`, area: `agency:${a.id}` })),
      ];
      const out: Array<{ code: string; desa: string; count: number }> = [];
      await pMap(
        uploaders,
        async (u) => {
          for (const upload of await uploadsOf(u.key, from, to)) {
            if (!(Number(upload.rejected) > 0) || typeof upload.errorsReportKey !== 'string') continue;
            for (const [code, count] of await rejectedRowsByCode(o.s3, o.bucket, upload.errorsReportKey))
              out.push({ code, desa: u.area, count });
          }
        },
        { concurrency: 8 },
      );
      return out;
    },
    now: o.now,
  };
}

const addDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** errors.csv (REPORT_COLUMNS): rows with an error (not a warning), counted once per row and code. */
async function rejectedRowsByCode(s3: S3Client, bucket: string, key: string): Promise<Map<string, number>> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const text = (await object.Body?.transformToString('utf-8')) ?? '';
  const seen = new Set<string>();
  const counts = new Map<string, number>();
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
  for (const [row, , , code, severity] of parsed.data.slice(1)) {
    if (!code || !severity?.startsWith('error')) continue;
    const id = `${row}#${code}`;
    if (seen.has(id)) continue;
    seen.add(id);
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return counts;
}

/** Send records in the programmes table: pk REPORTS#<regency>, sk SEND#<periodId>#<recipient>. */
export function dynamoSendLog(db: DynamoDBDocumentClient, table: string, regency: string): SendLog {
  const pk = `REPORTS#${regency}`;
  const sk = (periodId: string, recipient: string) => `SEND#${periodId}#${recipient}`;
  return {
    async claim(periodId, recipient, at, reportKey) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: { pk, sk: sk(periodId, recipient), periodId, recipient, state: 'SENDING', at, reportKey },
            // Once per period and recipient; a FAILED send may be tried again.
            ConditionExpression: 'attribute_not_exists(pk) OR #state = :failed',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':failed': 'FAILED' },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
    async sent(periodId, recipient, messageId, at) {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk, sk: sk(periodId, recipient) },
          UpdateExpression: 'SET #state = :sent, messageId = :m, sentAt = :at',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sent': 'SENT', ':m': messageId, ':at': at },
        }),
      );
    },
    async failed(periodId, recipient, error, at) {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk, sk: sk(periodId, recipient) },
          UpdateExpression: 'SET #state = :failed, #error = :e, failedAt = :at',
          ExpressionAttributeNames: { '#state': 'state', '#error': 'error' },
          ExpressionAttributeValues: { ':failed': 'FAILED', ':e': error.slice(0, 500), ':at': at },
        }),
      );
    },
  };
}
