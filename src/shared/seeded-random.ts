/**
 * A repeatable stream of numbers in [0, 1) from a seed (mulberry32: small, fast, good enough for test data and
 * simulated faults): the sample generator's rows and the BPJS simulator's outages (LINDUNG_BPJS_FAILURE_SEED).
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
