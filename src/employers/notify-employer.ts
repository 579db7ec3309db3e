import pMap from 'p-map';
import { escalationLetter, noticeLetter } from './letters.ts';
import { isNotifiable } from './match.ts';
import {
  type ContactKind,
  type ContactRecord,
  type Employer,
  isOutstanding,
  type Referral,
} from './model.ts';
import type { EmployerStore, Mailer, ReferredWorkerSource } from './ports.ts';
import { addDays, type NotificationSettings } from './settings.ts';

export interface NotifyDeps {
  store: EmployerStore;
  workers: ReferredWorkerSource;
  mailer: Mailer;
  settings: NotificationSettings;
}

export interface NotifyTask {
  employerKey: string;
  runId: string;
  /** ISO time of the run (from the workflow input, so every task of a run agrees on it). */
  now: string;
}

export type NotifyAction = 'NOTICE' | 'ESCALATION' | 'WAIT' | 'ANSWERED' | 'UNKNOWN' | 'NONE';

export interface NotifyResult {
  employerKey: string;
  action: NotifyAction;
  /** Outstanding workers after dropping the registered ones. */
  outstanding: number;
  /** Workers dropped in this task because they were registered meanwhile. */
  newlyRegistered: number;
  /** Workers listed in the e-mail sent (0 when none was sent). */
  listed: number;
  messageId?: string;
}

export type Decision =
  | { action: 'NONE' | 'ANSWERED' | 'UNKNOWN' | 'WAIT' }
  | { action: 'NOTICE'; workers: Referral[] }
  | { action: 'ESCALATION'; escalated: Referral[]; others: Referral[] };

/**
 * What to do about one employer now. No contact within the window of the last one (unless this very run
 * made it); an escalation when some outstanding worker was listed in `maxUnansweredNotices` notices and not
 * escalated yet; otherwise a notice listing every outstanding worker.
 */
export function decide(
  employer: Pick<Employer, 'inRegistry' | 'emails' | 'lastContactAt' | 'lastContactRunId'>,
  outstanding: readonly Referral[],
  task: Pick<NotifyTask, 'now' | 'runId'>,
  settings: Pick<NotificationSettings, 'windowDays' | 'maxUnansweredNotices'>,
): Decision {
  if (outstanding.length === 0) return { action: 'ANSWERED' };
  if (!isNotifiable(employer)) return { action: 'UNKNOWN' };
  const windowStart = addDays(task.now, -settings.windowDays);
  if (
    employer.lastContactAt &&
    employer.lastContactAt > windowStart &&
    employer.lastContactRunId !== task.runId
  )
    return { action: 'WAIT' };
  const escalated = outstanding.filter((r) => r.notices >= settings.maxUnansweredNotices && !r.escalatedAt);
  if (escalated.length > 0)
    return { action: 'ESCALATION', escalated, others: outstanding.filter((r) => !escalated.includes(r)) };
  return { action: 'NOTICE', workers: [...outstanding] };
}

/**
 * Drops the workers registered meanwhile (acknowledged by BPJS: a KPJ, or no longer REFERRED in the
 * registry) and returns the outstanding ones.
 */
export async function refreshReferrals(
  deps: Pick<NotifyDeps, 'store' | 'workers'>,
  referrals: Referral[],
  at: string,
): Promise<{ outstanding: Referral[]; newlyRegistered: number }> {
  const open = referrals.filter(isOutstanding);
  const states = await deps.workers.registrations(open.map((r) => r.nikHash));
  const registered: Referral[] = [];
  const outstanding: Referral[] = [];
  for (const r of open) {
    const s = states.get(r.nikHash);
    if (s && (s.kpj || s.status !== 'REFERRED')) registered.push(r);
    else outstanding.push(r);
  }
  await pMap(
    registered,
    (r) => {
      const by = states.get(r.nikHash)?.kpj ? 'bpjs' : `registry:${states.get(r.nikHash)?.status}`;
      r.status = 'REGISTERED';
      r.registeredAt = at;
      r.registeredBy = by;
      return deps.store.updateReferral(r.employerKey, r.nikHash, {
        status: 'REGISTERED',
        registeredAt: at,
        registeredBy: by,
      });
    },
    { concurrency: 8 },
  );
  return { outstanding, newlyRegistered: registered.length };
}

/** Counters of an employer recomputed from its referrals and contacts (idempotent, self-healing). */
export function countersOf(referrals: readonly Referral[], contacts: readonly ContactRecord[]) {
  const sent = contacts.filter((c) => c.status === 'SENT');
  const last = (kind: ContactKind) =>
    sent
      .filter((c) => c.kind === kind)
      .map((c) => c.at)
      .sort()
      .at(-1);
  const lastNoticeAt = last('NOTICE');
  const lastEscalationAt = last('ESCALATION');
  return {
    referred: referrals.length,
    outstanding: referrals.filter(isOutstanding).length,
    registered: referrals.filter((r) => r.status === 'REGISTERED').length,
    notices: sent.filter((c) => c.kind === 'NOTICE').length,
    escalations: sent.filter((c) => c.kind === 'ESCALATION').length,
    ...(lastNoticeAt ? { lastNoticeAt } : {}),
    ...(lastEscalationAt ? { lastEscalationAt } : {}),
  };
}

/**
 * One employer in one run: refresh its workers, then send at most one e-mail about it (a notice to the
 * employer with a copy to Disnakertrans, or an escalation to Disnakertrans), recording it before and after
 * sending. The contact slot is taken with a conditional write, so concurrent runs cannot both send.
 */
export async function notifyEmployer(deps: NotifyDeps, task: NotifyTask): Promise<NotifyResult> {
  const { store, settings } = deps;
  const employer = await store.get(task.employerKey);
  const base = { employerKey: task.employerKey, newlyRegistered: 0, listed: 0 };
  if (!employer) return { ...base, action: 'NONE', outstanding: 0 };
  const referrals = await store.listReferrals(employer.key);
  const { outstanding, newlyRegistered } = await refreshReferrals(deps, referrals, task.now);
  const contacts = await store.listContacts(employer.key);

  // A retried task of this run resumes the contact it started (same kind, same workers).
  const ours = contacts.find((c) => c.id === task.runId);
  let decision = decide(employer, outstanding, task, settings);
  if (
    ours &&
    (decision.action === 'NOTICE' || decision.action === 'ESCALATION' || decision.action === 'WAIT')
  ) {
    decision = resume(ours, referrals, settings);
  }
  const result = { ...base, newlyRegistered, outstanding: outstanding.length };
  if (decision.action !== 'NOTICE' && decision.action !== 'ESCALATION') {
    await store.updateState(employer.key, { ...countersOf(referrals, contacts), updatedAt: task.now });
    return { ...result, action: decision.action };
  }

  const windowStart = addDays(task.now, -settings.windowDays);
  if (!(await store.claimContact(employer.key, task.runId, task.now, windowStart))) {
    await store.updateState(employer.key, { ...countersOf(referrals, contacts), updatedAt: task.now });
    return { ...result, action: 'WAIT' };
  }

  const kind: ContactKind = decision.action;
  const sequence =
    ours?.sequence ?? contacts.filter((c) => c.kind === kind && c.status === 'SENT').length + 1;
  const listed = decision.action === 'NOTICE' ? decision.workers : decision.escalated;
  const respondBy = addDays(task.now, settings.responseDays);
  const letter =
    decision.action === 'NOTICE'
      ? noticeLetter({ employer, workers: decision.workers, sequence, now: task.now, respondBy, settings })
      : escalationLetter({
          employer,
          escalated: decision.escalated,
          others: decision.others,
          notices: contacts.filter((c) => c.status === 'SENT'),
          sequence,
          now: task.now,
          settings,
        });
  const to = kind === 'NOTICE' ? employer.emails : settings.disnakertrans.emails;
  const cc = kind === 'NOTICE' ? settings.disnakertrans.emails : [];
  const record: ContactRecord = {
    employerKey: employer.key,
    id: task.runId,
    kind,
    sequence,
    at: task.now,
    to,
    cc,
    subject: letter.subject,
    workerCount: listed.length,
    ...(kind === 'NOTICE' ? { respondBy } : {}),
    status: 'SENDING',
  };
  let messageId = ours?.status === 'SENT' ? ours.messageId : undefined;
  if (!messageId) {
    await store.putContact(record);
    try {
      messageId = await deps.mailer.send({
        to,
        cc,
        replyTo: settings.disnakertrans.emails,
        subject: letter.subject,
        html: letter.html,
        text: letter.text,
      });
    } catch (error) {
      // Not sent: record why and give the window slot back, so the employer is not silenced for a window.
      await store.putContact({ ...record, status: 'FAILED', failure: (error as Error).name ?? 'Error' });
      await store.releaseContact(employer.key, task.runId, {
        ...(employer.lastContactRunId !== task.runId && employer.lastContactAt
          ? {
              at: employer.lastContactAt,
              ...(employer.lastContactRunId ? { runId: employer.lastContactRunId } : {}),
            }
          : {}),
      });
      throw error;
    }
    await store.putContact({ ...record, status: 'SENT', messageId, sentAt: new Date().toISOString() });
  }

  await pMap(
    listed,
    (r) => {
      if (kind === 'ESCALATION')
        return store.updateReferral(r.employerKey, r.nikHash, { escalatedAt: task.now });
      if (r.noticeIds.includes(task.runId)) return undefined;
      return store.updateReferral(r.employerKey, r.nikHash, {
        status: 'NOTIFIED',
        notices: r.notices + 1,
        noticeIds: [...r.noticeIds, task.runId],
        lastNoticeAt: task.now,
      });
    },
    { concurrency: 8 },
  );
  const after = await store.listContacts(employer.key);
  await store.updateState(employer.key, { ...countersOf(referrals, after), updatedAt: task.now });
  return { ...result, action: kind, listed: listed.length, messageId };
}

/** The decision of the contact this run already started, rebuilt from the referrals it touched. */
function resume(
  ours: ContactRecord,
  referrals: readonly Referral[],
  settings: Pick<NotificationSettings, 'maxUnansweredNotices'>,
): Decision {
  const open = referrals.filter(isOutstanding);
  if (ours.kind === 'NOTICE') {
    // Workers already updated by the first attempt are listed again; their counts stay right (noticeIds).
    return { action: 'NOTICE', workers: open };
  }
  const escalated = open.filter(
    (r) => r.escalatedAt === ours.at || (r.notices >= settings.maxUnansweredNotices && !r.escalatedAt),
  );
  return { action: 'ESCALATION', escalated, others: open.filter((r) => !escalated.includes(r)) };
}
