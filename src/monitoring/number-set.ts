// A set of non-negative integers below 2^53 in one Float64Array (open addressing), so millions of
// (person, platform, minute) keys cost 16 bytes each rather than a boxed number in a JS Set, and can
// be handed from a worker thread to the main thread without copying.
const EMPTY = -1;

export class NumberSet {
  private table: Float64Array;
  private mask: number;
  size = 0;

  constructor(initialCapacity = 1 << 16) {
    let capacity = 16;
    while (capacity < initialCapacity * 2) capacity <<= 1;
    this.table = new Float64Array(capacity).fill(EMPTY);
    this.mask = capacity - 1;
  }

  private static slot(key: number, mask: number): number {
    const lo = key >>> 0;
    const hi = (key / 4294967296) | 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h & mask;
  }

  /** Adds a key; true when it was not there before. */
  add(key: number): boolean {
    const table = this.table;
    const mask = this.mask;
    let i = NumberSet.slot(key, mask);
    for (;;) {
      const v = table[i]!;
      if (v === EMPTY) break;
      if (v === key) return false;
      i = (i + 1) & mask;
    }
    table[i] = key;
    this.size++;
    if (this.size * 2 > table.length) this.grow();
    return true;
  }

  has(key: number): boolean {
    const table = this.table;
    const mask = this.mask;
    let i = NumberSet.slot(key, mask);
    for (;;) {
      const v = table[i]!;
      if (v === EMPTY) return false;
      if (v === key) return true;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.table;
    const table = new Float64Array(old.length * 2).fill(EMPTY);
    const mask = table.length - 1;
    for (let j = 0; j < old.length; j++) {
      const key = old[j]!;
      if (key === EMPTY) continue;
      let i = NumberSet.slot(key, mask);
      while (table[i] !== EMPTY) i = (i + 1) & mask;
      table[i] = key;
    }
    this.table = table;
    this.mask = mask;
  }

  /** The keys, in no particular order. */
  values(): Float64Array {
    const out = new Float64Array(this.size);
    let n = 0;
    for (const key of this.table) if (key !== EMPTY) out[n++] = key;
    return out;
  }
}
