/**
 * Who is calling (DESIGN.md, "Who may do what"). The role comes from the caller's Cognito group
 * (`cognito:groups` in both the ID and the access token, locally and in AWS); the area a desa or agency user
 * may see comes from the user's record (keyed by the token's `sub`), because Cognito puts custom attributes in
 * ID tokens only, and the API accepts access tokens too.
 */
export const ROLES = ['admin', 'approver', 'viewer', 'desa', 'agency'] as const;
export type Role = (typeof ROLES)[number];

export interface UserRecord {
  sub: string;
  email: string;
  role: Role;
  /** 10-digit desa code (role desa). */
  desa?: string;
  /** Agency id (role agency). */
  agency?: string;
  disabled?: boolean;
  createdAt: string;
  createdBy: string;
}

/** The signed-in person an API request comes from. */
export interface Caller {
  sub: string;
  email: string;
  role: Role;
  desa?: string;
  agency?: string;
}

/** An identity as it is recorded on what a person did (audit, approvals, uploads). */
export interface Actor {
  /** Cognito `sub`, or `cli:<operator>` for the local operator. */
  id: string;
  email?: string;
  role: Role | 'operator';
}

export const actorOf = (c: Caller): Actor => ({ id: c.sub, email: c.email, role: c.role });

/** One role per user: the first of its groups in ROLES order (admin before approver …). */
export function roleOfGroups(groups: readonly string[]): Role | undefined {
  return ROLES.find((r) => groups.includes(r));
}
