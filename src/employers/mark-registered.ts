import { isOutstanding } from './model.ts';
import { countersOf } from './notify-employer.ts';
import type { EmployerStore, ReferredWorkerSource } from './ports.ts';

export interface MarkRegisteredResult {
  /** Employers the worker was referred to. */
  employers: Array<{ key: string; name: string }>;
  /** False when the worker is not referred to any employer (nothing changed). */
  found: boolean;
  alreadyRegistered: boolean;
}

/**
 * An administrator (or a BPJS acknowledgement) says the employer registered this worker: the worker drops
 * off the next notice, and the worker's history records it (the row outcome stays REFERRED).
 */
export async function markRegistered(
  deps: { store: EmployerStore; workers: ReferredWorkerSource },
  nikHash: string,
  by: string,
  at: string,
): Promise<MarkRegisteredResult> {
  const referrals = await deps.store.referralsOfWorker(nikHash);
  if (referrals.length === 0) return { employers: [], found: false, alreadyRegistered: false };
  const open = referrals.filter(isOutstanding);
  const employers: MarkRegisteredResult['employers'] = [];
  for (const r of referrals) {
    const employer = await deps.store.get(r.employerKey);
    employers.push({ key: r.employerKey, name: employer?.name ?? r.listed.name ?? r.employerKey });
  }
  for (const r of open) {
    await deps.store.updateReferral(r.employerKey, r.nikHash, {
      status: 'REGISTERED',
      registeredAt: at,
      registeredBy: by,
    });
    await deps.workers.recordEmployerRegistration({ nikHash, desa: r.desa }, by, at);
    const [rest, contacts] = await Promise.all([
      deps.store.listReferrals(r.employerKey),
      deps.store.listContacts(r.employerKey),
    ]);
    await deps.store.updateState(r.employerKey, { ...countersOf(rest, contacts), updatedAt: at });
  }
  return { employers, found: true, alreadyRegistered: open.length === 0 };
}
