/**
 * In-memory programmes table and worker registry with the same conditional semantics as the DynamoDB adapters
 * (every call is one atomic step, values are copied in and out): for unit and property tests.
 */
import type { StatusChange, Worker, WorkerStatus } from '../../workers/model.ts';
import type { WorkerRepository } from '../../workers/ports.ts';
import {
  type Guard,
  type OpRecord,
  type ProgrammeKey,
  type ProgrammeSettings,
  type ProgrammeState,
  programmeId,
} from '../model.ts';
import type {
  ApplyResult,
  LedgerEntry,
  ProgrammeRepository,
  QuotaWorker,
  QuotaWorkerRepository,
  WaitlistEntry,
} from '../ports.ts';

const copy = <T>(v: T): T => structuredClone(v);

function guardHolds(s: ProgrammeState, g: Guard): boolean {
  if (g.configVersion !== undefined && s.configVersion !== g.configVersion) return false;
  if (g.opSeq !== undefined && s.opSeq !== g.opSeq) return false;
  if (g.maxUsed !== undefined && s.used > g.maxUsed) return false;
  if (g.maxCommitted !== undefined && s.committed > g.maxCommitted) return false;
  for (const [k, max] of Object.entries(g.maxKecUsed ?? {})) if ((s.kecUsed[k] ?? 0) > max) return false;
  if (g.waitlisted !== undefined && s.waitlisted !== g.waitlisted) return false;
  for (const [k, n] of Object.entries(g.kecWaitlisted ?? {}))
    if ((s.kecWaitlisted[k] ?? 0) !== n) return false;
  if (g.leaseToken !== undefined && s.lease?.token !== g.leaseToken) return false;
  return true;
}

export class MemoryProgrammes implements ProgrammeRepository {
  readonly items = new Map<string, ProgrammeState>();
  readonly ledgers = new Map<string, LedgerEntry>();
  /** Called before every write: throw from it to simulate a crash. */
  beforeWrite?: (method: string) => void;

  async get(key: ProgrammeKey) {
    const s = this.items.get(programmeId(key));
    return s ? copy(s) : undefined;
  }
  async create(settings: ProgrammeSettings, at: string, by: string) {
    this.beforeWrite?.('create');
    const id = programmeId(settings);
    if (this.items.has(id)) return 'exists' as const;
    this.items.set(id, {
      ...copy(settings),
      used: 0,
      committed: 0,
      waitlisted: 0,
      kecUsed: {},
      kecWaitlisted: {},
      configVersion: 1,
      waitSeq: 0,
      opSeq: 0,
      ops: {},
      alerts: {},
      createdAt: at,
      updatedAt: at,
      updatedBy: by,
    });
    return 'created' as const;
  }
  async updateSettings(
    ...[key, settings, guard, at, by, rearm = []]: Parameters<ProgrammeRepository['updateSettings']>
  ) {
    this.beforeWrite?.('updateSettings');
    const s = this.items.get(programmeId(key));
    if (!s || !guardHolds(s, guard)) return 'conflict' as const;
    Object.assign(s, copy(settings), { configVersion: s.configVersion + 1, updatedAt: at, updatedBy: by });
    for (const t of rearm) delete s.alerts[String(t)];
    return 'updated' as const;
  }
  async applyOp(
    ...[key, opId, record, guard, options]: Parameters<ProgrammeRepository['applyOp']>
  ): Promise<ApplyResult> {
    this.beforeWrite?.('applyOp');
    const s = this.items.get(programmeId(key));
    if (!s) throw new Error('no programme');
    const existing = s.ops[opId];
    if (existing) return { status: 'exists', record: copy(existing) };
    if (!guardHolds(s, guard)) return { status: 'conflict' };
    const d = record.delta;
    s.used += d.used;
    s.committed += d.committed;
    s.waitlisted += d.waitlisted;
    for (const [k, n] of Object.entries(d.kecUsed)) s.kecUsed[k] = (s.kecUsed[k] ?? 0) + n;
    for (const [k, n] of Object.entries(d.kecWaitlisted)) s.kecWaitlisted[k] = (s.kecWaitlisted[k] ?? 0) + n;
    const stored: OpRecord = copy(record);
    if (options.enqueue && options.enqueue > 0) {
      stored.firstPosition = s.waitSeq + 1;
      s.waitSeq += options.enqueue;
    }
    s.ops[opId] = stored;
    s.opSeq += 1;
    for (const p of options.prune ?? []) delete s.ops[p];
    if (options.leaseUntil && s.lease) s.lease.until = options.leaseUntil;
    return { status: 'applied', state: copy(s) };
  }
  async markOpDone(...[key, opId, , prune]: Parameters<ProgrammeRepository['markOpDone']>) {
    this.beforeWrite?.('markOpDone');
    const s = this.items.get(programmeId(key));
    if (!s) return;
    delete s.ops[opId];
    for (const p of prune) delete s.ops[p];
  }
  async getLedger(key: ProgrammeKey, sk: string) {
    const e = this.ledgers.get(`${programmeId(key)}|${sk}`);
    return e ? copy(e) : undefined;
  }
  async createLedger(key: ProgrammeKey, entry: LedgerEntry) {
    this.beforeWrite?.('createLedger');
    const id = `${programmeId(key)}|${entry.sk}`;
    const existing = this.ledgers.get(id);
    if (existing) return copy(existing);
    this.ledgers.set(id, copy(entry));
    return copy(entry);
  }
  async setLedgerState(
    ...[key, sk, from, to, at, result]: Parameters<ProgrammeRepository['setLedgerState']>
  ) {
    this.beforeWrite?.('setLedgerState');
    const e = this.ledgers.get(`${programmeId(key)}|${sk}`);
    if (!e || !from.includes(e.state)) return false;
    e.state = to;
    e.updatedAt = at;
    if (result) e.result = copy(result);
    return true;
  }
  async acquireLease(key: ProgrammeKey, token: string, until: string, now: string) {
    this.beforeWrite?.('acquireLease');
    const s = this.items.get(programmeId(key));
    if (!s || (s.lease && s.lease.until >= now)) return false;
    s.lease = { token, until };
    return true;
  }
  async releaseLease(...[key, token, unless]: Parameters<ProgrammeRepository['releaseLease']>) {
    this.beforeWrite?.('releaseLease');
    const s = this.items.get(programmeId(key));
    if (s?.lease?.token !== token) return false;
    if (
      unless &&
      !(
        s.opSeq === unless.opSeq ||
        s.waitlisted <= 0 ||
        s.used >= s.quota ||
        s.committed > unless.committedAbove
      )
    )
      return false;
    delete s.lease;
    return true;
  }
  async claimAlert(key: ProgrammeKey, threshold: number, at: string, staleBefore: string) {
    this.beforeWrite?.('claimAlert');
    const s = this.items.get(programmeId(key));
    if (!s) return false;
    const mark = s.alerts[String(threshold)];
    if (mark && !(mark.state === 'SENDING' && mark.at < staleBefore)) return false;
    s.alerts[String(threshold)] = { state: 'SENDING', at };
    return true;
  }
  async markAlertsSent(key: ProgrammeKey, thresholds: number[], at: string) {
    const s = this.items.get(programmeId(key));
    if (!s) return;
    for (const t of thresholds) s.alerts[String(t)] = { state: 'SENT', at };
  }
}

type Stored = QuotaWorker & { history: StatusChange[] };

export class MemoryWorkers implements QuotaWorkerRepository, WorkerRepository {
  readonly items = new Map<string, Stored>();
  beforeWrite?: (method: string) => void;

  private change(w: Stored, change: StatusChange) {
    w.status = change.to;
    w.updatedAt = change.at;
    Object.assign(w, change.patch ?? {});
    w.history.push({ to: change.to, reason: change.reason, by: change.by, at: change.at });
  }

  async claim(worker: Worker) {
    this.beforeWrite?.('claim');
    const existing = this.items.get(worker.nikHash);
    if (existing)
      return existing.uploadId === worker.uploadId ? ('claimed' as const) : ('duplicate' as const);
    this.items.set(worker.nikHash, {
      ...copy(worker),
      history: [
        { to: worker.status, reason: 'registered', by: `upload:${worker.uploadId}`, at: worker.createdAt },
      ],
    });
    return 'claimed' as const;
  }
  async get(nikHash: string) {
    const w = this.items.get(nikHash);
    return w ? copy(w) : undefined;
  }
  async listByUpload(uploadId: string) {
    return [...this.items.values()]
      .filter((w) => w.uploadId === uploadId)
      .sort((a, b) => a.row - b.row)
      .map(copy);
  }
  async getMany(nikHashes: string[]) {
    return nikHashes.flatMap((h) => {
      const w = this.items.get(h);
      return w ? [copy(w)] : [];
    });
  }
  async transition(worker: Pick<Worker, 'nikHash'>, from: WorkerStatus[], change: StatusChange) {
    this.beforeWrite?.('transition');
    const w = this.items.get(worker.nikHash);
    if (!w || !from.includes(w.status)) return false;
    this.change(w, change);
    return true;
  }
  async recordLateAcceptance(worker: Pick<Worker, 'nikHash'>, change: StatusChange) {
    this.beforeWrite?.('recordLateAcceptance');
    const w = this.items.get(worker.nikHash);
    if (w?.status !== 'EXITED' || w.kpj !== undefined) return false;
    this.change(w, change);
    return true;
  }
  async grantPlace(...[worker, from, place, change]: Parameters<QuotaWorkerRepository['grantPlace']>) {
    this.beforeWrite?.('grantPlace');
    const w = this.items.get(worker.nikHash);
    if (!w || !from.includes(w.status)) return false;
    this.change(w, change);
    w.place = copy(place);
    delete w.waitlist;
    return true;
  }
  async enqueue(...[worker, spot, change]: Parameters<QuotaWorkerRepository['enqueue']>) {
    this.beforeWrite?.('enqueue');
    const w = this.items.get(worker.nikHash);
    if (w?.status !== 'PENDING') return false;
    this.change(w, change);
    w.waitlist = copy(spot);
    return true;
  }
  async leaveWaitlist(...[worker, position, change]: Parameters<QuotaWorkerRepository['leaveWaitlist']>) {
    this.beforeWrite?.('leaveWaitlist');
    const w = this.items.get(worker.nikHash);
    if (w?.status !== 'WAITLISTED' || w.waitlist?.position !== position) return false;
    this.change(w, change);
    delete w.waitlist;
    return true;
  }
  async markReleasing(...[worker, placeOp, releaseOp]: Parameters<QuotaWorkerRepository['markReleasing']>) {
    this.beforeWrite?.('markReleasing');
    const w = this.items.get(worker.nikHash);
    if (!w?.place || w.place.op !== placeOp) return false;
    if (w.releasing !== undefined && w.releasing !== releaseOp) return false;
    w.releasing = releaseOp;
    return true;
  }
  async clearPlace(...[worker, place, release]: Parameters<QuotaWorkerRepository['clearPlace']>) {
    this.beforeWrite?.('clearPlace');
    const w = this.items.get(worker.nikHash);
    if (!w?.place || w.place.op !== place.op || w.releasing !== release.op) return false;
    w.releasedPlace = { ...copy(w.place), releaseOp: release.op, refund: release.refund, at: release.at };
    delete w.place;
    delete w.releasing;
    return true;
  }
  async setPlace(...[worker, place]: Parameters<QuotaWorkerRepository['setPlace']>) {
    this.beforeWrite?.('setPlace');
    const w = this.items.get(worker.nikHash);
    if (!w || w.place) return false;
    w.place = copy(place);
    return true;
  }
  async listWaitlist(
    programme: string,
    options: { limit: number; afterPosition?: number },
  ): Promise<WaitlistEntry[]> {
    return this.line(programme)
      .filter(
        (w) => options.afterPosition === undefined || (w.waitlist?.position ?? 0) > options.afterPosition,
      )
      .slice(0, options.limit)
      .map((w) => ({
        nikHash: w.nikHash,
        desa: w.desa,
        kecamatan: w.desa.slice(0, 6),
        position: w.waitlist?.position ?? 0,
        uploadId: w.waitlist?.uploadId ?? '',
        chunk: w.waitlist?.chunk ?? 0,
      }));
  }
  async waitlistRank(programme: string, position: number) {
    return this.line(programme).filter((w) => (w.waitlist?.position ?? 0) <= position).length;
  }
  /** The sparse index: workers with a spot, in position order. */
  line(programme: string): Stored[] {
    return [...this.items.values()]
      .filter((w) => w.waitlist?.programme === programme)
      .sort((a, b) => (a.waitlist?.position ?? 0) - (b.waitlist?.position ?? 0));
  }
}
