import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { ApiError, api } from '../api.ts';
import { Chart, type ChartOption, gaugeOption } from '../chart.ts';
import { num, rupiah } from '../format.ts';
import { t, tm } from '../i18n.ts';
import type { Me, QuotaInfo } from '../types.ts';
import { ErrorView, Loading, listState, Page } from '../ui.ts';
import { useApi } from '../use-api.ts';

/** A waitlist entry: the API sends no NIK here (a keyed hash identifies the worker), at most a masked one. */
interface WaitEntry {
  position?: number;
  nikMasked?: string;
  desa?: string;
  kecamatan?: string;
  uploadId?: string;
}

/** Kuota: the gauge, per-kecamatan allocation and use, the waitlist in order, programme settings. */
export function Quota(props: { me: Me }) {
  const quota = useApi<QuotaInfo>('/quota', 10_000);
  const waitlist = useApi<{ waitlist: WaitEntry[] }>('/waitlist');
  if (quota.error) return html`<${ErrorView} error=${quota.error} />`;
  const q = quota.data;
  if (!q) return html`<${Loading} />`;
  const wl = waitlist.data?.waitlist;
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 150, right: 20, top: 30, bottom: 20 },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: q.byKecamatan.map((k) => k.name || k.code), inverse: true },
    series: [
      { type: 'bar', name: t('Terpakai', 'Used'), data: q.byKecamatan.map((k) => k.used) },
      { type: 'bar', name: t('Alokasi', 'Allocation'), data: q.byKecamatan.map((k) => k.quota ?? 0) },
    ],
  };
  return html`<${Page} title=${t('Kuota', 'Quota')}>
    <div class="home-top">
      <section class="panel gauge-panel"><h2>${t('Kuota terpakai', 'Quota used')} ${q.year}</h2>
        <${Chart} option=${gaugeOption(q.used, q.quota, t('terpakai', 'used'))} label=${`${num(q.used)} / ${num(q.quota)}`} height=${220} />
        <p class="big">${num(q.used)} ${t('dari', 'of')} ${num(q.quota)}</p></section>
      <section class="panel"><h2>${t('Anggaran', 'Budget')}</h2>
        <p class="big">${rupiah(q.budgetCommitted)}</p><p>${t('dari plafon', 'of ceiling')} ${rupiah(q.budgetCeiling)}</p>
        <p>${t('Daftar tunggu', 'Waitlist')}: <strong>${num(q.waitlisted)}</strong></p>
        ${props.me.role === 'admin' ? html`<${ProgrammeForm} quota=${q} onSaved=${quota.reload} />` : null}</section>
    </div>
    <section class="panel"><h2>${t('Alokasi dan pemakaian per kecamatan', 'Allocation and use by kecamatan')}</h2>
      <${Chart} option=${option} label=${t('Pemakaian kuota per kecamatan', 'Quota use by kecamatan')} height=${Math.max(160, q.byKecamatan.length * 30 + 50)} />
      <table class="table"><thead><tr><th scope="col">Kecamatan</th><th scope="col" class="num">${t('Alokasi', 'Allocation')}</th>
        <th scope="col" class="num">${t('Terpakai', 'Used')}</th><th scope="col" class="num">${t('Daftar tunggu', 'Waitlisted')}</th></tr></thead>
        <tbody>${q.byKecamatan.map(
          (
            k,
          ) => html`<tr><td>${k.name || k.code}</td><td class="num">${k.quota === null ? '–' : num(k.quota)}</td>
          <td class="num">${num(k.used)}</td><td class="num">${num(k.waitlisted)}</td></tr>`,
        )}</tbody></table></section>
    <section class="panel"><h2>${t('Daftar tunggu (urutan masuk)', 'Waitlist (in order)')}</h2>
      ${listState(
        waitlist.error,
        wl,
        t('Daftar tunggu kosong.', 'The waitlist is empty.'),
        (
          wl,
        ) => html`<table class="table" data-testid="waitlist"><thead><tr><th scope="col" class="num">#</th><th scope="col">NIK</th>
            <th scope="col">Desa</th><th scope="col">Kecamatan</th><th scope="col">${t('Unggahan', 'Upload')}</th></tr></thead>
            <tbody>${wl.map(
              (
                w,
                i,
              ) => html`<tr><td class="num">${w.position ?? i + 1}</td><td><code>${w.nikMasked ?? '••••'}</code></td>
              <td>${w.desa ?? ''}</td><td>${w.kecamatan ?? ''}</td><td>${w.uploadId ? html`<a href=${`#/unggahan/${encodeURIComponent(w.uploadId)}`}>${w.uploadId.slice(0, 8)}</a>` : ''}</td></tr>`,
            )}</tbody></table>`,
      )}
    </section>
  </${Page}>`;
}

/** Admin only: quota and budget ceiling (the API audits every change and refuses other roles). */
function ProgrammeForm(props: { quota: QuotaInfo; onSaved: () => void }) {
  const [quota, setQuota] = useState(String(props.quota.quota));
  const [ceiling, setCeiling] = useState(String(props.quota.budgetCeiling));
  const [msg, setMsg] = useState<string | null>(null);
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      await api('/quota', {
        method: 'PUT',
        body: { quota: Number(quota), budgetCeiling: Number(ceiling) },
      });
      setMsg(t('Tersimpan (tercatat di audit).', 'Saved (recorded in the audit trail).'));
      props.onSaved();
    } catch (err) {
      setMsg(err instanceof ApiError ? tm(err) : String(err));
    }
  };
  return html`<form class="inline-form" onSubmit=${save}><h3>${t('Pengaturan program', 'Programme settings')}</h3>
    <label>${t('Kuota (orang)', 'Quota (people)')}<input type="number" min="0" value=${quota} onInput=${(e: Event) => setQuota((e.target as HTMLInputElement).value)} /></label>
    <label>${t('Plafon anggaran (Rp)', 'Budget ceiling (Rp)')}<input type="number" min="0" value=${ceiling} onInput=${(e: Event) => setCeiling((e.target as HTMLInputElement).value)} /></label>
    <button type="submit">${t('Simpan', 'Save')}</button>${msg ? html`<p role="status">${msg}</p>` : null}</form>`;
}
