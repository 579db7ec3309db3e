import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import {
  AREA_COUNTERS,
  type AreaCounts,
  type DailyCounts,
  type DesaCounts,
  noAreaCounts,
} from '../coverage/model.ts';
import type { CoverageReader, CoverageWriter } from '../coverage/ports.ts';
import { totalOf } from '../coverage/rollup.ts';
import { kecamatanOf } from '../quota/context.ts';
import type { ProgrammeKey } from '../quota/model.ts';
import { QuotaContentionError } from '../quota/ops.ts';
import { queryAll } from './dynamo-paging.ts';
import { parseStoredItem } from './stored-item.ts';

/** Counters of one desa as stored: a list in AREA_COUNTERS order (a counter added later reads as 0). */
type Packed = Record<string, number[]>;

const pk = (p: ProgrammeKey) => `COVERAGE#${p.regency}#${p.year}`;
const uploadSk = (uploadId: string) => `UPLOAD#${uploadId}`;
const daySk = (day: string, uploadId: string) => `DAY#${day}#${uploadId}`;

const pack = (counts: AreaCounts) => AREA_COUNTERS.map((c) => counts[c]);
const unpack = (list: number[] | undefined): AreaCounts => {
  const counts = noAreaCounts();
  AREA_COUNTERS.forEach((c, i) => {
    counts[c] = Number(list?.[i] ?? 0);
  });
  return counts;
};

/** Items as stored, parsed at the edge (src/adapters/stored-item.ts). */
const packed = z.record(z.string(), z.array(z.number()));
const uploadItem = z.object({
  /** Counters per desa. */
  c: packed,
  lastUploadAt: z.string(),
  /** When these counters were computed: an older computation never overwrites a newer one. */
  at: z.string(),
  /** The day of the last write and the counters at its start (that day's change is c − base). */
  day: z.string(),
  base: packed,
});
type UploadItem = z.infer<typeof uploadItem>;
const snapshotItem = uploadItem.pick({ c: true, lastUploadAt: true });
const dayItem = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), d: packed });

/**
 * Coverage counters in the programmes table, one partition per programme (pk COVERAGE#<regency>#<year>):
 * - sk UPLOAD#<uploadId>: what one upload contributes per desa (`c`: desa → counters), SET from its chunk
 *   outcomes, so a repeated write is harmless and the item never grows with the number of operations;
 * - sk DAY#<date>#<uploadId>: that upload's change on that day (desa → counter changes).
 * A snapshot is one query of the UPLOAD# items (a few hundred per programme-year); daily changes one query
 * of a DAY# range. No scan of workers, no transaction.
 */
export function dynamoCoverageCounters(
  db: DynamoDBDocumentClient,
  table: string,
): CoverageReader & CoverageWriter {
  return {
    async putUpload(programme, coverage, at, day) {
      const c: Packed = {};
      for (const d of coverage.byDesa) c[d.desa] = pack(d);
      const lastUploadAt = coverage.byDesa[0]?.lastUploadAt ?? at;
      for (let attempt = 0; attempt < 20; attempt++) {
        const out = await db.send(
          new GetCommand({
            TableName: table,
            Key: { pk: pk(programme), sk: uploadSk(coverage.uploadId) },
            ConsistentRead: true,
          }),
        );
        const old = out.Item ? parseStoredItem(uploadItem, out.Item, { table }) : undefined;
        if (old && old.at > at) return; // a later computation is already there
        const base = old ? (old.day === day ? old.base : old.c) : {};
        // The day's change first: a crash before the upload item is written repeats the same computation.
        await db.send(
          new PutCommand({
            TableName: table,
            Item: { pk: pk(programme), sk: daySk(day, coverage.uploadId), date: day, d: difference(c, base) },
          }),
        );
        try {
          await db.send(
            new PutCommand({
              TableName: table,
              Item: {
                pk: pk(programme),
                sk: uploadSk(coverage.uploadId),
                c,
                lastUploadAt,
                at,
                day,
                base,
              } satisfies UploadItem & Record<string, unknown>,
              ...(old
                ? {
                    ConditionExpression: '#at = :oldAt',
                    ExpressionAttributeNames: { '#at': 'at' },
                    ExpressionAttributeValues: { ':oldAt': old.at },
                  }
                : { ConditionExpression: 'attribute_not_exists(pk)' }),
            }),
          );
          return;
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error; // written meanwhile: again
        }
      }
      throw new QuotaContentionError(
        `Cakupan unggahan ${coverage.uploadId} terus berubah; coba lagi.`,
        `Coverage of upload ${coverage.uploadId} kept changing; try again.`,
      );
    },

    async snapshot(programme) {
      const items = await queryAll(db, {
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :u)',
        ExpressionAttributeValues: { ':pk': pk(programme), ':u': 'UPLOAD#' },
        ProjectionExpression: 'pk, sk, c, lastUploadAt',
      });
      const byDesa = new Map<string, DesaCounts>();
      for (const item of items.map((i) => parseStoredItem(snapshotItem, i, { table }))) {
        for (const [desa, list] of Object.entries(item.c)) {
          const counts = unpack(list);
          const into = byDesa.get(desa) ?? { desa, kecamatan: kecamatanOf(desa), ...noAreaCounts() };
          for (const k of AREA_COUNTERS) into[k] += counts[k];
          if (counts.uploads > 0 && (!into.lastUploadAt || item.lastUploadAt > into.lastUploadAt))
            into.lastUploadAt = item.lastUploadAt;
          byDesa.set(desa, into);
        }
      }
      const list = [...byDesa.values()]
        .filter((d) => AREA_COUNTERS.some((k) => d[k] !== 0))
        .sort((a, b) => a.desa.localeCompare(b.desa));
      return { programme, total: totalOf(list), byDesa: list };
    },

    async daily(programme, from, to) {
      const items = await queryAll(db, {
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': pk(programme),
          ':from': `DAY#${from}`,
          ':to': `DAY#${to}#\uffff`,
        },
      });
      const byDay = new Map<string, DailyCounts>();
      for (const item of items.map((i) => parseStoredItem(dayItem, i, { table }))) {
        const into = byDay.get(item.date) ?? { date: item.date, ...noAreaCounts() };
        for (const list of Object.values(item.d)) {
          const counts = unpack(list);
          for (const k of AREA_COUNTERS) into[k] += counts[k];
        }
        byDay.set(item.date, into);
      }
      return [...byDay.values()]
        .filter((d) => AREA_COUNTERS.some((k) => d[k] !== 0))
        .sort((a, b) => a.date.localeCompare(b.date));
    },
  };
}

/** Per desa, `now − base`; desa without change left out. */
function difference(now: Packed, base: Packed): Packed {
  const out: Packed = {};
  for (const desa of new Set([...Object.keys(now), ...Object.keys(base)])) {
    const a = unpack(now[desa]);
    const b = unpack(base[desa]);
    const d = AREA_COUNTERS.map((k) => a[k] - b[k]);
    if (d.some((n) => n !== 0)) out[desa] = d;
  }
  return out;
}
