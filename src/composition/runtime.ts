import type { NikHasher } from '../shared/nik-hash.ts';
import type { ClientTarget } from './client-options.ts';
import type { CoreClients } from './clients.ts';

/**
 * What every use case's wiring is built from: the SDK clients, the bucket, tables and state machines, and the
 * NIK hasher. Two sources, one shape: a Lambda function's environment (handler-runtime.ts) and a local
 * stack's stack.json for the CLI (stack-runtime.ts). The builders beside this file take a Runtime.
 */
export interface Runtime extends CoreClients {
  target: ClientTarget;
  readonly bucket: string;
  readonly tables: {
    readonly uploads: string;
    readonly workers: string;
    readonly programmes: string;
    readonly employers: string;
    readonly access: string;
  };
  readonly stateMachines: { readonly enrollment?: string; readonly employerNotification?: string };
  nikHasher(): Promise<NikHasher>;
}

const STATE_MACHINE_VARIABLES = {
  enrollment: 'ENROLLMENT_STATE_MACHINE_ARN',
  employerNotification: 'EMPLOYER_NOTIFICATION_STATE_MACHINE_ARN',
} as const;

/** A state machine's ARN, or a clear error (naming its variable) where the runtime has none. */
export function stateMachine(
  rt: Pick<Runtime, 'stateMachines'>,
  name: keyof Runtime['stateMachines'],
): string {
  const arn = rt.stateMachines[name];
  if (!arn) throw new Error(`${STATE_MACHINE_VARIABLES[name]} is not set`);
  return arn;
}

/** A table the runtime may lack (a function CDK gave no such name): undefined instead of an error. */
export function tableIfSet(rt: Pick<Runtime, 'tables'>, name: keyof Runtime['tables']): string | undefined {
  try {
    return rt.tables[name];
  } catch {
    return undefined;
  }
}
