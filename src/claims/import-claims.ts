/**
 * `lindung claims import FILE` and the S3 event under inbound/bpjs/claims/: reads the branch's claims file
 * (CSV or XLSX, same file rules as uploads), matches every line to a covered worker (KPJ, else NIK hash) and
 * adds the matched ones to the claim counters, once per line whatever happens to the file afterwards.
 * Every line ends in exactly one outcome: applied, already applied (replay), unmatched or rejected.
 */
import { createHash } from 'node:crypto';
import pMap from 'p-map';
import type { NikHasher } from '../shared/nik-hash.ts';
import { readCsvRows } from '../validation/csv-reader.ts';
import type { ReportFileError } from '../validation/error-report.ts';
import { type Cell, isBlankCell } from '../validation/fields.ts';
import { fileErrors } from '../validation/messages.ts';
import { maskNik } from '../validation/nik.ts';
import { FileError } from '../validation/types.ts';
import { limitBytes } from '../validation/validate-rows.ts';
import { readXlsxRows } from '../validation/xlsx-reader.ts';
import {
  type ClaimColumn,
  type ClaimHeader,
  claimAliasIndex,
  matchClaimHeader,
  missingClaimColumns,
} from './columns.ts';
import type { ClaimLine, MatchedWorker, StoredClaim } from './model.ts';
import { type ClaimProblem, parseClaimRow } from './parse-line.ts';
import type { ClaimStore, ClaimWorkerMatcher } from './ports.ts';

/** Statuses whose workers had coverage (a claim can be paid after a worker left). */
const COVERED = new Set(['ENROLLED', 'EXITED']);
/** Problems kept in the summary (the counts stay exact beyond it). */
export const MAX_LISTED_PROBLEMS = 5000;
const HEADER_SCAN_ROWS = 20;

export interface ImportClaimsDeps {
  regency: string;
  matcher: ClaimWorkerMatcher;
  store: ClaimStore;
  hashNik: NikHasher;
  now: () => Date;
  /** Extra header aliases from the regency configuration. */
  aliases?: Partial<Record<ClaimColumn, string[]>>;
  maxBytes?: number;
}

export interface ClaimsImportSummary {
  file: string;
  /** Data lines read (blank lines skipped). */
  lines: number;
  applied: number;
  alreadyApplied: number;
  unmatched: number;
  rejected: number;
  /** Rupiah of the applied plus already-applied lines: what this file contributes to the counters. */
  matchedAmount: number;
  problems: ClaimProblem[];
  problemsTruncated: boolean;
  fileError?: ReportFileError;
}

export async function importClaims(
  deps: ImportClaimsDeps,
  file: { name: string; bytes: AsyncIterable<Uint8Array> },
): Promise<ClaimsImportSummary> {
  const summary: ClaimsImportSummary = {
    file: file.name,
    lines: 0,
    applied: 0,
    alreadyApplied: 0,
    unmatched: 0,
    rejected: 0,
    matchedAmount: 0,
    problems: [],
    problemsTruncated: false,
  };
  const note = (p: ClaimProblem) => {
    if (summary.problems.length < MAX_LISTED_PROBLEMS) summary.problems.push(p);
    else summary.problemsTruncated = true;
  };
  const index = claimAliasIndex(deps.aliases);
  const at = deps.now().toISOString();
  let header: ClaimHeader | undefined;
  /** The row most like a header while none is found (for the missing-columns message). */
  let best: ClaimHeader | undefined;
  let scanned = 0;

  const handleBatch = async (rows: Array<{ row: number; cells: Cell[] }>, date1904: boolean) => {
    const lines: ClaimLine[] = [];
    for (const { row, cells } of rows) {
      if (cells.every(isBlankCell)) continue;
      if (!header) {
        const match = matchClaimHeader(cells, index);
        if (match.known >= 3) {
          const missing = missingClaimColumns(match);
          if (missing.length > 0) throw fileErrors.missingColumns(missing, row);
          header = match;
        } else {
          if (!best || match.known > best.known) best = match;
          if (++scanned >= HEADER_SCAN_ROWS) throw fileErrors.missingColumns(missingClaimColumns(best));
        }
        continue;
      }
      summary.lines++;
      const parsed = parseClaimRow(row, cells, header, date1904);
      if ('problems' in parsed) {
        summary.rejected++;
        for (const p of parsed.problems) note(p);
      } else lines.push(parsed.line);
    }
    await pMap(lines, (line) => applyLine(deps, file.name, line, at, summary, note), { concurrency: 8 });
  };

  try {
    const lower = file.name.toLowerCase();
    const max = deps.maxBytes ?? 50 * 1024 * 1024;
    const bytes = limitBytes(file.bytes, max);
    if (lower.endsWith('.csv')) {
      for await (const batch of readCsvRows(bytes))
        await handleBatch(
          batch.rows.map((cells, i) => ({ row: batch.first + i, cells })),
          false,
        );
    } else if (lower.endsWith('.xlsx')) {
      let date1904 = false;
      let sheets = 0;
      for await (const event of readXlsxRows(bytes)) {
        if (event.type === 'sheet') {
          if (++sheets > 1) break; // the first visible sheet holds the claims
          date1904 = event.date1904;
        } else
          await handleBatch(
            event.rows.map((cells, i) => ({ row: event.numbers[i] ?? 0, cells })),
            date1904,
          );
      }
    } else throw fileErrors.unsupportedType(file.name);
    if (!header)
      throw best ? fileErrors.missingColumns(missingClaimColumns(best)) : fileErrors.empty('no-rows');
    if (summary.lines === 0) throw fileErrors.empty('header-only');
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    summary.fileError = { code: error.code, message: error.messageId, messageEn: error.messageEn };
  }
  return summary;
}

async function applyLine(
  deps: ImportClaimsDeps,
  file: string,
  line: ClaimLine,
  at: string,
  summary: ClaimsImportSummary,
  note: (p: ClaimProblem) => void,
): Promise<void> {
  let worker: MatchedWorker | undefined;
  if (line.nik) worker = await deps.matcher.byNikHash(deps.hashNik(line.nik));
  if (!worker && line.kpj) worker = await deps.matcher.byKpj(line.kpj);
  const who = line.kpj ? `KPJ ${line.kpj}` : `NIK ${maskNik(line.nik ?? '')}`;
  if (!worker || !COVERED.has(worker.status)) {
    summary.unmatched++;
    note({
      row: line.row,
      column: line.kpj ? 'KPJ' : 'NIK',
      code: 'UNKNOWN_WORKER',
      value: line.kpj ?? maskNik(line.nik ?? ''),
      message: worker
        ? `${who} terdaftar tetapi belum pernah tercakup program (status ${worker.status}); klaim tidak dihitung.`
        : `${who} tidak ditemukan di antara pekerja program; klaim tidak dihitung. Periksa nomornya.`,
      messageEn: worker
        ? `${who} is registered but was never covered by the programme (status ${worker.status}); not counted.`
        : `${who} is not a worker of the programme; not counted. Check the number.`,
    });
    return;
  }
  const claim: StoredClaim = {
    lineId: lineIdOf(line, worker.nikHash),
    nikHash: worker.nikHash,
    ...(line.kpj ? { kpj: line.kpj } : {}),
    type: line.type,
    eventDate: line.eventDate,
    paidDate: line.paidDate,
    amount: line.amount,
    ...(line.educationLevel ? { educationLevel: line.educationLevel } : {}),
    desa: worker.desa,
    kecamatan: worker.kecamatan,
    file,
    row: line.row,
  };
  const outcome = await deps.store.apply(deps.regency, claim, at);
  if (outcome === 'applied') summary.applied++;
  else summary.alreadyApplied++;
  summary.matchedAmount += line.amount;
}

/**
 * A line's identity: the branch's claim number when present, else its content (worker, type, dates, amount,
 * beneficiary). Independent of the file name and row, so the same claim re-sent in another file is the same line.
 */
export function lineIdOf(line: ClaimLine, nikHash: string): string {
  if (line.claimNumber) return `no:${line.claimNumber.replace(/\s+/g, '').toUpperCase()}`;
  const content = [
    nikHash,
    line.type,
    line.eventDate,
    line.paidDate,
    line.amount,
    line.beneficiary.toLowerCase().replace(/\s+/g, ' '),
    line.educationLevel ?? '',
  ].join('|');
  return `h:${createHash('sha256').update(content).digest('base64url').slice(0, 32)}`;
}
