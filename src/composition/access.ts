import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { UserDeps } from '../access/users.ts';
import { cognitoIdentityProvider } from '../adapters/cognito-identity-provider.ts';
import { dynamoAccessStore } from '../adapters/dynamo-access-store.ts';
import { uploadLayout } from '../shared/regency-config.ts';
import { cognitoClient } from './cognito.ts';
import type { Runtime } from './runtime.ts';

type AccessRuntime = Pick<Runtime, 'dynamo' | 'target'> & { tables: Pick<Runtime['tables'], 'access'> };

/** Users, presigns, audit trail: the access table. */
export const accessStore = (rt: Pick<AccessRuntime, 'dynamo' | 'tables'>) =>
  dynamoAccessStore(rt.dynamo, rt.tables.access);

/** User management (Cognito user pool + users table + audit trail); `idp`: a client the caller closes. */
export function userDeps(
  rt: AccessRuntime,
  userPoolId: string,
  idp: CognitoIdentityProviderClient = cognitoClient(rt.target),
): UserDeps {
  const store = accessStore(rt);
  return {
    idp: cognitoIdentityProvider(idp, userPoolId),
    users: store.users,
    audit: store.audit,
    now: () => new Date(),
    agencies: uploadLayout.agencies,
    regencyCode: uploadLayout.regencyCode,
  };
}
