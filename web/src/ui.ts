import { html } from 'htm/preact';
import type { ComponentChildren } from 'preact';
import { ApiError } from './api.ts';
import { t, tm } from './i18n.ts';

export function Card(props: { title: string; value: string; note?: string; tone?: 'warn' | 'ok' }) {
  return html`<section class=${`card ${props.tone ?? ''}`} aria-label=${props.title}>
    <h2 class="card-title">${props.title}</h2>
    <p class="card-value">${props.value}</p>
    ${props.note ? html`<p class="card-note">${props.note}</p>` : null}
  </section>`;
}

export function Page(props: { title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  return html`<div class="page">
    <header class="page-head"><h1>${props.title}</h1>${props.actions ?? null}</header>
    ${props.children}
  </div>`;
}

/** What a failed call shows: a 403 is its own page that says nothing about the item asked for. */
export function ErrorView(props: { error: unknown }) {
  const e = props.error;
  if (e instanceof ApiError && e.status === 403) {
    return html`<div class="page forbidden" data-status="403">
      <h1>403 — ${t('Tidak diizinkan', 'Forbidden')}</h1>
      <p>${t('Anda tidak berhak melihat halaman ini.', 'You are not allowed to see this page.')}</p>
      <p><a href="#/">${t('Kembali ke Beranda', 'Back to home')}</a></p>
    </div>`;
  }
  const message = e instanceof ApiError ? tm(e) : e instanceof Error ? e.message : String(e);
  return html`<p class="error" role="alert">${message}</p>`;
}

export function Loading() {
  return html`<p class="loading" aria-live="polite">${t('Memuat…', 'Loading…')}</p>`;
}

export function StatusBadge(props: { status: string; label: string }) {
  return html`<span class=${`badge badge-${props.status.toLowerCase()}`} data-status=${props.status}
    >${props.label}</span
  >`;
}

/** A list's four states: its error, loading, an empty note, or the list itself. */
export function listState<T>(
  error: unknown,
  rows: T[] | undefined,
  empty: string,
  render: (rows: T[]) => unknown,
) {
  if (error) return html`<${ErrorView} error=${error} />`;
  if (!rows) return html`<${Loading} />`;
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  return render(rows);
}
