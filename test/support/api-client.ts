import { createRequire } from 'node:module';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import type { LocalStack } from '../../local/stack.ts';

/** Signs in with the local Cognito (USER_PASSWORD_AUTH, as the dashboard does) and calls the stack's API. */
export function apiClient(stack: LocalStack) {
  const info = stack.info;
  const idp = new CognitoIdentityProviderClient({
    endpoint: info.cognito,
    region: info.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

  async function signIn(email: string, password?: string) {
    const pw = password ?? stack.exampleUsers.find((u) => u.email === email)?.password;
    if (!pw) throw new Error(`no password for ${email}`);
    const out = await idp.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: info.userPoolClientId,
        AuthParameters: { USERNAME: email, PASSWORD: pw },
      }),
    );
    const r = out.AuthenticationResult;
    if (!r?.IdToken || !r.AccessToken) throw new Error(`sign-in of ${email} gave no tokens`);
    return { idToken: r.IdToken, accessToken: r.AccessToken };
  }

  async function call(
    token: string | undefined,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${info.api}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : {} };
  }

  /** POSTs a file with a presigned form as a browser would (multipart/form-data, file last). */
  async function postForm(
    form: { url: string; fields: Record<string, string> },
    fileName: string,
    content: string,
  ) {
    const data = new FormData();
    for (const [k, v] of Object.entries(form.fields)) data.append(k, v);
    data.append('file', new Blob([content], { type: 'text/csv' }), fileName);
    return fetch(form.url, { method: 'POST', body: data });
  }

  return { signIn, call, postForm, close: () => idp.destroy() };
}

/** A token like `token` but signed with a key of our own (not the pool's). */
export async function foreignSigned(token: string): Promise<string> {
  const claims = decodeJwt(token);
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' }).sign(privateKey);
}

/** A token like `token`, signed with the local pool's own key, that expired a minute ago. */
export async function expired(token: string): Promise<string> {
  const require = createRequire(import.meta.url);
  const { jwk } = require('cognito-local/lib/keys/cognitoLocal.private.json') as { jwk: JWK };
  const key = await importJWK(jwk, 'RS256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...decodeJwt(token), iat: now - 3600, exp: now - 60 })
    .setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' })
    .sign(key);
}
