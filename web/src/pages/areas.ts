import { html } from 'htm/preact';
import { useMemo, useState } from 'preact/hooks';
import { Chart, type ChartOption } from '../chart.ts';
import { dateTime, num } from '../format.ts';
import { t } from '../i18n.ts';
import type { AreasInfo, DesaCounts, Me, Regions } from '../types.ts';
import { ErrorView, Loading, Page } from '../ui.ts';
import { useApi, useRegions } from '../use-api.ts';

/** The desa the caller may see (a desa user: its own) that no upload has named yet. */
export function desaWithoutUploads(regions: Regions, areas: AreasInfo, me: Me): Regions['desa'] {
  const sent = new Set(
    areas.byDesa.filter((d) => Number(d.uploads ?? 0) > 0 || d.lastUploadAt).map((d) => d.desa),
  );
  return regions.desa.filter((d) => (!me.desa || d.code === me.desa) && !sent.has(d.code));
}

const n = (d: DesaCounts | undefined, k: string) => Number(d?.[k] ?? 0);
const isSilent = (d: DesaCounts | undefined) => !d?.lastUploadAt && n(d, 'uploads') === 0;

/** Wilayah: coverage by kecamatan (chart and table) and every desa of the regency, silent ones marked. */
export function Areas(props: { me: Me }) {
  const [onlySilent, setOnlySilent] = useState(false);
  const areas = useApi<AreasInfo>('/areas', 10_000);
  const regions = useRegions();
  const rows = useMemo(() => {
    if (!regions || !areas.data) return undefined;
    const byCode = new Map(areas.data.byDesa.map((d) => [d.desa, d]));
    const desa = regions.desa
      .filter((d) => !props.me.desa || d.code === props.me.desa)
      .map((d) => ({ ...d, counts: byCode.get(d.code) }));
    const kec = regions.kecamatan
      .map((k) => {
        const mine = desa.filter((d) => d.kecamatan === k.code);
        const sum = (key: string) => mine.reduce((s, d) => s + n(d.counts, key), 0);
        return {
          ...k,
          desa: mine.length,
          enrolled: sum('enrolled'),
          rows: sum('rows'),
          waitlisted: sum('waitlisted'),
          silent: mine.filter((d) => isSilent(d.counts)).length,
        };
      })
      .filter((k) => k.desa > 0);
    return { desa, kec };
  }, [regions, areas.data, props.me.desa]);
  if (areas.error) return html`<${ErrorView} error=${areas.error} />`;
  if (!rows) return html`<${Loading} />`;
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 150, right: 20, top: 30, bottom: 20 },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: rows.kec.map((k) => k.name), inverse: true },
    series: [
      { type: 'bar', name: t('Terdaftar', 'Enrolled'), data: rows.kec.map((k) => k.enrolled), stack: 'a' },
      {
        type: 'bar',
        name: t('Daftar tunggu', 'Waitlisted'),
        data: rows.kec.map((k) => k.waitlisted),
        stack: 'a',
      },
    ],
  };
  return html`<${Page} title=${t('Wilayah', 'Areas')}>
    <section class="panel"><h2>${t('Cakupan per kecamatan', 'Coverage by kecamatan')}</h2>
      <${Chart} option=${option} label=${t('Terdaftar dan daftar tunggu per kecamatan', 'Enrolled and waitlisted by kecamatan')}
        height=${Math.max(160, rows.kec.length * 26 + 50)} />
      <table class="table" data-testid="kecamatan-table">
        <thead><tr><th scope="col">Kecamatan</th><th scope="col" class="num">Desa</th><th scope="col" class="num">${t('Baris', 'Rows')}</th>
          <th scope="col" class="num">${t('Terdaftar', 'Enrolled')}</th><th scope="col" class="num">${t('Daftar tunggu', 'Waitlisted')}</th>
          <th scope="col" class="num">${t('Desa belum mengirim', 'Villages silent')}</th></tr></thead>
        <tbody>${rows.kec.map(
          (k) => html`<tr><td>${k.name}</td><td class="num">${k.desa}</td><td class="num">${num(k.rows)}</td>
          <td class="num">${num(k.enrolled)}</td><td class="num">${num(k.waitlisted)}</td><td class="num">${k.silent}</td></tr>`,
        )}</tbody>
      </table></section>
    <section class="panel"><h2>${t('Semua desa', 'Every village')} (${rows.desa.length})</h2>
      <p><label class="check"><input type="checkbox" checked=${onlySilent}
        onChange=${(e: Event) => setOnlySilent((e.target as HTMLInputElement).checked)} />
        ${t('Hanya desa yang belum mengirim', 'Only villages that have sent nothing')}</label></p>
      <table class="table" data-testid="desa-table">
        <thead><tr><th scope="col">${t('Kode', 'Code')}</th><th scope="col">Desa</th><th scope="col" class="num">${t('Unggahan', 'Uploads')}</th>
          <th scope="col" class="num">${t('Baris', 'Rows')}</th><th scope="col" class="num">${t('Terdaftar', 'Enrolled')}</th>
          <th scope="col" class="num">${t('Ditolak', 'Rejected')}</th><th scope="col">${t('Unggahan terakhir', 'Last upload')}</th></tr></thead>
        <tbody>${rows.desa
          .filter((d) => !onlySilent || isSilent(d.counts))
          .map((d) => {
            const silent = isSilent(d.counts);
            return html`<tr data-desa=${d.code} class=${silent ? 'silent' : ''}>
            <td>${d.code}</td><td>${d.name}</td><td class="num">${num(n(d.counts, 'uploads'))}</td>
            <td class="num">${num(n(d.counts, 'rows'))}</td><td class="num">${num(n(d.counts, 'enrolled'))}</td>
            <td class="num">${num(n(d.counts, 'rejected'))}</td>
            <td>${silent ? html`<span class="badge badge-silent">${t('Belum ada unggahan', 'No upload yet')}</span>` : dateTime(d.counts?.lastUploadAt)}</td></tr>`;
          })}</tbody>
      </table></section>
  </${Page}>`;
}
