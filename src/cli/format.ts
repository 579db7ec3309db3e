import type { UploadSummary } from '../uploads/model.ts';

const rupiahFormat = new Intl.NumberFormat('id-ID');

/** Numbers as Indonesians read them: 150.000. */
export const number = (n: number) => rupiahFormat.format(n);

/** Human-readable upload summary, Bahasa Indonesia first. */
export function formatSummary(file: string, s: UploadSummary): string {
  const lines = [`${file} → unggahan/upload ${s.uploadId}: ${s.status}`];
  if (s.fileError) {
    lines.push(`  Berkas ditolak / file rejected: ${s.fileError.code}`, `  ${s.fileError.message}`);
  } else {
    const rows: Array<[string, number]> = [
      ['baris / rows', s.rows],
      ['ditolak / rejected', s.rejected],
      ['duplikat / duplicates', s.duplicates],
      ['dirujuk ke pemberi kerja / referred', s.referred],
      ['daftar tunggu / waitlisted', s.waitlisted],
      ['terdaftar / enrolled', s.enrolled],
      ['gagal / failed', s.failed],
      ...(s.submitted > 0
        ? ([['menunggu BPJS / awaiting BPJS', s.submitted]] as Array<[string, number]>)
        : []),
      ...(s.reserved > 0
        ? ([
            [
              s.status === 'AWAITING_APPROVAL'
                ? 'menunggu persetujuan / awaiting approval'
                : 'tempat dipegang / places held',
              s.reserved,
            ],
          ] as Array<[string, number]>)
        : []),
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    for (const [label, value] of rows) lines.push(`  ${label.padEnd(width)}  ${number(value).padStart(9)}`);
  }
  if (s.errorsReportKey) lines.push(`  laporan kesalahan / error report: ${s.errorsReportKey}`);
  if (s.executionArn) lines.push(`  eksekusi / execution: ${s.executionArn}`);
  return lines.join('\n');
}
