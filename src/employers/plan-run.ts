import pMap from 'p-map';
import { employerResolver, isNotifiable } from './match.ts';
import { type Employer, isOutstanding } from './model.ts';
import { countersOf } from './notify-employer.ts';
import type { EmployerStore } from './ports.ts';
import { type QueueReferralsDeps, queueReferrals } from './queue-referrals.ts';
import { addDays, type NotificationSettings } from './settings.ts';

export interface PlanInput {
  runId: string;
  now: string;
  /** Uploads whose REFERRED workers are queued first (idempotent). */
  uploadIds?: string[];
  /** Employers already queued by the caller (refer-employers): only these are looked at. */
  employers?: string[];
}

export interface PlanResult {
  runId: string;
  now: string;
  /** Employers due for a notice or an escalation in this run (the workflow maps over them). */
  employers: string[];
  queued: number;
  /** Referred workers moved from an unknown employer to a registry employer imported since. */
  rematched: number;
}

export type PlanDeps = QueueReferralsDeps & { settings: Pick<NotificationSettings, 'windowDays'> };

/**
 * First step of a run: queue the given uploads' referred workers, re-match workers of unknown employers
 * against the registry (it may have been completed since), and pick the employers that are due: in the
 * registry, with an e-mail, and not contacted within the window. Without uploads or employers the run
 * looks at every employer with outstanding workers (the scheduled run).
 */
export async function planRun(deps: PlanDeps, input: PlanInput): Promise<PlanResult> {
  const candidates = new Set<string>();
  let queued = 0;
  if (input.employers) for (const k of input.employers) candidates.add(k);
  else if (input.uploadIds && input.uploadIds.length > 0) {
    for (const uploadId of input.uploadIds) {
      const r = await queueReferrals(deps, uploadId, input.now);
      queued += r.queued;
      for (const k of r.employers) candidates.add(k);
    }
  } else for (const e of await deps.store.listOutstanding()) candidates.add(e.key);

  const loaded = (await pMap([...candidates], (k) => deps.store.get(k), { concurrency: 8 })).filter(
    (e): e is Employer => e !== undefined,
  );
  let rematched = 0;
  const targets = new Set<string>();
  for (const e of loaded.filter((x) => !isNotifiable(x))) {
    const moved = await rematchUnknown(deps.store, e, input.now);
    for (const [key, n] of moved) {
      rematched += n;
      targets.add(key);
    }
  }
  const more = (
    await pMap(
      [...targets].filter((k) => !candidates.has(k)),
      (k) => deps.store.get(k),
      { concurrency: 8 },
    )
  ).filter((e): e is Employer => e !== undefined);

  const windowStart = addDays(input.now, -deps.settings.windowDays);
  const due = [...loaded, ...more]
    .filter((e) => isNotifiable(e))
    .filter((e) => !e.lastContactAt || e.lastContactAt <= windowStart || e.lastContactRunId === input.runId)
    .map((e) => e.key)
    .sort();
  return { runId: input.runId, now: input.now, employers: due, queued, rematched };
}

/**
 * Moves the outstanding workers of an employer no notice can reach to the registry employer they match
 * now (by NIB or normalised name). Returns how many moved to which employer.
 */
export async function rematchUnknown(
  store: EmployerStore,
  employer: Employer,
  at: string,
): Promise<Map<string, number>> {
  const resolve = employerResolver(store);
  const moved = new Map<string, number>();
  const referrals = await store.listReferrals(employer.key);
  for (const r of referrals.filter(isOutstanding)) {
    const res = await resolve(r.listed);
    if (res?.kind !== 'registry' || res.employer.key === employer.key) continue;
    const target = res.employer.key;
    await store.putReferral({ ...r, employerKey: target });
    await store.deleteReferral(employer.key, r.nikHash);
    moved.set(target, (moved.get(target) ?? 0) + 1);
  }
  for (const [key, n] of moved) await store.addReferred(key, n, at);
  if (moved.size > 0) {
    const [rest, contacts] = await Promise.all([
      store.listReferrals(employer.key),
      store.listContacts(employer.key),
    ]);
    await store.updateState(employer.key, { ...countersOf(rest, contacts), updatedAt: at });
  }
  return moved;
}
