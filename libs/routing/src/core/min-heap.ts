/**
 * Binary min-heap of node ids keyed by float priorities, on growable typed arrays. Same design
 * as flatqueue; written here because flatqueue is ESM-only and jest's CommonJS runtime on Node 20
 * cannot load it. Decrease-key is done lazily: push again and skip stale pops.
 */
export class MinHeap {
  private ids = new Uint32Array(1024);
  private keys = new Float64Array(1024);
  length = 0;

  clear(): void {
    this.length = 0;
  }

  push(id: number, key: number): void {
    if (this.length === this.ids.length) {
      const ids = new Uint32Array(this.length * 2);
      const keys = new Float64Array(this.length * 2);
      ids.set(this.ids);
      keys.set(this.keys);
      this.ids = ids;
      this.keys = keys;
    }
    let pos = this.length++;
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const parentKey = this.keys[parent];
      if (key >= parentKey) break;
      this.ids[pos] = this.ids[parent];
      this.keys[pos] = parentKey;
      pos = parent;
    }
    this.ids[pos] = id;
    this.keys[pos] = key;
  }

  peekKey(): number {
    return this.keys[0];
  }

  /** Removes and returns the id with the smallest key; call only when `length > 0`. */
  pop(): number {
    const top = this.ids[0];
    const last = --this.length;
    if (last > 0) {
      const id = this.ids[last];
      const key = this.keys[last];
      let pos = 0;
      const half = last >> 1;
      while (pos < half) {
        let child = 2 * pos + 1;
        if (child + 1 < last && this.keys[child + 1] < this.keys[child]) child++;
        if (this.keys[child] >= key) break;
        this.ids[pos] = this.ids[child];
        this.keys[pos] = this.keys[child];
        pos = child;
      }
      this.ids[pos] = id;
      this.keys[pos] = key;
    }
    return top;
  }
}
