/**
 * Alerts to the programme's administrators when use crosses 80%, 90% and 100% — each once. The decision is
 * pure; sending goes through the MailSender port. A threshold is claimed on the programme item (SENDING) before
 * the mail goes out and marked SENT after, so concurrent tasks send it once; a claim left SENDING by a crash is
 * taken again after ten minutes (at least once, never silently lost).
 */
import { formatCount, formatRupiah } from './calendar.ts';
import type { ProgrammeKey, ProgrammeState } from './model.ts';
import type { Mail, MailSender, ProgrammeRepository } from './ports.ts';

export const ALERT_THRESHOLDS = [80, 90, 100] as const;
export const STALE_CLAIM_MS = 10 * 60 * 1000;

/** Percent of the quota or of the budget in use, whichever is higher (integer, rounded down). */
export function usePercent(
  state: Pick<ProgrammeState, 'used' | 'quota' | 'committed' | 'budgetCeiling'>,
): number {
  const byHeadcount = state.quota > 0 ? Math.floor((state.used * 100) / state.quota) : 100;
  const byBudget = state.budgetCeiling > 0 ? Math.floor((state.committed * 100) / state.budgetCeiling) : 100;
  return Math.max(byHeadcount, byBudget);
}

/** Thresholds reached and not yet alerted (a claim older than STALE_CLAIM_MS counts as not alerted). */
export function alertsDue(state: ProgrammeState, now: Date): number[] {
  const percent = usePercent(state);
  const stale = new Date(now.getTime() - STALE_CLAIM_MS).toISOString();
  return ALERT_THRESHOLDS.filter((t) => {
    if (percent < t) return false;
    const mark = state.alerts[String(t)];
    return !mark || (mark.state === 'SENDING' && mark.at < stale);
  });
}

/** The e-mail for the highest threshold reached; Bahasa Indonesia first, then English. */
export function alertMail(state: ProgrammeState, threshold: number, regencyName?: string): Mail {
  const where = regencyName ?? `kabupaten ${state.regency}`;
  const remaining = Math.max(0, state.quota - state.used);
  const full = threshold >= 100;
  const subject = full
    ? `[lindung] Kuota BPJS Ketenagakerjaan ${where} ${state.year} habis (100%)`
    : `[lindung] Kuota BPJS Ketenagakerjaan ${where} ${state.year} telah terpakai ${threshold}%`;
  const facts = [
    ['Kuota / quota', `${formatCount(state.quota)} pekerja`],
    ['Terpakai / used', `${formatCount(state.used)} (${usePercent(state)}%)`],
    ['Sisa / remaining', formatCount(remaining)],
    ['Daftar tunggu / waitlisted', formatCount(state.waitlisted)],
    ['Pagu anggaran / budget ceiling', formatRupiah(state.budgetCeiling)],
    ['Anggaran terikat / committed', formatRupiah(state.committed)],
  ] as const;
  const id = full
    ? `Kuota program ${where} tahun ${state.year} sudah penuh. Pekerja yang memenuhi syarat masuk daftar tunggu dan akan didaftarkan otomatis begitu ada tempat (pekerja keluar, pendaftaran gagal, atau kuota/anggaran dinaikkan dengan "lindung program set").`
    : `Kuota program ${where} tahun ${state.year} telah terpakai ${threshold}%.`;
  const en = full
    ? `The ${state.year} programme quota is used up. Eligible workers are waitlisted and enrolled automatically when a place frees (a worker exits, an enrollment fails, or the quota/budget is raised with "lindung program set").`
    : `${threshold}% of the ${state.year} programme quota is in use.`;
  const text = [id, '', ...facts.map(([k, v]) => `${k}: ${v}`), '', en].join('\n');
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const html = `<p>${esc(id)}</p><table>${facts
    .map(([k, v]) => `<tr><th align="left">${esc(k)}</th><td align="right">${esc(v)}</td></tr>`)
    .join('')}</table><p><em>${esc(en)}</em></p>`;
  return { to: state.administrators, subject, text, html };
}

/**
 * Sends the alerts due after a change of the counters: claims each threshold reached, sends one mail for the
 * highest claimed, marks them sent. Returns the thresholds alerted by this call.
 */
export async function sendQuotaAlerts(
  deps: { programmes: ProgrammeRepository; mail?: MailSender; now: () => Date; regencyName?: string },
  key: ProgrammeKey,
  state: ProgrammeState,
): Promise<number[]> {
  if (!deps.mail || state.administrators.length === 0) return [];
  const now = deps.now();
  const due = alertsDue(state, now);
  if (due.length === 0) return [];
  const stale = new Date(now.getTime() - STALE_CLAIM_MS).toISOString();
  const claimed: number[] = [];
  for (const t of due) {
    if (await deps.programmes.claimAlert(key, t, now.toISOString(), stale)) claimed.push(t);
  }
  const highest = claimed.at(-1);
  if (highest === undefined) return [];
  await deps.mail.send(alertMail(state, highest, deps.regencyName));
  await deps.programmes.markAlertsSent(key, claimed, deps.now().toISOString());
  return claimed;
}
