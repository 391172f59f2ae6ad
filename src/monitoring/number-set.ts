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

/**
 * Keys as a scanner meets them, appended to one Float64Array: a small direct-mapped table (which
 * stays in the processor's cache) drops a key met again soon after, and when the array fills (past
 * 16 MB) it is sorted and its repeats removed in place, so it holds at most about twice the
 * distinct keys.
 * `sorted()` gives the distinct keys in ascending order, as the summary reads them.
 */
export class KeyList {
  private keys = new Float64Array(1 << 16);
  private length = 0;
  /** Distinct keys at the last compaction: the array grows when compaction frees too little. */
  private readonly recent = new Float64Array(1 << 14).fill(EMPTY);

  add(key: number): void {
    const lo = key >>> 0;
    const slot = Math.imul(lo ^ ((key / 4294967296) | 0), 0x9e3779b1) >>> 18;
    if (this.recent[slot] === key) return;
    this.recent[slot] = key;
    if (this.length === this.keys.length) this.makeRoom();
    this.keys[this.length++] = key;
  }

  private makeRoom(): void {
    // Below 16 MB the array just grows (sorting it each time would cost more than the memory).
    if (this.keys.length >= 1 << 21) this.compact();
    if (this.length * 2 > this.keys.length) {
      const bigger = new Float64Array(this.keys.length * 2);
      bigger.set(this.keys.subarray(0, this.length));
      this.keys = bigger;
    }
  }

  private compact(): void {
    const keys = this.keys.subarray(0, this.length).sort();
    let n = 0;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (n === 0 || keys[n - 1] !== k) keys[n++] = k;
    }
    this.length = n;
  }

  /** The distinct keys, ascending, in an array of their own (transferable to another thread). */
  sorted(): Float64Array {
    this.compact();
    return this.keys.slice(0, this.length);
  }
}
