/** Bahasa Indonesia first, English on the switch; the choice is kept in localStorage. */
export type Lang = 'id' | 'en';

const STORE_KEY = 'lindung.lang';
let current: Lang = (globalThis.localStorage?.getItem(STORE_KEY) as Lang | null) ?? 'id';

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  current = next;
  localStorage.setItem(STORE_KEY, next);
  document.documentElement.lang = next;
}

/** `t('Unggahan', 'Uploads')`: the words sit where they are used, both languages side by side. */
export function t(id: string, en: string): string {
  return current === 'en' ? en : id;
}

/** A message the API sent in both languages. */
export function tm(m: { message: string; messageEn?: string }): string {
  return current === 'en' && m.messageEn ? m.messageEn : m.message;
}

const STATUS: Record<string, [string, string]> = {
  VALIDATING: ['Memeriksa', 'Validating'],
  RUNNING: ['Berjalan', 'Running'],
  AWAITING_APPROVAL: ['Menunggu persetujuan', 'Awaiting approval'],
  AWAITING_BPJS: ['Menunggu BPJS', 'Awaiting BPJS'],
  COMPLETED: ['Selesai', 'Completed'],
  REJECTED: ['Ditolak', 'Rejected'],
  FAILED: ['Gagal', 'Failed'],
  SUCCEEDED: ['Berhasil', 'Succeeded'],
  TIMED_OUT: ['Habis waktu', 'Timed out'],
  ABORTED: ['Dibatalkan', 'Aborted'],
  PENDING: ['Menunggu kuota', 'Awaiting a quota place'],
  ENROLLED: ['Terdaftar', 'Enrolled'],
  WAITLISTED: ['Daftar tunggu', 'Waitlisted'],
  RESERVED: ['Dipesan', 'Reserved'],
  SUBMITTED: ['Dikirim ke BPJS', 'Sent to BPJS'],
  REFERRED: ['Dirujuk ke pemberi kerja', 'Referred to employer'],
  DUPLICATE: ['Duplikat', 'Duplicate'],
  EXITED: ['Keluar dari program', 'Left the programme'],
};

export function statusLabel(status: string): string {
  const s = STATUS[status];
  return s ? t(s[0], s[1]) : status;
}

export const OUTCOME_LABELS: Array<[string, string, string]> = [
  ['rows', 'Baris', 'Rows'],
  ['rejected', 'Ditolak', 'Rejected'],
  ['duplicates', 'Duplikat', 'Duplicates'],
  ['referred', 'Dirujuk ke pemberi kerja', 'Referred to employer'],
  ['waitlisted', 'Daftar tunggu', 'Waitlisted'],
  ['reserved', 'Dipesan', 'Reserved'],
  ['submitted', 'Dikirim ke BPJS', 'Sent to BPJS'],
  ['enrolled', 'Terdaftar', 'Enrolled'],
  ['failed', 'Gagal', 'Failed'],
];

export function counterLabel(key: string): string {
  const l = OUTCOME_LABELS.find(([k]) => k === key);
  return l ? t(l[1], l[2]) : key;
}
