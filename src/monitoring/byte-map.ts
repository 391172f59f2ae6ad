// Maps byte strings (a host, a login, an address) straight from the log buffer to a small integer,
// without decoding them to JS strings: the scanner decodes a host only the first time it sees it.
// Bytes are hashed and compared four at a time (a DataView reads unaligned words), ASCII letters
// folded to lower case: "WWW.Facebook.com" and "www.facebook.com" are one key.
export const MISSING = -2;

const FOLD_WORD = 0x20202020;

export class ByteMap {
  private slots: Int32Array;
  private mask: number;
  private hashes: Int32Array = new Int32Array(1024);
  private offsets: Int32Array = new Int32Array(1024);
  private lengths: Int32Array = new Int32Array(1024);
  private values: Int32Array = new Int32Array(1024);
  /** Keys, folded to lower case, with 4 bytes of slack so a word read at a key's end stays inside. */
  private arena: Uint8Array = new Uint8Array(1 << 16);
  private arenaView: DataView = new DataView(this.arena.buffer);
  private arenaUsed = 0;
  size = 0;
  /** A view of the last buffer looked in (the scanner reads one buffer a chunk at a time). */
  private lastBuf: Uint8Array | null = null;
  private view: DataView = this.arenaView;
  /** Hash and slot of the last missed lookup, so `set` after `get` does not hash again. */
  private lastHash = 0;
  private lastSlot = 0;

  constructor() {
    this.slots = new Int32Array(2048).fill(-1);
    this.mask = 2047;
  }

  private viewOf(buf: Uint8Array): DataView {
    if (buf !== this.lastBuf) {
      this.lastBuf = buf;
      this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    return this.view;
  }

  /**
   * A hash of the bytes with every byte's 0x20 bit set (so a letter and its capital hash alike);
   * words of four bytes, then the last one to three bytes.
   */
  hash(buf: Uint8Array, start: number, end: number): number {
    const view = this.viewOf(buf);
    let h = (end - start) | 0;
    let i = start;
    for (; i + 4 <= end; i += 4) {
      h = Math.imul(h ^ (view.getInt32(i, true) | FOLD_WORD), 0x9e3779b1);
      h ^= h >>> 15;
    }
    for (; i < end; i++) {
      h = Math.imul(h ^ (buf[i]! | 0x20), 0x85ebca6b);
      h ^= h >>> 13;
    }
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    return h ^ (h >>> 13);
  }

  get(buf: Uint8Array, start: number, end: number): number {
    const h = this.hash(buf, start, end);
    const len = end - start;
    const slots = this.slots;
    const mask = this.mask;
    let s = h & mask;
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
    const view = this.view;
    const arenaView = this.arenaView;
    const off = this.offsets[e]!;
    let i = 0;
    for (; i + 4 <= len; i += 4) {
      const a = view.getInt32(start + i, true);
      // Most keys are already lower case: a word equal to the stored one needs no folding.
      if (a === arenaView.getInt32(off + i, true)) continue;
      if (!this.foldedEqual(buf, start + i, off + i, 4)) return false;
    }
    return this.foldedEqual(buf, start + i, off + i, len - i);
  }

  private foldedEqual(buf: Uint8Array, at: number, off: number, n: number): boolean {
    const arena = this.arena;
    for (let k = 0; k < n; k++) {
      let b = buf[at + k]!;
      if (b >= 65 && b <= 90) b |= 32;
      if (arena[off + k] !== b) return false;
    }
    return true;
  }

  /** Must follow a `get` of the same bytes that returned MISSING. */
  set(buf: Uint8Array, start: number, end: number, value: number): void {
    const len = end - start;
    const e = this.size;
    if (e >= this.hashes.length) this.growEntries();
    while (this.arenaUsed + len + 4 > this.arena.length) {
      const bigger = new Uint8Array(this.arena.length * 2);
      bigger.set(this.arena);
      this.arena = bigger;
      this.arenaView = new DataView(bigger.buffer);
    }
    const off = this.arenaUsed;
    for (let i = 0; i < len; i++) {
      let b = buf[start + i]!;
      if (b >= 65 && b <= 90) b |= 32;
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
      let s = this.hashes[e]! & mask;
      while (slots[s] !== -1) s = (s + 1) & mask;
      slots[s] = e;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
