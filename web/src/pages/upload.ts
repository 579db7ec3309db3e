import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, postFile } from '../api.ts';
import { percent } from '../format.ts';
import { t, tm } from '../i18n.ts';
import type { Me, UploadDetail, UploadList } from '../types.ts';
import { Page } from '../ui.ts';
import { useApi } from '../use-api.ts';
import { displayName, UploadView } from './upload-detail.ts';
import { listOf } from './uploads.ts';

interface Presigned {
  url: string;
  fields: Record<string, string>;
  key: string;
  uploadId?: string;
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'sending'; fraction: number; fileName: string }
  | { kind: 'waiting'; key: string; fileName: string; since: string }
  | { kind: 'tracking'; uploadId: string }
  | { kind: 'error'; message: string };

const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Unggah: drop a CSV/XLSX, watch it go up, then its validation result and outcome on the same page. */
export function UploadPage(_props: { me: Me }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [over, setOver] = useState(false);

  const send = async (file: File) => {
    try {
      setPhase({ kind: 'sending', fraction: 0, fileName: file.name });
      const since = new Date(Date.now() - 5000).toISOString();
      const p = await api<Presigned>('/uploads/presign', { method: 'POST', body: { fileName: file.name } });
      await postFile(p.url, p.fields, file, (fraction) =>
        setPhase({ kind: 'sending', fraction, fileName: file.name }),
      );
      setPhase(
        p.uploadId
          ? { kind: 'tracking', uploadId: p.uploadId }
          : { kind: 'waiting', key: p.key, fileName: file.name, since },
      );
    } catch (e) {
      setPhase({ kind: 'error', message: e instanceof ApiError ? tm(e) : String(e) });
    }
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const f = e.dataTransfer?.files[0];
    if (f) void send(f);
  };
  const busy = phase.kind === 'sending' || phase.kind === 'waiting';

  return html`<${Page} title=${t('Unggah daftar pekerja', 'Upload a worker list')}>
    <p>${t(
      'Isi templat, lalu unggah berkas Excel (.xlsx) atau CSV. Hasil pemeriksaan muncul di halaman ini.',
      'Fill in the template, then upload the Excel (.xlsx) or CSV file. The check result appears on this page.',
    )} <a href="templat-daftar-pekerja.xlsx" download>${t('Unduh templat', 'Download the template')}</a></p>
    <div class=${`dropzone ${over ? 'over' : ''}`} onDragOver=${(e: DragEvent) => {
      e.preventDefault();
      setOver(true);
    }} onDragLeave=${() => setOver(false)} onDrop=${onDrop}>
      <p>${t('Tarik berkas ke sini, atau', 'Drop the file here, or')}</p>
      <label class="button" for="file">${t('Pilih berkas', 'Choose a file')}</label>
      <input id="file" class="sr-only" type="file" accept=${ACCEPT} disabled=${busy}
        onChange=${(e: Event) => {
          const f = (e.target as HTMLInputElement).files?.[0];
          if (f) void send(f);
        }} />
    </div>
    ${
      phase.kind === 'sending'
        ? html`<div class="progress-wrap"><label for="progress">${phase.fileName}: ${t('mengirim', 'sending')} ${percent(phase.fraction, 1)}</label>
          <progress id="progress" max="1" value=${phase.fraction}></progress></div>`
        : null
    }
    ${
      phase.kind === 'waiting'
        ? html`<${FindUpload} key=${phase.key} phase=${phase} onFound=${(uploadId: string) => setPhase({ kind: 'tracking', uploadId })} />`
        : null
    }
    ${phase.kind === 'tracking' ? html`<${Tracked} uploadId=${phase.uploadId} />` : null}
    ${phase.kind === 'error' ? html`<p class="error" role="alert">${phase.message}</p>` : null}
  </${Page}>`;
}

/** The upload the validator recorded for the key just sent (newest first in the caller's list). */
function FindUpload(props: {
  phase: { key: string; fileName: string; since: string };
  onFound: (id: string) => void;
}) {
  const { data } = useApi<UploadList>('/uploads', 1000);
  const found = listOf(data)?.find(
    (u) =>
      (u.objectKey === props.phase.key || u.fileName === props.phase.fileName) &&
      u.createdAt >= props.phase.since,
  );
  const foundId = found?.uploadId;
  const { onFound } = props;
  useEffect(() => {
    if (foundId) onFound(foundId);
  }, [foundId, onFound]);
  return html`<p class="muted" aria-live="polite">${t('Berkas terkirim, menunggu pemeriksaan…', 'File sent, waiting for the check…')}</p>`;
}

function Tracked(props: { uploadId: string }) {
  const { data, error } = useApi<UploadDetail>(`/uploads/${encodeURIComponent(props.uploadId)}`, 1000);
  if (error)
    return html`<p class="error" role="alert">${error instanceof ApiError ? tm(error) : String(error)}</p>`;
  if (!data) return html`<p class="muted">${t('Memeriksa…', 'Checking…')}</p>`;
  return html`<section aria-live="polite"><h2>${displayName(data.fileName)}</h2><${UploadView} upload=${data} />
    <p><a href=${`#/unggahan/${encodeURIComponent(data.uploadId)}`}>${t('Buka halaman unggahan', 'Open the upload page')}</a></p></section>`;
}
