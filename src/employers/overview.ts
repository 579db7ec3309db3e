import pMap from 'p-map';
import type { EmployerType } from './model.ts';
import { countersOf } from './notify-employer.ts';
import type { EmployerStore } from './ports.ts';

/** One line of `lindung employers`. */
export interface EmployerOverview {
  key: string;
  name: string;
  nib: string | null;
  type: EmployerType;
  inRegistry: boolean;
  emails: string[];
  referred: number;
  outstanding: number;
  registered: number;
  notified: number;
  lastNoticeAt: string | null;
  escalated: number;
  lastEscalationAt: string | null;
  firstReferredAt: string | null;
  lastReferredAt: string | null;
}

/** Every employer with its counts, recomputed from its referrals and contacts (exact, not cached). */
export async function employerOverview(store: EmployerStore): Promise<EmployerOverview[]> {
  const employers = await store.listAll();
  const rows = await pMap(
    employers,
    async (e): Promise<EmployerOverview> => {
      const [referrals, contacts] = await Promise.all([
        store.listReferrals(e.key),
        store.listContacts(e.key),
      ]);
      const c = countersOf(referrals, contacts);
      const referredAt = referrals.map((r) => r.referredAt).sort();
      return {
        key: e.key,
        name: e.name,
        nib: e.nib ?? null,
        type: e.type,
        inRegistry: e.inRegistry,
        emails: e.emails,
        referred: c.referred,
        outstanding: c.outstanding,
        registered: c.registered,
        notified: c.notices,
        lastNoticeAt: c.lastNoticeAt ?? null,
        escalated: c.escalations,
        lastEscalationAt: c.lastEscalationAt ?? null,
        firstReferredAt: referredAt[0] ?? null,
        lastReferredAt: referredAt.at(-1) ?? null,
      };
    },
    { concurrency: 8 },
  );
  return rows.sort((a, b) => b.outstanding - a.outstanding || a.name.localeCompare(b.name));
}
