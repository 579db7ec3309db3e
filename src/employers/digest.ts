import { type DigestLetterEntry, digestLetter } from './letters.ts';
import { isNotifiable } from './match.ts';
import type { DigestEntry, DigestRecord } from './model.ts';
import { countersOf, refreshReferrals } from './notify-employer.ts';
import type { EmployerStore, Mailer, ReferredWorkerSource } from './ports.ts';
import { digestDueAfter, type NotificationSettings } from './settings.ts';

export interface DigestDeps {
  store: EmployerStore;
  workers: ReferredWorkerSource;
  mailer: Mailer;
  settings: NotificationSettings;
}

export interface DigestResult {
  sent: boolean;
  /** Why nothing was sent. */
  reason?: 'NOTHING_NEW' | 'NOT_DUE';
  entries: number;
  workers: number;
  messageId?: string;
}

/**
 * The digest of unknown employers to Disnakertrans, at most once per interval (once per local day by
 * default, see `digestDueAfter`): employers that no notice
 * can reach (not in the registry, or without an e-mail) with their outstanding workers not in a digest yet.
 */
export async function sendDigest(
  deps: DigestDeps,
  task: { runId: string; now: string },
): Promise<DigestResult> {
  const { store, settings } = deps;
  const unknown = (await store.listOutstanding()).filter((e) => !isNotifiable(e));
  const entries: DigestLetterEntry[] = [];
  for (const employer of unknown.sort((a, b) => a.name.localeCompare(b.name))) {
    const referrals = await store.listReferrals(employer.key);
    const { outstanding, newlyRegistered } = await refreshReferrals(deps, referrals, task.now);
    if (newlyRegistered > 0 || outstanding.length === 0) {
      // Keep the counters (and the outstanding mark the scheduled run relies on) right for unknown employers too.
      const contacts = await store.listContacts(employer.key);
      await store.updateState(employer.key, { ...countersOf(referrals, contacts), updatedAt: task.now });
    }
    const fresh = outstanding.filter((r) => !r.digestedAt || r.digestedAt === task.now);
    if (fresh.length === 0) continue;
    entries.push({
      employer,
      reason: employer.inRegistry ? 'NO_EMAIL' : 'NOT_IN_REGISTRY',
      workers: fresh,
    });
  }
  const workerCount = entries.reduce((n, e) => n + e.workers.length, 0);
  if (entries.length === 0) return { sent: false, reason: 'NOTHING_NEW', entries: 0, workers: 0 };

  const ours = (await store.listDigests(5)).find((d) => d.id === task.runId);
  const dueAfter = digestDueAfter(task.now, settings.digestIntervalHours, settings.timeZone);
  if (!ours && !(await store.claimDigest(task.runId, task.now, dueAfter)))
    return { sent: false, reason: 'NOT_DUE', entries: entries.length, workers: workerCount };

  let messageId = ours?.status === 'SENT' ? ours.messageId : undefined;
  if (!messageId) {
    const letter = digestLetter({ entries, now: task.now, settings });
    const record: DigestRecord = {
      id: task.runId,
      at: task.now,
      to: settings.disnakertrans.emails,
      subject: letter.subject,
      entries: entries.map(
        (e): DigestEntry => ({
          employerKey: e.employer.key,
          name: e.employer.name,
          ...(e.employer.nib ? { nib: e.employer.nib } : {}),
          reason: e.reason,
          workerCount: e.workers.length,
        }),
      ),
      status: 'SENDING',
    };
    await store.putDigest(record);
    messageId = await deps.mailer.send({
      to: settings.disnakertrans.emails,
      cc: [],
      replyTo: [],
      subject: letter.subject,
      html: letter.html,
      text: letter.text,
    });
    await store.putDigest({ ...record, status: 'SENT', messageId });
  }
  for (const e of entries)
    for (const r of e.workers) await store.updateReferral(r.employerKey, r.nikHash, { digestedAt: task.now });
  return { sent: true, entries: entries.length, workers: workerCount, messageId };
}
