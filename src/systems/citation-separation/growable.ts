/** Growable typed arrays for column storage while streaming. @internal @module */

type TypedCtor<T> = { new (n: number): T };

/** A typed array that doubles its capacity as values are pushed. */
export class Growable<T extends Float64Array | Int32Array | Uint32Array | Int16Array | Uint8Array> {
  array: T;
  length = 0;
  constructor(
    private readonly ctor: TypedCtor<T>,
    capacity = 1024,
  ) {
    this.array = new ctor(capacity);
  }
  /** Makes room for `extra` more values. */
  reserve(extra: number): void {
    const need = this.length + extra;
    if (need <= this.array.length) return;
    let cap = this.array.length * 2;
    while (cap < need) cap *= 2;
    const next = new this.ctor(cap);
    (next as unknown as { set(a: T): void }).set(this.array);
    this.array = next;
  }
  push(value: number): void {
    if (this.length === this.array.length) this.reserve(1);
    this.array[this.length++] = value;
  }
  /** The filled part (a view, not a copy). */
  view(): T {
    return this.array.subarray(0, this.length) as T;
  }
}
