import { html } from 'htm/preact';
import { useMemo, useState } from 'preact/hooks';
import { UPLOAD_STATUSES } from '../../../src/uploads/model.ts';
import { dateTime, num } from '../format.ts';
import { statusLabel, t } from '../i18n.ts';
import type { Me, UploadItem, UploadList } from '../types.ts';
import { ErrorView, Loading, Page, StatusBadge } from '../ui.ts';
import { useApi, useRegions } from '../use-api.ts';
import { displayName } from './upload-detail.ts';

export function uploaderLabel(u: UploadItem): string {
  if (!u.uploader) return '–';
  return u.uploader.kind === 'desa' ? `desa ${u.uploader.desa}` : u.uploader.agency;
}

export function listOf(data: UploadList | undefined): UploadItem[] | undefined {
  return data?.uploads;
}

/** Unggahan: the uploads in the caller's scope (the API decides it), newest first, refreshed every 2 s. */
export function Uploads(props: { me: Me }) {
  const [status, setStatus] = useState('');
  const [area, setArea] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const query = `?limit=500${status ? `&status=${encodeURIComponent(status)}` : ''}`;
  const { data, error } = useApi<UploadList>(`/uploads${query}`, 2000);
  const all = listOf(data);
  // The placeholder is one of this regency's own desa codes (the app is built for one regency).
  const exampleDesa = useRegions()?.desa[0]?.code ?? '';
  const shown = useMemo(
    () =>
      (all ?? []).filter((u) => {
        const day = u.createdAt.slice(0, 10);
        return (
          (!area || uploaderLabel(u).includes(area.trim())) && (!from || day >= from) && (!to || day <= to)
        );
      }),
    [all, area, from, to],
  );
  const regionWide = props.me.role !== 'desa' && props.me.role !== 'agency';
  return html`<${Page} title=${t('Unggahan', 'Uploads')}>
    <form class="filters" role="search" onSubmit=${(e: Event) => e.preventDefault()}>
      <label>${t('Status', 'Status')}
        <select value=${status} onChange=${(e: Event) => setStatus((e.target as HTMLSelectElement).value)}>
          <option value="">${t('Semua', 'All')}</option>
          ${UPLOAD_STATUSES.map((s) => html`<option value=${s}>${statusLabel(s)}</option>`)}
        </select></label>
      ${
        regionWide
          ? html`<label>${t('Desa / instansi', 'Village / agency')}
              <input type="search" value=${area} placeholder=${exampleDesa}
                onInput=${(e: Event) => setArea((e.target as HTMLInputElement).value)} /></label>`
          : null
      }
      <label>${t('Dari tanggal', 'From')}
        <input type="date" value=${from} onInput=${(e: Event) => setFrom((e.target as HTMLInputElement).value)} /></label>
      <label>${t('Sampai tanggal', 'To')}
        <input type="date" value=${to} onInput=${(e: Event) => setTo((e.target as HTMLInputElement).value)} /></label>
    </form>
    ${error ? html`<${ErrorView} error=${error} />` : null}
    ${all === undefined && !error ? html`<${Loading} />` : null}
    ${all !== undefined ? html`<${UploadTable} uploads=${shown} />` : null}
  </${Page}>`;
}

export function UploadTable(props: { uploads: UploadItem[] }) {
  if (props.uploads.length === 0)
    return html`<p class="empty">${t('Belum ada unggahan.', 'No uploads yet.')}</p>`;
  return html`<table class="table" data-testid="uploads-table">
    <caption class="sr-only">${t('Daftar unggahan', 'Uploads')}</caption>
    <thead><tr>
      <th scope="col">${t('Waktu', 'Time')}</th><th scope="col">${t('Berkas', 'File')}</th>
      <th scope="col">${t('Pengunggah', 'Uploader')}</th><th scope="col">${t('Status', 'Status')}</th>
      <th scope="col" class="num">${t('Baris', 'Rows')}</th><th scope="col" class="num">${t('Ditolak', 'Rejected')}</th>
      <th scope="col" class="num">${t('Terdaftar', 'Enrolled')}</th>
    </tr></thead>
    <tbody>
      ${props.uploads.map(
        (u) => html`<tr key=${u.uploadId} data-upload=${u.uploadId}>
          <td>${dateTime(u.createdAt)}</td>
          <td><a href=${`#/unggahan/${encodeURIComponent(u.uploadId)}`}>${displayName(u.fileName)}</a></td>
          <td>${uploaderLabel(u)}</td>
          <td><${StatusBadge} status=${u.status} label=${statusLabel(u.status)} /></td>
          <td class="num">${num(u.rows)}</td><td class="num">${num(u.rejected)}</td>
          <td class="num">${num(u.enrolled ?? 0)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}
