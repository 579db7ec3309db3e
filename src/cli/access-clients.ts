import { userInfo } from 'node:os';
import type { Actor } from '../access/model.ts';
import type { AuditEvent } from '../access/ports.ts';
import { accessStore, userDeps } from '../composition/access.ts';
import type { StackClients } from './stack-client.ts';

/** The operator at the terminal, as the audit trail records CLI changes (`cli:<user>`). */
export function operator(): Actor {
  let name = process.env.USER ?? 'operator';
  try {
    name = userInfo().username || name;
  } catch {
    // no passwd entry (containers): the environment's name
  }
  return { id: `cli:${name}`, role: 'operator' };
}

/** Users (Cognito + users table) and the audit trail of a stack, for the CLI. */
export function accessClients(clients: StackClients) {
  return { ...accessStore(clients), userDeps: userDeps(clients, clients.info.userPoolId) };
}

/** Records a change the operator made from the CLI. */
export function auditCli(
  clients: StackClients,
  event: Omit<AuditEvent, 'id' | 'at' | 'actor'>,
): Promise<AuditEvent> {
  return accessStore(clients).audit.record({ ...event, actor: operator() });
}
