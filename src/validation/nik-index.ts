/**
 * The NIKs seen so far in one file, with the row of their first occurrence, for DUPLICATE_IN_FILE.
 * Open addressing over typed arrays: a NIK is stored as two 8-digit halves (each < 2^27) plus its row,
 * 12 bytes per slot at ≤ 50 % load (~24 MB for 1,000,000 rows), no per-entry objects, and no reference
 * to the parser's strings (which would keep whole input chunks alive).
 */
export class NikIndex {
  private hi: Uint32Array;
  private lo: Uint32Array;
  /** 0 = empty slot (rows are ≥ 1). */
  private rows: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.rows = new Uint32Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.count;
  }

  /**
   * Records `nik` (16 digits) as first seen at `row` unless it was seen before; returns the earlier row
   * in that case, undefined otherwise.
   */
  firstRowOf(nik: string, row: number): number | undefined {
    let hi = 0;
    let lo = 0;
    for (let k = 0; k < 8; k++) hi = hi * 10 + (nik.charCodeAt(k) - 48);
    for (let k = 8; k < 16; k++) lo = lo * 10 + (nik.charCodeAt(k) - 48);
    let i = this.slot(hi, lo);
    for (;;) {
      const r = this.rows[i] as number;
      if (r === 0) break;
      if (this.hi[i] === hi && this.lo[i] === lo) return r;
      i = (i + 1) & this.mask;
    }
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.rows[i] = row;
    this.count += 1;
    if (this.count * 2 > this.mask + 1) this.grow();
    return undefined;
  }

  private slot(hi: number, lo: number): number {
    let h = Math.imul(hi ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(lo ^ 0x7f4a7c15, 0xc2b2ae35);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 13;
    return h & this.mask;
  }

  private grow(): void {
    const { hi, lo, rows } = this;
    const cap = (this.mask + 1) * 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.rows = new Uint32Array(cap);
    this.mask = cap - 1;
    for (let j = 0; j < rows.length; j++) {
      const r = rows[j] as number;
      if (r === 0) continue;
      const h = hi[j] as number;
      const l = lo[j] as number;
      let i = this.slot(h, l);
      while (this.rows[i] !== 0) i = (i + 1) & this.mask;
      this.hi[i] = h;
      this.lo[i] = l;
      this.rows[i] = r;
    }
  }
}
