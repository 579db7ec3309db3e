// Programme and quota operations the CLI commands share (one place; commands import no other command).
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { enrollmentStarter, quotaDeps } from '../composition/quota.ts';
import type { QuotaDeps } from '../quota/context.ts';
import type { ProgrammeKey, ProgrammeState } from '../quota/model.ts';
import { ProgrammeRuleError, programmeCovering } from '../quota/programme.ts';
import { type PromotionResult, promoteThroughEnrollment } from '../quota/promote.ts';
import { regencyConfig } from '../shared/regency-config.ts';
import { StillRunningError } from './errors.ts';
import type { StackClients } from './stack-client.ts';

export const REGENCY = regencyConfig.regency.code;

/** The quota ports on a stack's tables and SES endpoint (the composition root's, as the functions use them). */
export function quotaDepsFor(clients: StackClients): QuotaDeps {
  return quotaDeps(clients);
}

/** `--year Y`, or the programme covering today. */
export async function programmeFor(deps: QuotaDeps, year?: string): Promise<ProgrammeState> {
  const found = year
    ? await deps.programmes.get({ regency: REGENCY, year: Number(year) })
    : await programmeCovering(deps.programmes, REGENCY, deps.now());
  if (!found)
    throw new ProgrammeRuleError(
      year
        ? `belum ada program tahun ${year}: buat dengan "lindung program set --year ${year} --quota N"`
        : 'tidak ada program yang berlaku hari ini: buat dengan "lindung program set --quota N"',
      year
        ? `no programme for ${year}: create one with "lindung program set --year ${year} --quota N"`
        : 'no programme covers today: create one with "lindung program set --quota N"',
    );
  return found;
}

/** Moves the head of the waitlist into places and enrolls them (src/quota/promote.ts); waits for the runs. */
export async function promoteAndEnroll(
  clients: StackClients,
  key: ProgrammeKey,
  by: string,
  options: { timeoutMs?: number } = {},
): Promise<PromotionResult & { executions: string[] }> {
  const result = await promoteThroughEnrollment(
    quotaDepsFor(clients),
    enrollmentStarter(clients, clients.info.stateMachines.enrollment),
    by,
  )(key);
  await waitForExecutions(clients, result.executions, options.timeoutMs ?? 600_000);
  return result;
}

/** Waits until each execution has closed (the CLI shows outcomes, not runs in flight). */
export async function waitForExecutions(
  clients: StackClients,
  arns: string[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const arn of arns) {
    for (;;) {
      const out = await clients.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
      if (out.status !== 'RUNNING') break;
      if (Date.now() > deadline) throw new StillRunningError(timeoutMs / 1000, arn);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
