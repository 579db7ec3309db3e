/**
 * A worker's history, stored compactly on the profile: one short string per status change,
 * `<epoch milliseconds base 36>|<status>|<by>|<reason>`, where `by` is empty for the worker's own upload's workflow
 * (`workflow:<uploadId>`) and `u` for the upload itself, and a reason the pipeline always gives is `#<n>:` plus
 * what follows its fixed start. A change costs ~20 bytes instead of ~150 (the item stays under 1 KB, one write
 * unit), and `lindung worker NIK` still shows every change with when, why and by what.
 */
import type { StatusChange, Worker } from './model.ts';

export type HistoryEvent = NonNullable<Worker['history']>[number];

/** Why a worker's first event is there: registered by an upload. */
export const REGISTERED_REASON = 'didaftarkan dari unggahan / registered from upload';

/**
 * Reasons the pipeline gives (fixed starts; what follows, e.g. a batch id or a KPJ, is kept). Stored events
 * name them by index: a text may change (the first was 'registered from upload'), its place may not.
 */
const REASONS = [
  REGISTERED_REASON,
  'tempat kuota dipesan / quota place reserved',
  'kuota penuh: masuk daftar tunggu / quota full: waitlisted',
  'dikirim ke BPJS Ketenagakerjaan (batch ',
  'diterima BPJS Ketenagakerjaan, KPJ ',
  'BPJS gateway: ',
] as const;

export function encodeEvent(change: Omit<StatusChange, 'patch'>, uploadId: string): string {
  const ms = Date.parse(change.at);
  const at = Number.isNaN(ms) ? change.at.replaceAll('|', '/') : ms.toString(36);
  const by = change.by === `workflow:${uploadId}` ? '' : change.by === `upload:${uploadId}` ? 'u' : change.by;
  const i = REASONS.findIndex((r) => change.reason.startsWith(r));
  const reason = i >= 0 ? `#${i}:${change.reason.slice(REASONS[i]?.length ?? 0)}` : change.reason;
  return `${at}|${change.to}|${by.replaceAll('|', '/')}|${reason}`;
}

export function decodeEvent(event: string, uploadId: string): HistoryEvent {
  const [at = '0', to = 'PENDING', by = '', ...rest] = event.split('|');
  const text = rest.join('|');
  const m = /^#(\d+):/.exec(text);
  const fixed = m ? REASONS[Number(m[1])] : undefined;
  return {
    // Milliseconds (8+ digits); 6-digit values are seconds, as events were written before.
    at: /^[0-9a-z]+$/.test(at)
      ? new Date(Number.parseInt(at, 36) * (at.length >= 8 ? 1 : 1000)).toISOString()
      : at,
    to: to as HistoryEvent['to'],
    by: by === '' ? `workflow:${uploadId}` : by === 'u' ? `upload:${uploadId}` : by,
    reason: m && fixed !== undefined ? fixed + text.slice(m[0].length) : text,
  };
}
