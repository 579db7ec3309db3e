/** The report's tables, defined once: the e-mail shows them, the XLSX attachment has one sheet per table. */
import { CLAIM_TYPES } from '../claims/model.ts';
import type { PeriodicReport } from './model.ts';

export type CellKind = 'text' | 'count' | 'rupiah' | 'date';
export interface ReportTable {
  /** Sheet name (≤ 31 characters, Excel's limit). */
  sheet: string;
  title: string;
  columns: Array<{ header: string; kind: CellKind }>;
  rows: Array<Array<string | number | null>>;
}

export const CLAIM_TYPE_LABELS = {
  JKK: 'JKK (kecelakaan kerja)',
  JKM: 'JKM (kematian)',
  BEASISWA: 'Beasiswa pendidikan anak',
} as const;

const c = (header: string, kind: CellKind = 'count') => ({ header, kind });
/**
 * A share in id-ID, the same in the e-mail and the spreadsheet; a small one keeps two significant digits, so
 * 28 of 150,000 reads 0,019%, not 0%.
 */
export const percent = (part: number, whole: number) => {
  if (whole <= 0) return '-';
  const share = (part * 100) / whole;
  const digits = share > 0 && share < 1 ? { maximumSignificantDigits: 2 } : { maximumFractionDigits: 1 };
  return `${new Intl.NumberFormat('id-ID', digits).format(share)}%`;
};

export function reportTables(r: PeriodicReport): ReportTable[] {
  return [
    {
      sheet: 'Ringkasan',
      title: 'Ringkasan program',
      columns: [c('Ukuran', 'text'), c('Nilai', 'count'), c('Keterangan', 'text')],
      rows: [
        ['Target pekerja (kuota)', r.target, `program ${r.programmeYear}`],
        ['Terlindungi (aktif)', r.covered, percent(r.covered, r.target)],
        ['Baru terlindungi periode ini', r.newThisPeriod, `${r.from} s.d. ${r.to}`],
        ['Tempat terpakai (kuota)', r.quotaUsed, 'termasuk menunggu persetujuan / jawaban BPJS'],
        ['Sisa kuota', Math.max(0, r.target - r.quotaUsed), ''],
        [
          'Daftar tunggu',
          r.waitlisted,
          r.waitlist.headSince ? `terlama menunggu ${r.waitlist.headWaitingDays} hari` : '',
        ],
        ['Gagal didaftarkan', r.failed.count, ''],
        ['Desa/kelurahan belum mengirim data', r.desaWithoutUploads.length, `dari ${r.byDesa.length}`],
      ],
    },
    {
      sheet: 'Anggaran',
      title: 'Anggaran (Rupiah)',
      columns: [c('Ukuran', 'text'), c('Rupiah', 'rupiah')],
      rows: [
        ['Pagu anggaran', r.budget.ceiling],
        ['Terikat (komitmen)', r.budget.committed],
        ['Sisa pagu', r.budget.ceiling - r.budget.committed],
        ['Iuran per pekerja per bulan', r.budget.monthlyPremium],
        ['Iuran jatuh tempo bulan ini', r.budget.premiumsDueThisMonth],
      ],
    },
    {
      sheet: 'Tren',
      title: 'Tren pekerja terlindungi',
      columns: [c('Sampai tanggal', 'date'), c('Terlindungi')],
      rows: r.trend.map((t) => [t.until, t.covered]),
    },
    {
      sheet: 'Kecamatan',
      title: 'Per kecamatan',
      columns: [
        c('Kode', 'text'),
        c('Kecamatan', 'text'),
        c('Desa'),
        c('Desa tanpa data'),
        c('Unggahan'),
        c('Terlindungi'),
        c('Tempat terpakai'),
        c('Daftar tunggu'),
        c('Ditolak'),
        c('Dirujuk ke pemberi kerja'),
        c('Gagal'),
      ],
      rows: [...r.byKecamatan, kecamatanTotal(r)].map((k) => [
        k.code,
        k.name,
        k.desa,
        k.desaWithoutUploads,
        k.uploads,
        k.covered,
        k.quotaUsed,
        k.waitlisted,
        k.rejected,
        k.referred,
        k.failed,
      ]),
    },
    {
      sheet: 'Desa',
      title: 'Per desa/kelurahan',
      columns: [
        c('Kode', 'text'),
        c('Desa/Kelurahan', 'text'),
        c('Kecamatan', 'text'),
        c('Unggahan'),
        c('Terlindungi'),
        c('Daftar tunggu'),
        c('Ditolak'),
        c('Dirujuk'),
        c('Gagal'),
        c('Unggahan terakhir', 'text'),
      ],
      rows: r.byDesa.map((d) => [
        d.code,
        d.name,
        d.kecamatan,
        d.uploads,
        d.covered,
        d.waitlisted,
        d.rejected,
        d.referred,
        d.failed,
        d.uploads === 0 ? 'BELUM MENGIRIM DATA' : (d.lastUploadAt?.slice(0, 10) ?? ''),
      ]),
    },
    {
      sheet: 'Desa tanpa data',
      title: 'Desa/kelurahan yang belum mengirim data',
      columns: [c('Kode', 'text'), c('Desa/Kelurahan', 'text'), c('Kecamatan', 'text')],
      rows: r.desaWithoutUploads.map((d) => [d.code, d.name, kecamatanName(r, d.kecamatan)]),
    },
    {
      sheet: 'Alasan penolakan',
      title: 'Alasan penolakan teratas (periode ini)',
      columns: [c('Kode galat', 'text'), c('Baris'), c('Terbanyak dari desa', 'text')],
      rows: r.rejectionReasons.map((x) => [
        x.code,
        x.count,
        x.desa.map((d) => `${d.name} (${d.count})`).join(', '),
      ]),
    },
    {
      sheet: 'Gagal',
      title: 'Pendaftaran gagal, menurut alasan',
      columns: [c('Alasan', 'text'), c('Pekerja')],
      rows: r.failed.reasons.map((x) => [x.reason, x.count]),
    },
    {
      sheet: 'Unggahan dinas',
      title: 'Unggahan per dinas (periode ini)',
      columns: [c('Dinas', 'text'), c('Unggahan')],
      rows: r.uploadsByAgency.map((a) => [a.name, a.uploads]),
    },
    {
      sheet: 'Pemberi kerja',
      title: 'Pemberi kerja yang belum mendaftarkan pekerjanya',
      columns: [
        c('Pemberi kerja', 'text'),
        c('NIB', 'text'),
        c('Pekerja belum didaftarkan'),
        c('Surat'),
        c('Eskalasi'),
      ],
      rows: r.employers.top.map((e) => [e.name, e.nib ?? '', e.outstanding, e.notified, e.escalated]),
    },
    {
      sheet: 'Klaim',
      title: 'Klaim dan manfaat dibayar BPJS (tahun program)',
      columns: [c('Jenis', 'text'), c('Klaim'), c('Rupiah', 'rupiah')],
      rows: [
        ...CLAIM_TYPES.map((t) => [
          CLAIM_TYPE_LABELS[t],
          r.claims.byType[t].count,
          r.claims.byType[t].amount,
        ]),
        ['Jumlah', r.claims.count, r.claims.amount],
      ],
    },
    {
      sheet: 'Klaim per kecamatan',
      title: 'Klaim per kecamatan',
      columns: [c('Kode', 'text'), c('Kecamatan', 'text'), c('Klaim'), c('Rupiah', 'rupiah')],
      rows: r.claims.byKecamatan.map((k) => [k.code, k.name, k.count, k.amount]),
    },
  ];
}

export function kecamatanName(r: PeriodicReport, code: string): string {
  return r.byKecamatan.find((k) => k.code === code)?.name ?? code;
}

/** The "Jumlah" line under the kecamatan table. */
function kecamatanTotal(r: PeriodicReport): PeriodicReport['byKecamatan'][number] {
  const total = {
    code: '',
    name: 'Jumlah',
    desa: 0,
    desaWithoutUploads: 0,
    quotaUsed: 0,
    uploads: 0,
    covered: 0,
    waitlisted: 0,
    rejected: 0,
    referred: 0,
    failed: 0,
  };
  for (const k of r.byKecamatan)
    for (const f of [
      'desa',
      'desaWithoutUploads',
      'quotaUsed',
      'uploads',
      'covered',
      'waitlisted',
      'rejected',
      'referred',
      'failed',
    ] as const)
      total[f] += k[f];
  return total;
}
