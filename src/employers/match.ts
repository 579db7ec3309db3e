import type { Employer, ListedEmployer } from './model.ts';
import { employerKeyFor, normalizeEmployerName, normalizeNib } from './names.ts';
import type { EmployerStore } from './ports.ts';

export type Resolution =
  | { kind: 'registry'; employer: Employer }
  | { kind: 'unknown'; key: string; name: string; nib?: string; ambiguous: boolean };

/**
 * Finds the registry employer of a worker list's employer: by NIB, else by normalised name when exactly one
 * registry employer has it. Lookups are cached for the life of the resolver (one task).
 */
export function employerResolver(store: Pick<EmployerStore, 'get' | 'findByName'>) {
  const byKey = new Map<string, Promise<Employer | undefined>>();
  const byName = new Map<string, Promise<Employer[]>>();
  const get = (key: string) => {
    const cached = byKey.get(key);
    if (cached) return cached;
    const p = store.get(key);
    byKey.set(key, p);
    return p;
  };
  const named = (name: string) => {
    const cached = byName.get(name);
    if (cached) return cached;
    const p = store.findByName(name);
    byName.set(name, p);
    return p;
  };
  return async (listed: ListedEmployer): Promise<Resolution | undefined> => {
    const nib = normalizeNib(listed.nib);
    if (nib) {
      const employer = await get(`nib:${nib}`);
      if (employer?.inRegistry) return { kind: 'registry', employer };
    }
    const normalized = listed.name ? normalizeEmployerName(listed.name) : '';
    let ambiguous = false;
    if (normalized) {
      const candidates = (await named(normalized)).filter((e) => e.inRegistry);
      if (candidates.length === 1 && candidates[0]) return { kind: 'registry', employer: candidates[0] };
      ambiguous = candidates.length > 1;
    }
    const key = employerKeyFor({ nib, name: listed.name });
    if (!key) return undefined;
    return {
      kind: 'unknown',
      key,
      name: listed.name?.trim() || `NIB ${nib}`,
      ...(nib ? { nib } : {}),
      ambiguous,
    };
  };
}

/** Can notices be sent to this employer? (In the registry and with an e-mail address.) */
export const isNotifiable = (e: Pick<Employer, 'inRegistry' | 'emails'>) =>
  e.inRegistry && e.emails.length > 0;
