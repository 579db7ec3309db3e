import { z } from 'zod';
import type { ContactRecord, DigestRecord, Employer, Referral } from '../employers/model.ts';
import { parseStoredItem } from './stored-item.ts';

/** The employers table's items as stored, parsed at the edge (src/adapters/stored-item.ts). */
const count = z.number().int().nonnegative();
const emails = z.array(z.string());

const employer = z.looseObject({
  key: z.string().min(1),
  name: z.string(),
  normalizedName: z.string(),
  emails,
  type: z.enum(['company', 'construction']),
  projects: z.array(z.looseObject({ name: z.string(), owner: z.string().optional() })),
  inRegistry: z.boolean(),
  referred: count,
  outstanding: count,
  registered: count,
  notices: count,
  escalations: count,
  updatedAt: z.string(),
});

const referral = z.looseObject({
  employerKey: z.string().min(1),
  nikHash: z.string().min(1),
  nikMasked: z.string(),
  name: z.string(),
  desa: z.string(),
  kecamatan: z.string(),
  uploadId: z.string(),
  row: z.number().int(),
  listed: z.looseObject({}),
  referredAt: z.string(),
  status: z.enum(['QUEUED', 'NOTIFIED', 'REGISTERED']),
  notices: count,
  noticeIds: z.array(z.string()),
});

const contact = z.looseObject({
  employerKey: z.string().min(1),
  id: z.string().min(1),
  kind: z.enum(['NOTICE', 'ESCALATION']),
  sequence: z.number().int().positive(),
  at: z.string(),
  to: emails,
  cc: emails,
  subject: z.string(),
  workerCount: count,
  status: z.enum(['SENDING', 'SENT', 'FAILED']),
});

const digest = z.looseObject({
  id: z.string().min(1),
  at: z.string(),
  to: emails,
  subject: z.string(),
  entries: z.array(
    z.looseObject({
      employerKey: z.string(),
      name: z.string(),
      reason: z.enum(['NOT_IN_REGISTRY', 'NO_EMAIL']),
      workerCount: count,
    }),
  ),
  status: z.enum(['SENDING', 'SENT']),
});

const INTERNAL = ['pk', 'sk', 'listPk', 'nameKey', 'outstandingPk'] as const;

function reader<T>(schema: z.ZodType, table: string) {
  return (item: Record<string, unknown>): T => {
    // A fresh object (zod builds one): the table's own attributes are deleted from it, not from `item`.
    const parsed = parseStoredItem(schema, item, { table }) as Record<string, unknown>;
    for (const k of INTERNAL) delete parsed[k];
    return parsed as T;
  };
}

/** Readers of each kind of item: the item without the table's own attributes, or CORRUPT_ITEM. */
export function employerItems(table: string) {
  return {
    employer: reader<Employer>(employer, table),
    referral: reader<Referral>(referral, table),
    contact: reader<ContactRecord>(contact, table),
    digest: reader<DigestRecord>(digest, table),
  };
}
