/** The report e-mail: HTML (chart inline by Content-ID) and plain text, Bahasa Indonesia, id-ID numbers. */
import { escapeHtml as esc } from '../employers/letters.ts';
import { formatCount, formatRupiah } from '../quota/calendar.ts';
import type { PeriodicReport } from './model.ts';
import { formatDay, zoneLabel } from './period.ts';
import { type CellKind, kecamatanName, percent, type ReportTable, reportTables } from './tables.ts';

export const CHART_CID = 'grafik-cakupan';

const KIND = { weekly: 'Mingguan', monthly: 'Bulanan' } as const;

export function reportSubject(r: PeriodicReport): string {
  return `Laporan ${KIND[r.period]} Perlindungan Pekerja Rentan ${r.regency.name} — ${r.periodLabel}`;
}

const cell = (v: string | number | null, kind: CellKind) =>
  v === null
    ? ''
    : typeof v === 'number'
      ? kind === 'rupiah'
        ? formatRupiah(v)
        : formatCount(v)
      : String(v);

const numeric = (kind: CellKind) => kind === 'count' || kind === 'rupiah';
const th = (kind: CellKind) =>
  `style="background:#f3f4f6;border-bottom:2px solid #d1d5db;padding:6px 8px;font-size:12px;color:#374151;text-align:${numeric(kind) ? 'right' : 'left'}"`;
const td = (kind: CellKind) =>
  `style="border-bottom:1px solid #e5e7eb;padding:5px 8px;font-size:13px;${numeric(kind) ? 'text-align:right;white-space:nowrap' : ''}"`;

/**
 * A table for the e-mail. Code columns stay in the XLSX only: in a 820-pixel mail they pushed the names onto two
 * lines (seen in the first rendering).
 */
function htmlTable(t: ReportTable, empty = 'Tidak ada data.'): string {
  if (t.rows.length === 0)
    return `<h3 style="${H3}">${esc(t.title)}</h3><p style="color:#6b7280">${esc(empty)}</p>`;
  const shown = t.columns.map((c, i) => ({ ...c, i })).filter((c) => c.header !== 'Kode');
  const head = shown.map((c) => `<th ${th(c.kind)}>${esc(c.header)}</th>`).join('');
  const body = t.rows
    .map(
      (row) =>
        `<tr>${shown.map((c) => `<td ${td(c.kind)}>${esc(cell(row[c.i] ?? null, c.kind))}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<h3 style="${H3}">${esc(t.title)}</h3>
<table role="presentation" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%;margin-bottom:8px">
<tr>${head}</tr>
${body}
</table>`;
}
const H3 = 'font-size:16px;color:#065f46;margin:24px 0 8px';

function figure(label: string, value: string, note: string): string {
  return `<td style="padding:10px 12px;background:#ecfdf5;border:1px solid #a7f3d0;vertical-align:top;width:33%">
<div style="font-size:12px;color:#065f46">${esc(label)}</div>
<div style="font-size:22px;font-weight:bold;color:#064e3b">${esc(value)}</div>
<div style="font-size:12px;color:#4b5563">${esc(note)}</div></td>`;
}

/** Desa without data, grouped by kecamatan: who the office should call. */
function missingByKecamatan(r: PeriodicReport): Array<{ kecamatan: string; of: number; desa: string[] }> {
  const groups = new Map<string, string[]>();
  for (const d of r.desaWithoutUploads) {
    const list = groups.get(d.kecamatan) ?? [];
    list.push(d.name);
    groups.set(d.kecamatan, list);
  }
  return [...groups.entries()].map(([k, desa]) => ({
    kecamatan: kecamatanName(r, k),
    of: r.byKecamatan.find((x) => x.code === k)?.desa ?? desa.length,
    desa,
  }));
}

export function reportHtml(r: PeriodicReport): string {
  const tables = Object.fromEntries(reportTables(r).map((t) => [t.sheet, t]));
  const pick = (name: string) => tables[name] as ReportTable;
  const missing = missingByKecamatan(r);
  const kecamatan = pick('Kecamatan');
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>${esc(reportSubject(r))}</title></head>
<body style="margin:0;padding:0;background:#f9fafb">
<div style="max-width:820px;margin:0 auto;padding:20px;background:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.45;color:#1f2937">
<p style="margin:0;font-size:12px;color:#6b7280">${esc(r.regency.name)} · Program Perlindungan Pekerja Rentan ${r.programmeYear}</p>
<h1 style="font-size:22px;margin:4px 0 2px;color:#064e3b">Laporan ${KIND[r.period]}: ${esc(r.periodLabel)}</h1>
<p style="margin:0 0 16px;color:#4b5563">Periode ${esc(formatDay(r.from))} s.d. ${esc(formatDay(r.to))} (${esc(zoneLabel(r.timeZone))}). Tren dan &ldquo;baru periode ini&rdquo; mengikuti periode; angka posisi (terlindungi, anggaran, daftar tunggu, per desa) adalah penghitung sistem lindung saat laporan dibuat.</p>
<table role="presentation" cellspacing="6" cellpadding="0" style="width:100%;border-collapse:separate"><tr>
${figure('Terlindungi', formatCount(r.covered), `${percent(r.covered, r.target)} dari target ${formatCount(r.target)}`)}
${figure('Baru periode ini', formatCount(r.newThisPeriod), 'pekerja mulai terlindungi')}
${figure('Daftar tunggu', formatCount(r.waitlisted), r.waitlist.headWaitingDays !== null ? `terlama ${formatCount(r.waitlist.headWaitingDays)} hari` : 'tidak ada yang menunggu')}
</tr><tr>
${figure('Anggaran terikat', formatRupiah(r.budget.committed), `dari pagu ${formatRupiah(r.budget.ceiling)} (${percent(r.budget.committed, r.budget.ceiling)})`)}
${figure('Iuran bulan ini', formatRupiah(r.budget.premiumsDueThisMonth), `${formatCount(r.quotaUsed)} tempat × ${formatRupiah(r.budget.monthlyPremium)}`)}
${figure('Klaim dibayar BPJS', formatRupiah(r.claims.amount), `${formatCount(r.claims.count)} klaim tahun ini`)}
</tr></table>
<p style="margin:16px 0 4px"><img src="cid:${CHART_CID}" width="760" alt="Grafik pekerja terlindungi dibanding target" style="width:100%;max-width:760px;height:auto;border:1px solid #e5e7eb"></p>
<h3 style="${H3}">Desa/kelurahan yang belum mengirim data (${formatCount(r.desaWithoutUploads.length)} dari ${formatCount(r.byDesa.length)})</h3>
${
  missing.length === 0
    ? '<p>Semua desa/kelurahan sudah mengirim data.</p>'
    : `<ul style="margin:0;padding-left:20px">${missing.map((m) => `<li><b>${esc(m.kecamatan)}</b> (${m.desa.length} dari ${m.of}): ${esc(m.desa.join(', '))}</li>`).join('\n')}</ul>`
}
${htmlTable({ ...kecamatan, rows: kecamatan.rows })}
${htmlTable(pick('Alasan penolakan'), 'Tidak ada baris ditolak pada periode ini.')}
${htmlTable(pick('Gagal'), 'Tidak ada pendaftaran yang gagal.')}
${htmlTable(pick('Unggahan dinas'))}
<h3 style="${H3}">Pemberi kerja</h3>
<p style="margin:0 0 8px">${formatCount(r.employers.total)} pemberi kerja dirujuk (${formatCount(r.employers.referred)} pekerja), ${formatCount(r.employers.outstanding)} pekerja belum didaftarkan; ${formatCount(r.employers.notified)} sudah disurati, ${formatCount(r.employers.escalated)} dieskalasi ke Disnakertrans, ${formatCount(r.employers.unknown)} tidak ada dalam daftar pemberi kerja.</p>
${r.employers.top.length > 0 ? htmlTable(pick('Pemberi kerja')) : ''}
${htmlTable(pick('Klaim'))}
<p style="margin:0 0 8px">Periode ini: ${formatCount(r.claims.thisPeriod.count)} klaim, ${esc(formatRupiah(r.claims.thisPeriod.amount))}.</p>
${htmlTable(pick('Klaim per kecamatan'), 'Belum ada klaim yang tercatat.')}
${htmlTable(pick('Anggaran'))}
<p style="margin:24px 0 0;font-size:12px;color:#6b7280">Rincian per desa dan semua tabel di atas ada dalam lampiran Excel (satu lembar per tabel). Laporan ini tidak memuat NIK atau nama pekerja. Dikirim otomatis oleh sistem lindung; kode wilayah Kemendagri (idn-area-data).</p>
</div></body></html>`;
}

export function reportText(r: PeriodicReport): string {
  const lines = [
    reportSubject(r),
    `Periode ${formatDay(r.from)} s.d. ${formatDay(r.to)} (${zoneLabel(r.timeZone)})`,
    'Tren dan "baru periode ini" mengikuti periode; angka posisi (terlindungi, anggaran, daftar tunggu, per desa) adalah penghitung saat laporan dibuat.',
    '',
    `Terlindungi        ${formatCount(r.covered)} dari target ${formatCount(r.target)} (${percent(r.covered, r.target)})`,
    `Baru periode ini   ${formatCount(r.newThisPeriod)}`,
    `Daftar tunggu      ${formatCount(r.waitlisted)}${r.waitlist.headWaitingDays !== null ? ` (terlama ${r.waitlist.headWaitingDays} hari)` : ''}`,
    `Anggaran terikat   ${formatRupiah(r.budget.committed)} dari pagu ${formatRupiah(r.budget.ceiling)}`,
    `Iuran bulan ini    ${formatRupiah(r.budget.premiumsDueThisMonth)}`,
    `Gagal didaftarkan  ${formatCount(r.failed.count)}`,
    `Klaim dibayar BPJS ${formatCount(r.claims.count)} klaim, ${formatRupiah(r.claims.amount)}`,
    '',
    `Desa/kelurahan belum mengirim data: ${r.desaWithoutUploads.length} dari ${r.byDesa.length}`,
    ...missingByKecamatan(r).map(
      (m) => `- ${m.kecamatan} (${m.desa.length} dari ${m.of}): ${m.desa.join(', ')}`,
    ),
    '',
    'Per kecamatan (terlindungi / daftar tunggu / ditolak / dirujuk):',
    ...r.byKecamatan.map(
      (k) =>
        `- ${k.name}: ${formatCount(k.covered)} / ${formatCount(k.waitlisted)} / ${formatCount(k.rejected)} / ${formatCount(k.referred)}`,
    ),
    '',
    'Alasan penolakan teratas:',
    ...(r.rejectionReasons.length === 0
      ? ['- tidak ada']
      : r.rejectionReasons.map(
          (x) => `- ${x.code}: ${formatCount(x.count)} (${x.desa.map((d) => d.name).join(', ')})`,
        )),
    '',
    `Pemberi kerja: ${r.employers.total} dirujuk, ${r.employers.outstanding} pekerja belum didaftarkan, ${r.employers.escalated} dieskalasi, ${r.employers.unknown} tidak dikenal.`,
    '',
    'Grafik ada pada versi HTML; semua tabel dalam lampiran Excel. Laporan ini tidak memuat NIK atau nama pekerja.',
  ];
  return lines.join('\n');
}
