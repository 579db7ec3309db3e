import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { BatchAnswer, BpjsGateway, EnrollmentBatch } from './gateway.ts';

/** Where batch files go (the bucket in production). */
export interface BatchFileSink {
  put(key: string, body: string | Uint8Array, contentType: string): Promise<void>;
}

export const OUTBOUND_PREFIX = 'outbound/bpjs/';
export const INBOUND_PREFIX = 'inbound/bpjs/';

const COLUMNS = [
  'BATCH_ID',
  'NIK',
  'NAMA',
  'TANGGAL_LAHIR',
  'JENIS_KELAMIN',
  'ALAMAT_DESA',
  'KODE_DESA',
  'PEKERJAAN',
  'NO_HP',
  'PROGRAM',
  'PERIODE_MULAI',
  'PERIODE_SELESAI',
  'IURAN_PER_BULAN',
] as const;

/**
 * The production default: a collective-registration batch file (CSV and XLSX) for the BPJS branch office under
 * outbound/bpjs/<date>/<batchId>. The branch answers with an acknowledgement file dropped into inbound/bpjs/,
 * which arrives through an S3 event like an upload. Writing the same batch again overwrites the same keys.
 */
export function fileExchangeGateway(
  sink: BatchFileSink,
  describeDesa: (code: string) => string = (c) => c,
): BpjsGateway {
  return {
    name: 'file-exchange',
    async submit(batch) {
      const rows = batchRows(batch, describeDesa);
      const base = `${OUTBOUND_PREFIX}${batch.createdAt.slice(0, 10)}/${batch.batchId}`;
      await sink.put(
        `${base}.csv`,
        `\uFEFF${Papa.unparse({ fields: [...COLUMNS], data: rows })}\r\n`,
        'text/csv; charset=utf-8',
      );
      await sink.put(
        `${base}.xlsx`,
        await batchXlsx(rows),
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      return { mode: 'async', files: [`${base}.csv`, `${base}.xlsx`] };
    },
  };
}

function batchRows(batch: EnrollmentBatch, describeDesa: (code: string) => string): string[][] {
  return batch.participants.map((p) => [
    batch.batchId,
    p.nik,
    p.name,
    p.birthDate,
    p.gender,
    describeDesa(p.desa),
    p.desa,
    p.occupation,
    p.phone ?? '',
    'JKK+JKM',
    batch.periodStart,
    batch.periodEnd,
    String(batch.monthlyContribution),
  ]);
}

async function batchXlsx(rows: string[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Pendaftaran Kolektif');
  ws.addRow([...COLUMNS]);
  for (const r of rows) ws.addRow(r);
  ws.getColumn(2).numFmt = '@'; // NIK as text: Excel must not turn it into a number
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export interface Acknowledgement {
  batchIds: string[];
  /** Answers per batch id, for the batch's record. */
  tally: Record<string, { accepted: number; rejected: number }>;
  results: BatchAnswer[];
  /** Lines that could not be read, with the reason: reported, never dropped silently. */
  problems: Array<{ line: number; reason: string }>;
}

/**
 * Reads the branch's acknowledgement CSV: BATCH_ID, NIK, STATUS (DITERIMA/DITOLAK or ACCEPTED/REJECTED),
 * KPJ, TANGGAL_MULAI (coverage start, YYYY-MM-DD or DD-MM-YYYY), ALASAN (reason for a rejection).
 */
export function parseAcknowledgement(text: string): Acknowledgement {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) =>
      h
        .trim()
        .toUpperCase()
        .replace(/[^A-Z]+/g, '_'),
  });
  const ack: Acknowledgement = { batchIds: [], tally: {}, results: [], problems: [] };
  for (const [i, row] of parsed.data.entries()) {
    const line = i + 2;
    const problem = (reason: string) => ack.problems.push({ line, reason });
    const nik = (row.NIK ?? '').replace(/\D/g, '');
    const status = (row.STATUS ?? '').trim().toUpperCase();
    if (nik.length !== 16) {
      problem('NIK is not 16 digits');
      continue;
    }
    const batchId = (row.BATCH_ID ?? '').trim();
    if (!batchId) {
      problem('no BATCH_ID: the answer names no batch, so it is not applied');
      continue;
    }
    if (!ack.batchIds.includes(batchId)) ack.batchIds.push(batchId);
    const tally = ack.tally[batchId] ?? { accepted: 0, rejected: 0 };
    ack.tally[batchId] = tally;
    if (status === 'DITERIMA' || status === 'ACCEPTED') {
      const kpj = (row.KPJ ?? '').replace(/\D/g, '');
      const coverageStart = isoDate(row.TANGGAL_MULAI ?? '');
      if (!kpj) problem('accepted without a KPJ number');
      else if (!coverageStart) problem('accepted without a valid TANGGAL_MULAI');
      else {
        ack.results.push({ batchId, nik, outcome: 'ACCEPTED', kpj, coverageStart });
        tally.accepted += 1;
      }
    } else if (status === 'DITOLAK' || status === 'REJECTED') {
      const reason = (row.ALASAN ?? '').trim() || 'ditolak BPJS tanpa alasan / rejected without a reason';
      ack.results.push({ batchId, nik, outcome: 'REJECTED', reason });
      tally.rejected += 1;
    } else {
      problem(`unknown STATUS "${row.STATUS ?? ''}"`);
    }
  }
  return ack;
}

function isoDate(text: string): string | undefined {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return t;
  const m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(t);
  return m ? `${m[3]}-${m[2]?.padStart(2, '0')}-${m[1]?.padStart(2, '0')}` : undefined;
}
