// Maps byte strings (a host, a login, an address) straight from the log buffer to a small integer,
// without decoding them to JS strings: the scanner decodes a host only the first time it sees it.
export const MISSING = -2;
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

export class ByteMap {
  private slots: Int32Array;
  private mask: number;
  private hashes: Int32Array = new Int32Array(1024);
  private offsets: Int32Array = new Int32Array(1024);
  private lengths: Int32Array = new Int32Array(1024);
  private values: Int32Array = new Int32Array(1024);
  private arena: Uint8Array = new Uint8Array(1 << 16);
  private arenaUsed = 0;
  size = 0;
  /** Hash and slot of the last missed lookup, so `set` after `get` does not hash again. */
  private lastHash = 0;
  private lastSlot = 0;

  constructor(private readonly foldCase: boolean) {
    this.slots = new Int32Array(2048).fill(-1);
    this.mask = 2047;
  }

  /** FNV-1a of the bytes (folded to lower case if this map folds case). */
  hash(buf: Uint8Array, start: number, end: number): number {
    const fold = this.foldCase;
    let h = FNV_OFFSET;
    for (let i = start; i < end; i++) {
      let b = buf[i]!;
      if (fold && b >= 65 && b <= 90) b |= 32;
      h = Math.imul(h ^ b, FNV_PRIME);
    }
    return h;
  }

  get(buf: Uint8Array, start: number, end: number): number {
    return this.getHashed(buf, start, end, this.hash(buf, start, end));
  }

  /** As `get`, with the hash the caller computed while scanning (it must equal `hash(buf, start, end)`). */
  getHashed(buf: Uint8Array, start: number, end: number, h: number): number {
    const len = end - start;
    const slots = this.slots;
    const mask = this.mask;
    let s = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const e = slots[s]!;
      if (e === -1) break;
      if (this.hashes[e] === h && this.lengths[e] === len && this.equals(e, buf, start, len))
        return this.values[e]!;
      s = (s + 1) & mask;
    }
    this.lastHash = h;
    this.lastSlot = s;
    return MISSING;
  }

  private equals(e: number, buf: Uint8Array, start: number, len: number): boolean {
    const arena = this.arena;
    const off = this.offsets[e]!;
    const fold = this.foldCase;
    for (let i = 0; i < len; i++) {
      let b = buf[start + i]!;
      if (fold && b >= 65 && b <= 90) b |= 32;
      if (arena[off + i] !== b) return false;
    }
    return true;
  }

  /** Must follow a `get` of the same bytes that returned MISSING. */
  set(buf: Uint8Array, start: number, end: number, value: number): void {
    const len = end - start;
    const e = this.size;
    if (e >= this.hashes.length) this.growEntries();
    while (this.arenaUsed + len > this.arena.length) {
      const bigger = new Uint8Array(this.arena.length * 2);
      bigger.set(this.arena);
      this.arena = bigger;
    }
    const off = this.arenaUsed;
    for (let i = 0; i < len; i++) {
      let b = buf[start + i]!;
      if (this.foldCase && b >= 65 && b <= 90) b |= 32;
      this.arena[off + i] = b;
    }
    this.arenaUsed += len;
    this.hashes[e] = this.lastHash;
    this.offsets[e] = off;
    this.lengths[e] = len;
    this.values[e] = value;
    this.slots[this.lastSlot] = e;
    this.size++;
    if (this.size * 2 > this.slots.length) this.rehash();
  }

  private growEntries(): void {
    const grow = (a: Int32Array) => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.hashes = grow(this.hashes);
    this.offsets = grow(this.offsets);
    this.lengths = grow(this.lengths);
    this.values = grow(this.values);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let e = 0; e < this.size; e++) {
      const h = this.hashes[e]!;
      let s = (h ^ (h >>> 15)) & mask;
      while (slots[s] !== -1) s = (s + 1) & mask;
      slots[s] = e;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
