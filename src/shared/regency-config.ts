import { z } from 'zod';
import kutaiTimur from '../../config/kutai-timur.json' with { type: 'json' };

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
});
export type RegencyConfig = z.infer<typeof regencyConfigSchema>;

/** The deployed regency (bundled into each function). */
export const regencyConfig: RegencyConfig = regencyConfigSchema.parse(kutaiTimur);

export const uploadLayout = {
  regencyCode: regencyConfig.regency.code,
  agencies: regencyConfig.agencies.map((a) => a.id),
};
