/**
 * Typed arrays handed out from slabs that are kept between calls, for callers that compile and
 * search one instance after another (the online insertion, once per booking). Every array from
 * one {@link reset} to the next is a zero-filled view into a slab, so a call allocates no new
 * backing store once the slabs have grown to the day's size: fresh typed arrays are memory
 * outside the JavaScript heap, and hundreds of kilobytes of it per booking made V8 run full
 * collections (6-9 ms pauses) every few hundred bookings, the tail of the online insertion.
 * Arrays handed out must not outlive the next {@link reset}.
 */
export class ScratchArena {
  private f64 = new Float64Array(1 << 14);
  private i32 = new Int32Array(1 << 12);
  private u8 = new Uint8Array(1 << 12);
  private f64Used = 0;
  private i32Used = 0;
  private u8Used = 0;
  private readonly lists: string[][] = [[], []];
  /** Id -> position, kept across resets; an entry counts only while the list still agrees. */
  private readonly maps = [new Map<string, number>(), new Map<string, number>()];

  /** Makes every slab reusable; arrays handed out before become invalid. */
  reset(): void {
    this.f64Used = 0;
    this.i32Used = 0;
    this.u8Used = 0;
  }

  float64(n: number): Float64Array {
    if (this.f64Used + n > this.f64.length) {
      // A grown slab replaces the old one; views handed out earlier keep the old buffer alive.
      this.f64 = new Float64Array(Math.max(2 * this.f64.length, 2 * n));
      this.f64Used = 0;
    }
    const out = this.f64.subarray(this.f64Used, this.f64Used + n);
    this.f64Used += n;
    out.fill(0);
    return out;
  }

  int32(n: number): Int32Array {
    if (this.i32Used + n > this.i32.length) {
      this.i32 = new Int32Array(Math.max(2 * this.i32.length, 2 * n));
      this.i32Used = 0;
    }
    const out = this.i32.subarray(this.i32Used, this.i32Used + n);
    this.i32Used += n;
    out.fill(0);
    return out;
  }

  /** A reused list of `n` strings (slot 0 or 1: two lists at a time). */
  strings(slot: 0 | 1, n: number): string[] {
    const list = this.lists[slot];
    list.length = n;
    return list;
  }

  /**
   * Lookup of a position in `ids` by id. The map behind it survives resets, so a day's ids are
   * hashed once rather than once per booking; an entry left from an earlier call is ignored
   * unless `ids` still holds that id at that position, and the map starts over when stale
   * entries outnumber live ones three to one.
   */
  index(slot: 0 | 1, ids: readonly string[]): (id: string) => number | undefined {
    let map = this.maps[slot];
    if (map.size > 4 * ids.length + 64) {
      map = new Map();
      this.maps[slot] = map;
    }
    for (let i = 0; i < ids.length; i++) if (map.get(ids[i]) !== i) map.set(ids[i], i);
    return (id) => {
      const k = map.get(id);
      return k !== undefined && ids[k] === id ? k : undefined;
    };
  }

  uint8(n: number): Uint8Array {
    if (this.u8Used + n > this.u8.length) {
      this.u8 = new Uint8Array(Math.max(2 * this.u8.length, 2 * n));
      this.u8Used = 0;
    }
    const out = this.u8.subarray(this.u8Used, this.u8Used + n);
    this.u8Used += n;
    out.fill(0);
    return out;
  }
}

/** Allocation without an arena: plain new arrays and maps. */
export const freshArrays: ArraySource = {
  float64: (n) => new Float64Array(n),
  int32: (n) => new Int32Array(n),
  uint8: (n) => new Uint8Array(n),
  strings: (_slot, n) => new Array<string>(n),
  index: (_slot, ids) => {
    const map = new Map<string, number>();
    ids.forEach((id, i) => map.set(id, i));
    return (id) => map.get(id);
  },
};

/** Where a compilation or a search takes its arrays from. */
export type ArraySource = Pick<ScratchArena, 'float64' | 'int32' | 'uint8' | 'strings' | 'index'>;
