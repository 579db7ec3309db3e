import { randomBytes } from 'node:crypto';
import { invalidRequest, notFound } from '../shared/errors.ts';
import type { Actor, Role, UserRecord } from './model.ts';
import type { AuditLog, IdentityProvider, UserStore } from './ports.ts';

export interface UserDeps {
  idp: IdentityProvider;
  users: UserStore;
  audit: AuditLog;
  now: () => Date;
  /** Configured agency ids, and the regency code a desa code must start with. */
  agencies: readonly string[];
  regencyCode: string;
}

export interface NewUser {
  email: string;
  role: Role;
  desa?: string;
  agency?: string;
  password?: string;
}

/** A password Cognito's default policy accepts (upper, lower, digit, symbol, 8+), shown once. */
export function generatePassword(): string {
  return `Ld-${randomBytes(9).toString('base64url')}7a`;
}

/** Adds a user: the sign-in in the role's group, its area in the users table, an audit event. */
export async function addUser(
  deps: UserDeps,
  input: NewUser,
  by: Actor,
): Promise<{ user: UserRecord; password: string }> {
  checkArea(deps, input);
  const password = input.password ?? generatePassword();
  const sub = await deps.idp.createUser(input.email, password, input.role);
  const user: UserRecord = {
    sub,
    email: input.email,
    role: input.role,
    ...(input.role === 'desa' ? { desa: input.desa } : {}),
    ...(input.role === 'agency' ? { agency: input.agency } : {}),
    createdAt: deps.now().toISOString(),
    createdBy: by.id,
  };
  await deps.users.put(user);
  await deps.audit.record({ actor: by, action: 'user.add', entity: `user#${sub}`, new: user });
  return { user, password };
}

export async function disableUser(deps: UserDeps, email: string, by: Actor): Promise<UserRecord> {
  const user = (await deps.users.list()).find((u) => u.email === email);
  if (!user) throw notFound(`Pengguna ${email}`, `User ${email}`);
  await deps.idp.disableUser(email);
  await deps.users.setDisabled(user.sub, true);
  await deps.audit.record({
    actor: by,
    action: 'user.disable',
    entity: `user#${user.sub}`,
    old: { disabled: user.disabled ?? false },
    new: { disabled: true },
  });
  return { ...user, disabled: true };
}

function checkArea(deps: UserDeps, input: NewUser): void {
  if (
    input.role === 'desa' &&
    !(input.desa && /^\d{10}$/.test(input.desa) && input.desa.startsWith(deps.regencyCode))
  )
    throw invalidRequest(
      `peran desa memerlukan --desa berupa kode desa 10 digit di kabupaten ${deps.regencyCode}`,
      `role desa needs --desa, a 10-digit desa code in regency ${deps.regencyCode}`,
    );
  if (input.role === 'agency' && !(input.agency && deps.agencies.includes(input.agency)))
    throw invalidRequest(
      `peran agency memerlukan --agency, salah satu dari: ${deps.agencies.join(', ')}`,
      `role agency needs --agency, one of: ${deps.agencies.join(', ')}`,
    );
}
