/**
 * The NIKs seen so far in one file, with the row of their first occurrence, for DUPLICATE_IN_FILE.
 * No per-entry objects and no reference to the parser's strings (which would keep whole input chunks
 * alive): a NIK is kept as two 8-digit halves (each < 2^27) with its row, 12 bytes, in `entries`, in the
 * order first seen; the hash table `slots` (open addressing, ≤ 50 % load) holds 4 bytes per slot: the
 * entry's number and a fingerprint of the NIK's hash, so a probe reads an entry only when the fingerprint
 * matches (a duplicate, or about one new NIK in a thousand).
 *
 * A million random probes are cache and TLB misses that stall the row loop; a 4-byte table (8 MB for a
 * million NIKs, where 12-byte slots made 24 MB) misses less, and the row validator works out the slots of
 * a batch of rows first and {@link NikIndex.prefetch}es them in one tight loop, where the misses overlap.
 */
export class NikIndex {
  /** Slot: (fingerprint << entryBits) | (entry number + 1); 0 = empty. */
  private slots: Uint32Array;
  /** Entry n is [hi, lo, row] at 3n, in the order first seen. */
  private entries: Uint32Array;
  private mask: number;
  /** Bits of a slot for the entry number (log2 of the capacity: entries never exceed half of it). */
  private entryBits: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.slots = new Uint32Array(cap);
    this.entries = new Uint32Array((cap / 2) * 3);
    this.mask = cap - 1;
    this.entryBits = Math.log2(cap);
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
    return this.firstRowOfHalves(hi, lo, row);
  }

  /**
   * {@link firstRowOf} for a NIK already read as its two 8-digit halves: `hi` = digits 1–8, `lo` = digits
   * 9–16 (the row validator reads them while checking the digits).
   */
  firstRowOfHalves(hi: number, lo: number, row: number): number | undefined {
    return this.firstRowAt(this.slotOf(hi, lo), hi, lo, row);
  }

  /** Slots change when the table grows: a slot from {@link slotOf} is good while this stays the same. */
  get capacity(): number {
    return this.mask + 1;
  }

  /** Where the probe for a NIK starts (its home slot at the current {@link capacity}). */
  slotOf(hi: number, lo: number): number {
    return hashOf(hi, lo) & this.mask;
  }

  /**
   * Reads the first `count` home slots (from {@link slotOf}) so they are in the CPU cache when probed: the
   * loads do not depend on each other, so their misses are waited for together. Returns a value derived
   * from what was read, only so the loads cannot be left out.
   */
  prefetch(homes: Int32Array, count: number): number {
    const slots = this.slots;
    let seen = 0;
    for (let k = 0; k < count; k++) seen |= slots[homes[k] as number] as number;
    return seen;
  }

  /** {@link firstRowOfHalves} with the home slot worked out already (at the current capacity). */
  firstRowAt(home: number, hi: number, lo: number, row: number): number | undefined {
    const { slots, entries, mask, entryBits } = this;
    const fingerprint = hashOf(hi, lo) >>> entryBits;
    let i = home;
    for (;;) {
      const slot = slots[i] as number;
      if (slot === 0) break;
      if (slot >>> entryBits === fingerprint) {
        const at = ((slot & mask) - 1) * 3;
        if (entries[at] === hi && entries[at + 1] === lo) return entries[at + 2] as number;
      }
      i = (i + 1) & mask;
    }
    const at = this.count * 3;
    entries[at] = hi;
    entries[at + 1] = lo;
    entries[at + 2] = row;
    this.count += 1;
    slots[i] = (fingerprint << entryBits) | this.count;
    if (this.count * 2 >= mask + 1) this.grow(mask + 1 < 1 << 20 ? 4 : 2);
    return undefined;
  }

  private grow(factor: number): void {
    const cap = (this.mask + 1) * factor;
    const entries = new Uint32Array((cap / 2) * 3);
    entries.set(this.entries);
    const slots = new Uint32Array(cap);
    this.entries = entries;
    this.slots = slots;
    this.mask = cap - 1;
    this.entryBits = Math.log2(cap);
    for (let n = 0; n < this.count; n++) {
      const h = hashOf(entries[n * 3] as number, entries[n * 3 + 1] as number);
      let i = h & this.mask;
      while (slots[i] !== 0) i = (i + 1) & this.mask;
      slots[i] = ((h >>> this.entryBits) << this.entryBits) | (n + 1);
    }
  }
}

/** A 32-bit hash of a NIK's halves: its low bits pick the slot, its high bits are the fingerprint. */
function hashOf(hi: number, lo: number): number {
  let h = Math.imul(hi ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(lo ^ 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 13;
  return h >>> 0;
}
