/**
 * In-memory implementations of the employer-notification ports, for unit tests (no module mocking).
 * They honour the same conditions as the DynamoDB adapter (conditional puts, contact slot claims).
 */
import type { ContactRecord, DigestRecord, Employer, OutgoingMail, Referral } from './model.ts';
import type {
  EmployerStore,
  Mailer,
  ReferredWorker,
  ReferredWorkerSource,
  RegistryEmployer,
  WorkerRegistration,
} from './ports.ts';
import type { NotificationSettings } from './settings.ts';

const clone = <T>(v: T): T => structuredClone(v);

export function memoryEmployerStore(): EmployerStore & {
  employers: Map<string, Employer>;
  referrals: Map<string, Referral>;
  contacts: ContactRecord[];
  digests: DigestRecord[];
} {
  const employers = new Map<string, Employer & { outstandingMark?: boolean }>();
  const referrals = new Map<string, Referral>();
  const contacts: ContactRecord[] = [];
  const digests: DigestRecord[] = [];
  let digestState: { at?: string; runId?: string } = {};
  const rk = (employerKey: string, nikHash: string) => `${employerKey}\n${nikHash}`;
  const blank = (key: string, name: string, at: string): Employer => ({
    key,
    name,
    normalizedName: '',
    emails: [],
    type: 'company',
    projects: [],
    inRegistry: false,
    referred: 0,
    outstanding: 0,
    registered: 0,
    notices: 0,
    escalations: 0,
    updatedAt: at,
  });
  return {
    employers,
    referrals,
    contacts,
    digests,
    async get(key) {
      const e = employers.get(key);
      return e ? clone(e) : undefined;
    },
    async findByName(normalizedName) {
      return [...employers.values()]
        .filter((e) => e.inRegistry && e.normalizedName === normalizedName)
        .map(clone);
    },
    async upsertRegistry(entry: RegistryEmployer, at) {
      const existing = employers.get(entry.key);
      const projects = [...(existing?.projects ?? [])];
      for (const p of entry.projects) if (!projects.some((x) => x.name === p.name)) projects.push(p);
      employers.set(entry.key, {
        ...(existing ?? blank(entry.key, entry.name, at)),
        ...entry,
        projects,
        inRegistry: true,
        importedAt: at,
        updatedAt: at,
      });
      return existing ? 'updated' : 'created';
    },
    async ensureUnknown(e, at) {
      if (employers.has(e.key)) return;
      employers.set(e.key, { ...blank(e.key, e.name, at), ...(e.nib ? { nib: e.nib } : {}) });
    },
    async listAll() {
      return [...employers.values()].map(clone);
    },
    async listOutstanding() {
      return [...employers.values()].filter((e) => e.outstandingMark).map(clone);
    },
    async addReferred(key, count, at) {
      const e = employers.get(key);
      if (!e) throw new Error(`no employer ${key}`);
      e.referred += count;
      e.outstanding += count;
      e.outstandingMark = true;
      e.firstReferredAt ??= at;
      e.lastReferredAt = at;
    },
    async updateState(key, state) {
      const e = employers.get(key);
      if (!e) throw new Error(`no employer ${key}`);
      Object.assign(e, state);
      if (state.outstanding !== undefined) e.outstandingMark = state.outstanding > 0;
    },
    async claimContact(key, runId, at, notAfter) {
      const e = employers.get(key);
      if (!e) return false;
      if (e.lastContactAt && e.lastContactAt > notAfter && e.lastContactRunId !== runId) return false;
      e.lastContactAt = at;
      e.lastContactRunId = runId;
      return true;
    },
    async releaseContact(key, runId, previous) {
      const e = employers.get(key);
      if (!e || e.lastContactRunId !== runId) return;
      if (previous.at) e.lastContactAt = previous.at;
      else delete e.lastContactAt;
      if (previous.runId) e.lastContactRunId = previous.runId;
      else delete e.lastContactRunId;
    },
    async putReferral(r) {
      const k = rk(r.employerKey, r.nikHash);
      if (referrals.has(k)) return 'exists';
      referrals.set(k, clone(r));
      return 'queued';
    },
    async listReferrals(employerKey) {
      return [...referrals.values()].filter((r) => r.employerKey === employerKey).map(clone);
    },
    async referralsOfWorker(nikHash) {
      return [...referrals.values()].filter((r) => r.nikHash === nikHash).map(clone);
    },
    async updateReferral(employerKey, nikHash, patch) {
      const r = referrals.get(rk(employerKey, nikHash));
      if (!r) throw new Error('no referral');
      Object.assign(r, clone(patch));
    },
    async deleteReferral(employerKey, nikHash) {
      referrals.delete(rk(employerKey, nikHash));
    },
    async putContact(c) {
      const i = contacts.findIndex((x) => x.employerKey === c.employerKey && x.id === c.id);
      if (i >= 0) contacts[i] = clone(c);
      else contacts.push(clone(c));
    },
    async listContacts(employerKey) {
      return contacts.filter((c) => c.employerKey === employerKey).map(clone);
    },
    async claimDigest(runId, at, notAfter) {
      if (digestState.at && digestState.at > notAfter && digestState.runId !== runId) return false;
      digestState = { at, runId };
      return true;
    },
    async putDigest(d) {
      const i = digests.findIndex((x) => x.id === d.id);
      if (i >= 0) digests[i] = clone(d);
      else digests.push(clone(d));
    },
    async listDigests(limit) {
      return [...digests]
        .sort((a, b) => b.at.localeCompare(a.at))
        .slice(0, limit)
        .map(clone);
    },
  };
}

export function memoryWorkers(workers: ReferredWorker[] = []): ReferredWorkerSource & {
  workers: ReferredWorker[];
  states: Map<string, WorkerRegistration>;
  history: Array<{ nikHash: string; by: string; at: string }>;
} {
  const states = new Map<string, WorkerRegistration>();
  const history: Array<{ nikHash: string; by: string; at: string }> = [];
  return {
    workers,
    states,
    history,
    async referredOfUpload(uploadId) {
      return workers
        .filter(
          (w) => w.uploadId === uploadId && (states.get(w.nikHash)?.status ?? 'REFERRED') === 'REFERRED',
        )
        .map(clone);
    },
    async registrations(nikHashes) {
      const out = new Map<string, WorkerRegistration>();
      for (const h of nikHashes) {
        if (!workers.some((w) => w.nikHash === h)) continue;
        out.set(h, states.get(h) ?? { status: 'REFERRED' });
      }
      return out;
    },
    async recordEmployerRegistration(worker, by, at) {
      history.push({ nikHash: worker.nikHash, by, at });
      return true;
    },
  };
}

export function memoryMailer(): Mailer & { sent: Array<OutgoingMail & { messageId: string }> } {
  const sent: Array<OutgoingMail & { messageId: string }> = [];
  return {
    sent,
    async send(mail) {
      const messageId = `msg-${sent.length + 1}`;
      sent.push({ ...clone(mail), messageId });
      return messageId;
    },
  };
}

export const testSettings: NotificationSettings = {
  windowDays: 14,
  maxUnansweredNotices: 2,
  responseDays: 14,
  digestIntervalHours: 24,
  disnakertrans: {
    name: 'Dinas Tenaga Kerja dan Transmigrasi Kabupaten Kutai Timur',
    emails: ['disnakertrans@kutaitimurkab.go.id'],
  },
  regencyName: 'Kabupaten Kutai Timur',
  timeZone: 'Asia/Makassar',
};
