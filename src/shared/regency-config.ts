import { z } from 'zod';
import kutaiTimur from '../../config/kutai-timur.json' with { type: 'json' };
import { CLAIM_COLUMNS } from '../claims/columns.ts';

/** A regency's configuration: its code, agencies and programme defaults. Nothing in code is regency-specific. */
export const regencyConfigSchema = z.object({
  regency: z.object({ code: z.string().regex(/^\d{4}$/), name: z.string(), province: z.string() }),
  agencies: z
    .array(z.object({ id: z.string().regex(/^[a-z0-9-]+$/), name: z.string(), sector: z.string() }))
    .min(1),
  programme: z.object({
    quota: z.number().int().positive(),
    monthlyPremium: z.number().int().positive(),
    minAge: z.number().int().positive(),
    maxAge: z.number().int().positive(),
    excludedOccupations: z.array(z.string()),
    requiresApproval: z.boolean(),
  }),
  administrators: z.array(z.string().email()),
  /** Periodic e-mail reports (src/reports): the regency's time zone, when each runs and who receives it. */
  reports: z
    .object({
      timeZone: z.string().refine(isTimeZone, 'an IANA time zone, e.g. Asia/Makassar'),
      weekly: z.object({
        day: z.enum(['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN']),
        time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
        recipients: z.array(z.string().email()),
      }),
      monthly: z.object({
        day: z.number().int().min(1).max(28),
        time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
        recipients: z.array(z.string().email()),
      }),
    })
    .optional(),
  /** BPJS claim files (src/claims): header aliases the branch office uses, besides the defaults. */
  claims: z
    .object({
      columnAliases: z.partialRecord(z.enum(CLAIM_COLUMNS), z.array(z.string().min(1))).default({}),
    })
    .optional(),
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
export type RegencyConfig = z.infer<typeof regencyConfigSchema>;

/** The deployed regency (bundled into each function). */
export const regencyConfig: RegencyConfig = regencyConfigSchema.parse(kutaiTimur);

export const uploadLayout = {
  regencyCode: regencyConfig.regency.code,
  agencies: regencyConfig.agencies.map((a) => a.id),
};
