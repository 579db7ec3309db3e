import { z } from 'zod';
import type { OpRecord, ProgrammeSettings, ProgrammeState } from '../quota/model.ts';
import type { LedgerEntry } from '../quota/ports.ts';
import { parseStoredItem } from './stored-item.ts';

/** The programmes table's items as stored, parsed at the edge (src/adapters/stored-item.ts). */
const count = z.number().int();
const numbers = z.record(z.string(), z.number());

const opRecord = z.looseObject({
  kind: z.enum(['reserve', 'promote', 'release', 'leave', 'import']),
  at: z.string(),
  delta: z.looseObject({
    used: z.number(),
    committed: z.number(),
    waitlisted: z.number(),
    kecUsed: numbers.default({}),
    kecWaitlisted: numbers.default({}),
  }),
});

const programmeItem = z.looseObject({
  pk: z.string(),
  regency: z.string().min(1),
  year: count,
  quota: count.nonnegative(),
  monthlyPremium: z.number().nonnegative(),
  startDate: z.string(),
  endDate: z.string(),
  budgetCeiling: z.number(),
  minAge: z.number(),
  maxAge: z.number(),
  excludedOccupations: z.array(z.string()),
  used: count,
  committed: z.number(),
  waitlisted: count,
  configVersion: count,
  waitSeq: count,
  opSeq: count,
  kecamatanQuotas: numbers.optional(),
  kecUsed: numbers.optional(),
  kecWaitlisted: numbers.optional(),
  ops: z.record(z.string(), opRecord).optional(),
  opPos: z.record(z.string(), z.number()).optional(),
  alerts: z.record(z.string(), z.object({ state: z.enum(['SENDING', 'SENT']), at: z.string() })).optional(),
  promoter: z.string().optional(),
  promoterUntil: z.string().optional(),
});

const ledgerItem = z.looseObject({
  pk: z.string(),
  sk: z.string().min(1),
  opId: z.string().min(1),
  state: z.enum(['NEW', 'APPLIED', 'DONE']),
  rows: z.array(z.array(z.union([z.string(), z.number()]))),
  createdAt: z.string(),
  result: opRecord.optional(),
});

const SETTINGS: Array<keyof ProgrammeSettings> = [
  'quota',
  'monthlyPremium',
  'startDate',
  'endDate',
  'budgetCeiling',
  'budgetExplicit',
  'minAge',
  'maxAge',
  'excludedOccupations',
  'kecamatanQuotas',
  'requiresApproval',
  'administrators',
];

export function settingsOnly(s: ProgrammeSettings): Partial<ProgrammeSettings> {
  return Object.fromEntries(SETTINGS.map((k) => [k, s[k]]));
}

/** An op record as stored: without what the table adds (position, done). */
export function stripped(record: OpRecord, keepPosition = false): OpRecord {
  const { firstPosition, done: _done, ...rest } = record;
  return keepPosition && firstPosition !== undefined ? { ...rest, firstPosition } : rest;
}

/** The META item → the programme's state (op positions merged into their records, the lease). */
export function toState(item: Record<string, unknown>, table: string): ProgrammeState {
  const parsed = parseStoredItem(programmeItem, item, { table });
  const { pk: _pk, sk: _sk, opPos, promoter, promoterUntil, ops, ...rest } = parsed;
  const merged: Record<string, OpRecord> = {};
  for (const [id, op] of Object.entries(ops ?? {})) {
    const pos = opPos?.[id];
    merged[id] = (pos !== undefined ? { ...op, firstPosition: pos } : op) as unknown as OpRecord;
  }
  return {
    ...(rest as unknown as ProgrammeState),
    kecamatanQuotas: rest.kecamatanQuotas ?? {},
    kecUsed: rest.kecUsed ?? {},
    kecWaitlisted: rest.kecWaitlisted ?? {},
    alerts: rest.alerts ?? {},
    ops: merged,
    ...(promoter && promoterUntil ? { lease: { token: promoter, until: promoterUntil } } : {}),
  };
}

/** A ledger item (RESERVATION#…, PROMOTION#…, IMPORT#…) → its entry. */
export function toLedger(item: Record<string, unknown>, table: string): LedgerEntry {
  const { pk: _pk, ...rest } = parseStoredItem(ledgerItem, item, { table });
  return rest as unknown as LedgerEntry;
}
