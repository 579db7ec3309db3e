import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { type ClientTarget, clientConfig } from './client-options.ts';

/** A Cognito user-pool client for a target (its own module: only user management loads the Cognito SDK). */
export function cognitoClient(target: ClientTarget): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient(clientConfig(target, 'cognito'));
}
