import { forbidden, unauthenticated } from '../shared/errors.ts';
import { type Caller, roleOfGroups } from './model.ts';
import type { UserStore } from './ports.ts';

/**
 * The caller of a request from the JWT claims API Gateway's authorizer verified (the local API server verifies
 * the same way before it builds the event). The role is the Cognito group; the area and the disabled flag come
 * from the user's record. API Gateway passes array claims as one string `[admin approver]`: both forms are read.
 */
export async function callerFromClaims(
  claims: Record<string, unknown> | undefined,
  users: Pick<UserStore, 'get'>,
): Promise<Caller> {
  const sub = typeof claims?.sub === 'string' ? claims.sub : undefined;
  if (!sub) throw unauthenticated();
  const role = roleOfGroups(groupsOf(claims?.['cognito:groups']));
  const user = await users.get(sub);
  if (!user || user.disabled) throw unauthenticated();
  if (!role || role !== user.role) throw forbidden();
  return {
    sub,
    email: user.email,
    role,
    ...(user.desa ? { desa: user.desa } : {}),
    ...(user.agency ? { agency: user.agency } : {}),
  };
}

function groupsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}
