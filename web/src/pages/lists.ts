import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { ApiError, api } from '../api.ts';
import { dateTime, maskNik, num } from '../format.ts';
import { statusLabel, t, tm } from '../i18n.ts';
import type { Me, UploadItem, UploadList } from '../types.ts';
import { ErrorView, listState, Page, StatusBadge } from '../ui.ts';
import { useApi } from '../use-api.ts';
import { displayName } from './upload-detail.ts';
import { listOf, uploaderLabel } from './uploads.ts';

type Rows = Array<Record<string, unknown>>;
/** A list answer: `{events: […]}`, `{employers: […]}` or a bare array. */
const rowsOf = (d: Rows | Record<string, Rows> | undefined) =>
  d === undefined ? undefined : Array.isArray(d) ? d : Object.values(d).find(Array.isArray);
const cell = (v: unknown) =>
  v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);

const actorLabel = (a: unknown) => {
  const actor = a as { email?: string; id?: string; role?: string } | undefined;
  return actor ? `${actor.email ?? actor.id ?? ''} (${actor.role ?? ''})` : '';
};

const WORKER_FIELDS: Array<[string, string, string]> = [
  ['nikMasked', 'NIK', 'NIK'],
  ['name', 'Nama', 'Name'],
  ['desa', 'Desa', 'Village'],
  ['status', 'Status', 'Status'],
  ['kpj', 'Nomor KPJ', 'KPJ number'],
  ['coverageStart', 'Mulai perlindungan', 'Cover from'],
  ['coverageEnd', 'Akhir perlindungan', 'Cover until'],
  ['uploadId', 'Unggahan', 'Upload'],
];

function workerValue(key: string, v: unknown) {
  if (key === 'status' && typeof v === 'string') return statusLabel(v);
  if (key === 'uploadId' && typeof v === 'string')
    return html`<a href=${`#/unggahan/${encodeURIComponent(v)}`}>${v}</a>`;
  return maskNik(cell(v)) || '–';
}

type HistoryEvent = { to: string; reason: string; by: string; at: string };

/**
 * The worker's status changes, newest first: why a registration failed, when BPJS accepted, an exit, and a
 * BPJS acceptance after the exit (with what the office must do) are read here.
 */
function WorkerHistory(props: { events: HistoryEvent[] }) {
  if (props.events.length === 0) return null;
  const events = [...props.events].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return html`<h2 class="section">${t('Riwayat', 'History')}</h2>
    <table class="table" data-testid="worker-history">
    <caption class="sr-only">${t('Riwayat pekerja', 'Worker history')}</caption>
    <thead><tr><th scope="col">${t('Waktu', 'Time')}</th><th scope="col">Status</th>
      <th scope="col">${t('Keterangan', 'Reason')}</th><th scope="col">${t('Oleh', 'By')}</th></tr></thead>
    <tbody>${events.map(
      (e) =>
        html`<tr><td class="when">${dateTime(e.at)}</td><td>${statusLabel(e.to)}</td><td>${e.reason}</td><td>${e.by}</td></tr>`,
    )}</tbody></table>`;
}

/** Pekerja: look a worker up by NIK (admin/approver; the API masks the NIK and audits the look-up). */
export function Workers() {
  const [nik, setNik] = useState('');
  const [result, setResult] = useState<Record<string, unknown> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const find = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setResult(null);
    try {
      setResult(
        await api<Record<string, unknown>>('/workers/lookup', { method: 'POST', body: { nik: nik.trim() } }),
      );
      // The answer shows the NIK masked; the full one typed does not stay on the screen.
      setNik('');
    } catch (err) {
      setError(err);
    }
  };
  return html`<${Page} title=${t('Pekerja', 'Workers')}>
    <form class="filters" role="search" onSubmit=${find}>
      <label>NIK<input inputmode="numeric" autocomplete="off" maxlength="16" value=${nik} onInput=${(e: Event) => setNik((e.target as HTMLInputElement).value)} /></label>
      <button type="submit">${t('Cari', 'Look up')}</button></form>
    ${error ? html`<${ErrorView} error=${error} />` : null}
    ${result ? html`<dl class="details" data-testid="worker">${WORKER_FIELDS.map(([k, id, en]) => html`<div><dt>${t(id, en)}</dt><dd>${workerValue(k, result[k])}</dd></div>`)}</dl>` : null}
    ${result && Array.isArray(result.history) ? html`<${WorkerHistory} events=${result.history as HistoryEvent[]} />` : null}
  </${Page}>`;
}

/** Pemberi kerja: employers with referred workers, notified, escalated. */
export function Employers() {
  const { data, error } = useApi<Rows | Record<string, Rows>>('/employers');
  const rows = rowsOf(data);
  return html`<${Page} title=${t('Pemberi kerja', 'Employers')}>
    ${listState(
      error,
      rows,
      t('Belum ada pemberi kerja yang dirujuk.', 'No employers referred yet.'),
      (
        rows,
      ) => html`<table class="table" data-testid="employers"><thead><tr><th scope="col">${t('Nama', 'Name')}</th><th scope="col">NIB</th>
          <th scope="col" class="num">${t('Dirujuk', 'Referred')}</th><th scope="col" class="num">${t('Belum terdaftar', 'Outstanding')}</th>
          <th scope="col" class="num">${t('Sudah terdaftar', 'Registered')}</th><th scope="col" class="num">${t('Pemberitahuan', 'Notices')}</th>
          <th scope="col" class="num">${t('Eskalasi', 'Escalations')}</th><th scope="col">${t('Pemberitahuan terakhir', 'Last notice')}</th></tr></thead>
          <tbody>${rows.map(
            (r) => html`<tr><td>${cell(r.name)}</td><td>${cell(r.nib) || '–'}</td>
            <td class="num">${num(Number(r.referred ?? 0))}</td><td class="num">${num(Number(r.outstanding ?? 0))}</td>
            <td class="num">${num(Number(r.registered ?? 0))}</td><td class="num">${num(Number(r.notified ?? 0))}</td>
            <td class="num">${num(Number(r.escalated ?? 0))}</td><td>${dateTime(r.lastNoticeAt ? String(r.lastNoticeAt) : undefined)}</td></tr>`,
          )}</tbody></table>`,
    )}
  </${Page}>`;
}

/** Persetujuan: uploads held for approval; approve or reject (never one's own: the API refuses it). */
export function Approvals(props: { me: Me }) {
  const { data, error, reload } = useApi<UploadList>('/approvals', 3000);
  const [msg, setMsg] = useState<string | null>(null);
  const held = listOf(data)?.filter((u) => u.status === 'AWAITING_APPROVAL');
  const decide = async (u: UploadItem, action: 'approve' | 'reject') => {
    try {
      await api(`/approvals/${encodeURIComponent(u.uploadId)}/${action}`, { method: 'POST', body: {} });
      setMsg(
        action === 'approve'
          ? t(`${u.fileName} disetujui.`, `${u.fileName} approved.`)
          : t(`${u.fileName} ditolak.`, `${u.fileName} rejected.`),
      );
      reload();
    } catch (err) {
      setMsg(err instanceof ApiError ? tm(err) : String(err));
    }
  };
  const canDecide = props.me.role === 'admin' || props.me.role === 'approver';
  return html`<${Page} title=${t('Persetujuan', 'Approvals')}>
    ${msg ? html`<p role="status" class="notice">${msg}</p>` : null}
    ${listState(
      error,
      held,
      t('Tidak ada unggahan yang menunggu persetujuan.', 'No uploads awaiting approval.'),
      (
        held,
      ) => html`<table class="table" data-testid="approvals"><thead><tr><th scope="col">${t('Waktu', 'Time')}</th><th scope="col">${t('Berkas', 'File')}</th>
          <th scope="col">${t('Pengunggah', 'Uploader')}</th><th scope="col" class="num">${t('Dipesan', 'Reserved')}</th><th scope="col">${t('Status', 'Status')}</th><th scope="col">${t('Tindakan', 'Action')}</th></tr></thead>
          <tbody>${held.map(
            (u) => html`<tr data-upload=${u.uploadId}><td>${dateTime(u.createdAt)}</td>
            <td><a href=${`#/unggahan/${encodeURIComponent(u.uploadId)}`}>${displayName(u.fileName)}</a></td><td>${uploaderLabel(u)}</td>
            <td class="num">${num(u.reserved ?? 0)}</td><td><${StatusBadge} status=${u.status} label=${statusLabel(u.status)} /></td>
            <td>${
              canDecide
                ? html`<button type="button" onClick=${() => decide(u, 'approve')}>${t('Setujui', 'Approve')}</button>
              <button type="button" class="secondary" onClick=${() => decide(u, 'reject')}>${t('Tolak', 'Reject')}</button>`
                : null
            }</td></tr>`,
          )}</tbody></table>`,
    )}
  </${Page}>`;
}

/** An audit value as "field: value" lines (one level; deeper values as compact JSON). */
function Changes(props: { value: unknown }) {
  const v = props.value;
  if (v === undefined || v === null) return html`<span class="muted">–</span>`;
  if (typeof v !== 'object') return html`${String(v)}`;
  return html`<dl class="changes">${Object.entries(v as Record<string, unknown>).map(
    ([k, x]) => html`<div><dt>${k}</dt><dd>${cell(x)}</dd></div>`,
  )}</dl>`;
}

/** Audit: every change a person made, newest first (admin). */
export function Audit() {
  const { data, error } = useApi<Rows | Record<string, Rows>>('/audit');
  const rows = rowsOf(data);
  return html`<${Page} title=${t('Audit', 'Audit')}>
    ${listState(
      error,
      rows,
      t('Belum ada catatan.', 'Nothing recorded yet.'),
      (
        rows,
      ) => html`<table class="table" data-testid="audit"><thead><tr><th scope="col">${t('Waktu', 'Time')}</th><th scope="col">${t('Oleh', 'By')}</th>
          <th scope="col">${t('Tindakan', 'Action')}</th><th scope="col">${t('Entitas', 'Entity')}</th><th scope="col">${t('Sebelum', 'Before')}</th><th scope="col">${t('Sesudah', 'After')}</th></tr></thead>
          <tbody>${rows.map(
            (
              r,
            ) => html`<tr><td>${dateTime(cell(r.at ?? r.timestamp))}</td><td>${actorLabel(r.actor)}</td><td>${cell(r.action)}</td>
            <td>${cell(r.entity)}</td><td><${Changes} value=${r.old} /></td><td><${Changes} value=${r.new} /></td></tr>`,
          )}</tbody></table>`,
    )}
  </${Page}>`;
}
