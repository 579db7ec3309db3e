import { SESv2Client } from '@aws-sdk/client-sesv2';
import { dynamoProgrammeRepository } from '../../src/adapters/dynamo-programme-repository.ts';
import { dynamoQuotaWorkerRepository } from '../../src/adapters/dynamo-worker-repository.ts';
import { mailFrom, sesMailSender } from '../../src/adapters/ses-mail-sender.ts';
import { sfnWorkflowStarter } from '../../src/adapters/sfn-workflow-starter.ts';
import type { PlaceReleaser } from '../../src/enrollment/apply-bpjs-results.ts';
import type { CoveragePeriod } from '../../src/enrollment/enroll-workers.ts';
import { NoProgrammeError } from '../../src/enrollment/reserve-quota.ts';
import { firstPaidMonth } from '../../src/quota/calendar.ts';
import { programmeForReservation } from '../../src/quota/programme.ts';
import { promoteThroughEnrollment } from '../../src/quota/promote.ts';
import { quotaPlaceReleaser } from '../../src/quota/release.ts';
import { dynamo, sfn } from '../../src/shared/aws-clients.ts';
import { env } from '../../src/shared/env.ts';
import { regencyConfig } from '../../src/shared/regency-config.ts';

const ses = new SESv2Client({});

/** Composition root of the quota: programmes table, the registry's quota view, alert mail. */
export function quotaDeps(now: () => Date = () => new Date()) {
  const { PROGRAMMES_TABLE, WORKERS_TABLE } = env();
  return {
    programmes: dynamoProgrammeRepository(dynamo, PROGRAMMES_TABLE),
    workers: dynamoQuotaWorkerRepository(dynamo, WORKERS_TABLE),
    mail: sesMailSender(ses, { from: mailFrom() }),
    regency: regencyConfig.regency.code,
    regencyName: regencyConfig.regency.name,
    now,
  };
}

/**
 * Places of workers whose enrollment failed for good go back to the programme, and the head of the waitlist
 * moves into enrollment (a new enrollment execution per upload whose workers were promoted).
 */
export function placeReleaser(): PlaceReleaser {
  const quota = quotaDeps();
  const { ENROLLMENT_STATE_MACHINE_ARN } = env();
  if (!ENROLLMENT_STATE_MACHINE_ARN) return quotaPlaceReleaser(quota);
  const starter = sfnWorkflowStarter(sfn, ENROLLMENT_STATE_MACHINE_ARN);
  return quotaPlaceReleaser(
    quota,
    promoteThroughEnrollment(quota, (name, input) => starter.start(name, input), 'workflow'),
  );
}

/** The coverage a batch asks for: from the first paid month to the end of the programme, at its premium. */
export async function programmeCoverage(today: Date): Promise<CoveragePeriod> {
  const programme = await programmeForReservation(quotaDeps().programmes, regencyConfig.regency.code, today);
  // Workers reach enrollment only through a reservation, which needs the programme.
  if (!programme) throw new NoProgrammeError(regencyConfig.regency.code, today.toISOString().slice(0, 10));
  return {
    periodStart: `${firstPaidMonth(programme, today)}-01`,
    periodEnd: programme.endDate,
    monthlyContribution: programme.monthlyPremium,
  };
}
