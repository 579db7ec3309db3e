import { userInfo } from 'node:os';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { Actor } from '../access/model.ts';
import type { AuditEvent } from '../access/ports.ts';
import type { UserDeps } from '../access/users.ts';
import { cognitoIdentityProvider } from '../adapters/cognito-identity-provider.ts';
import { dynamoAccessStore } from '../adapters/dynamo-access-store.ts';
import { uploadLayout } from '../shared/regency-config.ts';
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
  const { info } = clients;
  const store = dynamoAccessStore(clients.dynamo, info.tables.access);
  const idp = new CognitoIdentityProviderClient({
    endpoint: info.cognito,
    region: info.region,
    credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
  });
  const userDeps: UserDeps = {
    idp: cognitoIdentityProvider(idp, info.userPoolId),
    users: store.users,
    audit: store.audit,
    now: () => new Date(),
    agencies: uploadLayout.agencies,
    regencyCode: uploadLayout.regencyCode,
  };
  return { ...store, userDeps };
}

/** Records a change the operator made from the CLI. */
export function auditCli(
  clients: StackClients,
  event: Omit<AuditEvent, 'id' | 'at' | 'actor'>,
): Promise<AuditEvent> {
  return dynamoAccessStore(clients.dynamo, clients.info.tables.access).audit.record({
    ...event,
    actor: operator(),
  });
}
