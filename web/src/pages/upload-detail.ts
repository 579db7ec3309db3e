import { html } from 'htm/preact';
import { api } from '../api.ts';
import { clockTime, dateTime, duration, num } from '../format.ts';
import { counterLabel, OUTCOME_LABELS, statusLabel, t, tm } from '../i18n.ts';
import type { Me, TimelineStep, UploadDetail } from '../types.ts';
import { ErrorView, Loading, Page, StatusBadge } from '../ui.ts';
import { useApi } from '../use-api.ts';
import { uploaderLabel } from './uploads.ts';

export const FINAL = new Set(['COMPLETED', 'REJECTED', 'FAILED']);

/** An upload's page: refreshed every 2 s until its run has ended. */
export function UploadDetailPage(props: { uploadId: string; me: Me }) {
  const { data, error } = useApi<UploadDetail>(`/uploads/${encodeURIComponent(props.uploadId)}`, 2000);
  if (error) return html`<${ErrorView} error=${error} />`;
  if (!data) return html`<${Loading} />`;
  return html`<${Page} title=${displayName(data.fileName)}>
    <p><a href="#/unggahan">← ${t('Semua unggahan', 'All uploads')}</a></p>
    <${UploadView} upload=${data} />
  </${Page}>`;
}

/** Outcome counts, the step timeline and the row errors of one upload (shared with the Unggah page). */
export function UploadView(props: { upload: UploadDetail }) {
  const u = props.upload;
  const counts = u as unknown as Record<string, number | undefined>;
  const issues = u.issues ?? [];
  return html`<div class="upload-view" data-status=${u.status}>
    <p class="meta">
      <${StatusBadge} status=${u.status} label=${statusLabel(u.status)} />
      <span>${uploaderLabel(u)}</span> · <span>${dateTime(u.createdAt)}</span>
      ${u.uploadedBy ? html` · <span>${u.uploadedBy.email ?? u.uploadedBy.id}</span>` : null}
    </p>
    ${u.fileError ? html`<p class="error" role="alert" data-code=${u.fileError.code}>${u.fileError.code}: ${tm(u.fileError)}</p>` : null}
    ${u.failureReason ? html`<p class="error" role="alert">${u.failureReason}</p>` : null}
    <section class="panel"><h2>${t('Hasil per baris', 'Row outcomes')}</h2>
      <dl class="counts" data-testid="outcomes">
        ${OUTCOME_LABELS.map(
          ([k]) =>
            html`<div><dt>${counterLabel(k)}</dt><dd data-outcome=${k}>${num(counts[k] ?? 0)}</dd></div>`,
        )}
      </dl>
      ${FINAL.has(u.status) ? null : html`<p class="muted" aria-live="polite">${t('Diproses… halaman ini diperbarui sendiri.', 'Processing… this page updates itself.')}</p>`}
    </section>
    <${Timeline} steps=${u.timeline ?? []} />
    <section class="panel"><h2>${t('Kesalahan baris', 'Row errors')} (${num(issues.length)})</h2>
      ${
        u.issues === undefined || issues.length === 0
          ? html`<p class="empty">${t('Tidak ada kesalahan baris.', 'No row errors.')}</p>`
          : html`<p><button type="button" class="link" onClick=${() => downloadErrors(u)}>
              ${t('Unduh errors.xlsx', 'Download errors.xlsx')}</button></p>
            <table class="table" data-testid="row-errors">
              <thead><tr><th scope="col" class="num">${t('Baris Excel', 'Excel row')}</th><th scope="col">${t('Kolom', 'Column')}</th>
                <th scope="col">${t('Kode', 'Code')}</th><th scope="col">${t('Nilai', 'Value')}</th><th scope="col">${t('Pesan', 'Message')}</th></tr></thead>
              <tbody>${issues.map(
                (i) => html`<tr data-row=${i.row} class=${i.severity === 'warning' ? 'warning' : ''}>
                  <td class="num">${i.row}</td><td>${i.column}</td><td><code>${i.code}</code></td>
                  <td>${i.value ?? ''}</td><td>${tm(i)}</td></tr>`,
              )}</tbody>
            </table>`
      }
    </section>
  </div>`;
}

const STEP_LABELS: Record<string, [string, string]> = {
  validate: ['Pemeriksaan berkas', 'File check'],
  register: ['Pencatatan pekerja', 'Register workers'],
  reserve: ['Pemesanan kuota', 'Reserve quota'],
  enroll: ['Pendaftaran BPJS', 'BPJS enrollment'],
  refer: ['Rujukan pemberi kerja', 'Employer referral'],
  finalize: ['Penyelesaian', 'Finalize'],
};

/** The step's own id (kept in data-step for tests and support) and the words people read. */
function stepId(s: TimelineStep): string {
  return s.chunk === undefined ? s.step : `${s.step}#${s.chunk}`;
}

function stepLabel(s: TimelineStep): string {
  const key = Object.keys(STEP_LABELS).find((k) => s.step.startsWith(k));
  const words = key ? t(...(STEP_LABELS[key] as [string, string])) : s.step;
  return s.chunk === undefined ? words : `${words} · ${t('bagian', 'chunk')} ${s.chunk}`;
}

/** The file's name as the uploader chose it (the presigned key prefixes a time and a random part). */
export function displayName(fileName: string): string {
  return fileName.replace(/^\d{8}T\d{6}-[0-9a-f]{8}-/, '');
}

/** Each step as a row, with a bar placing it on the run's time axis (where time went, at a glance). */
function Timeline(props: { steps: TimelineStep[] }) {
  const starts = props.steps.map((s) => Date.parse(s.startedAt ?? '')).filter(Number.isFinite);
  const ends = props.steps.map((s) => Date.parse(s.endedAt ?? s.startedAt ?? '')).filter(Number.isFinite);
  const t0 = Math.min(...starts);
  const span = Math.max(1, Math.max(...ends) - t0);
  const bar = (s: TimelineStep) => {
    const start = Date.parse(s.startedAt ?? '');
    if (!Number.isFinite(start)) return null;
    const ms = s.durationMs ?? msBetween(s.startedAt, s.endedAt) ?? 0;
    const left = ((start - t0) / span) * 100;
    const width = Math.max(0.8, (ms / span) * 100);
    return html`<div class="bar-track" aria-hidden="true"><div class=${`bar ${s.status === 'FAILED' ? 'bar-failed' : ''}`}
      style=${{ left: `${left}%`, width: `${Math.min(width, 100 - left)}%` }}></div></div>`;
  };
  return html`<section class="panel"><h2>${t('Linimasa langkah', 'Step timeline')}</h2>
    ${
      props.steps.length === 0
        ? html`<p class="empty">${t('Belum ada langkah.', 'No steps yet.')}</p>`
        : html`<table class="table" data-testid="timeline">
          <thead><tr><th scope="col">${t('Langkah', 'Step')}</th><th scope="col">${t('Mulai', 'Start')}</th>
            <th scope="col" class="num">${t('Durasi', 'Duration')}</th><th scope="col" class="timeline-col">${t('Waktu jalan', 'When in the run')}</th>
            <th scope="col">${t('Hasil', 'Result')}</th><th scope="col">${t('Penyebab gagal', 'Failure cause')}</th></tr></thead>
          <tbody>${props.steps.map(
            (s) => html`<tr data-step=${stepId(s)} class=${s.status === 'FAILED' ? 'failed' : ''}>
              <td>${stepLabel(s)}</td><td>${clockTime(s.startedAt)}</td>
              <td class="num" data-duration>${duration(s.durationMs ?? msBetween(s.startedAt, s.endedAt))}</td>
              <td class="timeline-col">${bar(s)}</td>
              <td>${s.status ? statusLabel(s.status) : '–'}</td>
              <td class="cause">${[s.error, s.cause].filter(Boolean).join(': ')}</td></tr>`,
          )}</tbody></table>`
    }
  </section>`;
}

function msBetween(a?: string, b?: string): number | undefined {
  return a && b ? Date.parse(b) - Date.parse(a) : undefined;
}

async function downloadErrors(u: UploadDetail): Promise<void> {
  // A short-lived link the API signs after checking the caller may read this upload.
  const { url } = await api<{ url: string }>(`/uploads/${encodeURIComponent(u.uploadId)}/errors`);
  const a = document.createElement('a');
  a.href = url;
  a.download = 'errors.xlsx';
  a.click();
}
