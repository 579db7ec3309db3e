import { dynamoCoverageCounters } from '../adapters/dynamo-coverage-counters.ts';
import { dynamoProgrammeRepository } from '../adapters/dynamo-programme-repository.ts';
import { sesMailSender } from '../adapters/ses-mail-sender.ts';
import { sfnWorkflowStarter } from '../adapters/sfn-workflow-starter.ts';
import type { PlaceReleaser } from '../enrollment/apply-bpjs-results.ts';
import type { CoveragePeriod } from '../enrollment/enroll-workers.ts';
import type { FinalizeUploadDeps } from '../enrollment/finalize-upload.ts';
import { NoProgrammeError } from '../enrollment/reserve-quota.ts';
import { firstPaidMonth } from '../quota/calendar.ts';
import type { QuotaDeps } from '../quota/context.ts';
import { programmeForReservation } from '../quota/programme.ts';
import { promoteThroughEnrollment } from '../quota/promote.ts';
import { quotaPlaceReleaser } from '../quota/release.ts';
import { regencyConfig, regencyTimeZone } from '../shared/regency-config.ts';
import { senders } from './env.ts';
import type { Runtime } from './runtime.ts';
import { sesFor } from './ses.ts';
import { quotaWorkerRepository } from './stores.ts';

export const programmeRepository = (rt: Pick<Runtime, 'dynamo'> & { tables: { programmes: string } }) =>
  dynamoProgrammeRepository(rt.dynamo, rt.tables.programmes);

/** The quota's ports: programmes table, the registry's quota view, alert mail. */
export function quotaDeps(rt: Runtime, now: () => Date = () => new Date()): QuotaDeps & { regency: string } {
  return {
    programmes: programmeRepository(rt),
    workers: quotaWorkerRepository(rt),
    mail: sesMailSender(sesFor(rt), { from: senders().alerts }),
    regency: regencyConfig.regency.code,
    regencyName: regencyConfig.regency.name,
    now,
  };
}

/** The enrollment workflow as a starter: `promote` runs start one execution per upload. */
export function enrollmentStarter(rt: Runtime, arn: string) {
  const starter = sfnWorkflowStarter(rt.sfn, arn);
  return (name: string, input: unknown) => starter.start(name, input);
}

/**
 * Places of workers whose enrollment failed for good go back to the programme, and the head of the waitlist
 * moves into enrollment (a new enrollment execution per upload whose workers were promoted).
 */
export function placeReleaser(rt: Runtime): PlaceReleaser {
  const quota = quotaDeps(rt);
  const arn = rt.stateMachines.enrollment;
  if (!arn) return quotaPlaceReleaser(quota);
  return quotaPlaceReleaser(quota, promoteThroughEnrollment(quota, enrollmentStarter(rt, arn), 'workflow'));
}

/** The coverage a batch asks for: from the first paid month to the end of the programme, at its premium. */
export function programmeCoverage(rt: Runtime) {
  const programmes = programmeRepository(rt);
  return async (today: Date): Promise<CoveragePeriod> => {
    const programme = await programmeForReservation(programmes, regencyConfig.regency.code, today);
    // Workers reach enrollment only through a reservation, which needs the programme.
    if (!programme) throw new NoProgrammeError(regencyConfig.regency.code, today.toISOString().slice(0, 10));
    return {
      periodStart: `${firstPaidMonth(programme, today)}-01`,
      periodEnd: programme.endDate,
      monthlyContribution: programme.monthlyPremium,
    };
  };
}

/** The coverage counters (programmes table) as the closing steps keep them. */
export function coverageCounters(rt: Runtime): NonNullable<FinalizeUploadDeps['counters']> {
  const programmes = programmeRepository(rt);
  return {
    writer: dynamoCoverageCounters(rt.dynamo, rt.tables.programmes),
    timeZone: regencyTimeZone(regencyConfig),
    programmeOf: async (upload) => {
      const p = await programmeForReservation(
        programmes,
        regencyConfig.regency.code,
        new Date(upload.createdAt),
      );
      return p ? { regency: p.regency, year: p.year } : undefined;
    },
  };
}
