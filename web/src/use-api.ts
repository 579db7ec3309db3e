import { useCallback, useEffect, useState } from 'preact/hooks';
import { api } from './api.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  reload: () => void;
}

/** GETs a path, again every `refreshMs` if given (live pages), without clearing what is shown meanwhile. */
export function useApi<T>(path: string | null, refreshMs?: number): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    api<T>(path).then(
      (d) => {
        if (!live) return;
        setData(d);
        setError(undefined);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);
  useEffect(() => {
    if (!refreshMs || path === null) return;
    const id = setInterval(reload, refreshMs);
    return () => clearInterval(id);
  }, [path, refreshMs, reload]);
  return { data, error, reload };
}

let regions: Promise<import('./types.ts').Regions> | undefined;

/** The regency's kecamatan and desa (built with the app from the region directory: public data). */
export function loadRegions(): Promise<import('./types.ts').Regions> {
  regions ??= fetch('regions.json').then((r) => r.json());
  return regions;
}

export function useRegions(): import('./types.ts').Regions | undefined {
  const [r, setR] = useState<import('./types.ts').Regions | undefined>(undefined);
  useEffect(() => {
    loadRegions().then(setR);
  }, []);
  return r;
}
