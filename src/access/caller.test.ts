import { describe, expect, it } from 'vitest';
import { httpError } from '../shared/errors.ts';
import { callerFromClaims } from './caller.ts';
import type { UserRecord } from './model.ts';

const record: UserRecord = {
  sub: 's1',
  email: 'desa@x',
  role: 'desa',
  desa: '6408042001',
  createdAt: '2026-01-01T00:00:00Z',
  createdBy: 'cli:test',
};
const users = (r?: UserRecord) => ({ get: async (sub: string) => (r && r.sub === sub ? r : undefined) });
const statusOf = (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (e: unknown) => httpError(e).status,
  );

describe('the caller from the authorizer’s claims', () => {
  it('reads groups as API Gateway passes them ("[desa]") and as a JSON array, the area from the user record', async () => {
    for (const groups of ['[desa]', ['desa']]) {
      const caller = await callerFromClaims({ sub: 's1', 'cognito:groups': groups }, users(record));
      expect(caller).toEqual({ sub: 's1', email: 'desa@x', role: 'desa', desa: '6408042001' });
    }
  });

  it('answers 401 without a subject, for an unknown or disabled user; 403 when the group and the record disagree', async () => {
    expect(await statusOf(callerFromClaims(undefined, users(record)))).toBe(401);
    expect(
      await statusOf(callerFromClaims({ sub: 'nobody', 'cognito:groups': '[desa]' }, users(record))),
    ).toBe(401);
    const disabled = { ...record, disabled: true };
    expect(await statusOf(callerFromClaims({ sub: 's1', 'cognito:groups': '[desa]' }, users(disabled)))).toBe(
      401,
    );
    expect(await statusOf(callerFromClaims({ sub: 's1', 'cognito:groups': '[admin]' }, users(record)))).toBe(
      403,
    );
    expect(await statusOf(callerFromClaims({ sub: 's1' }, users(record)))).toBe(403);
  });
});
