/**
 * The posting lists of an in-memory index: for each key, the ordinals of the
 * customers under it, kept compact. Most keys (a customer's id, a rare name)
 * belong to one customer, so such a key's value is that ordinal itself; a
 * longer list is an array while customers are added and, once `pack` runs, a
 * span of one shared Int32Array. At a million customers the small arrays and
 * their spare capacity were most of the matcher's memory, and the garbage
 * collector's work grew with them.
 */

/** A key's ordinal (>= 0), its list while it grows, or -(start + 1) of its packed span. */
type Posting = number | number[];

export class PostingLists {
  private readonly lists = new Map<string, Posting>();
  /** Packed spans: at `start`, the list's length, then its ordinals. */
  private packed = new Int32Array(0);
  private unpacked = 0;

  get keyCount(): number {
    return this.lists.size;
  }

  add(key: string, ordinal: number): void {
    const posting = this.lists.get(key);
    if (posting === undefined) this.lists.set(key, ordinal);
    else if (Array.isArray(posting)) posting.push(ordinal);
    else {
      // A packed span that grows again becomes an array; its old span stays unused until the next pack.
      this.lists.set(key, posting >= 0 ? [posting, ordinal] : [...this.span(posting), ordinal]);
      this.unpacked++;
    }
  }

  /** The ordinals under a key, in the order they were added. */
  get(key: string): ArrayLike<number> | undefined {
    const posting = this.lists.get(key);
    if (posting === undefined || Array.isArray(posting)) return posting;
    return posting >= 0 ? [posting] : this.span(posting);
  }

  /** How many customers are under a key (0 when none), without building the list. */
  count(key: string): number {
    const posting = this.lists.get(key);
    if (posting === undefined) return 0;
    if (Array.isArray(posting)) return posting.length;
    return posting >= 0 ? 1 : this.packed[-posting - 1]!;
  }

  /** Every key with its count. */
  *counts(): Generator<[string, number]> {
    for (const key of this.lists.keys()) yield [key, this.count(key)];
  }

  /** Move the lists that are arrays into the shared Int32Array. */
  pack(): void {
    if (this.unpacked === 0) return;
    let extra = 0;
    for (const posting of this.lists.values()) if (Array.isArray(posting)) extra += posting.length + 1;
    const packed = new Int32Array(this.packed.length + extra);
    packed.set(this.packed);
    let at = this.packed.length;
    for (const [key, posting] of this.lists) {
      if (!Array.isArray(posting)) continue;
      packed[at] = posting.length;
      packed.set(posting, at + 1);
      this.lists.set(key, -(at + 1));
      at += posting.length + 1;
    }
    this.packed = packed;
    this.unpacked = 0;
  }

  private span(posting: number): Int32Array {
    const start = -posting - 1;
    return this.packed.subarray(start + 1, start + 1 + this.packed[start]!);
  }
}
