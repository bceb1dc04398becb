/**
 * Tensor memory for one training run: float64 tensors (and the dataset's bytes and shuffle order)
 * carved out of one WebAssembly.Memory, sized up front, so WebAssembly kernels (and a helper
 * Worker, when the memory is shared) read and write them in place. Growing a memory detaches old views, so the arena never grows.
 */
export class Arena {
  /** The one memory every tensor lives in (never grown: growing detaches views). */
  readonly memory: WebAssembly.Memory;
  /** Float64 elements the tensors may take. */
  readonly capacity: number;
  #used = 0;

  /**
   * An arena for `capacity` float64 elements; `shared` makes its memory shareable with a
   * Worker (the 2-thread wasm kernels need it).
   */
  constructor(capacity: number, options: { shared?: boolean } = {}) {
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new RangeError(`arena capacity must be a non-negative integer, got ${capacity}`);
    }
    // 64 KiB pages; one spare page keeps a kernel's scratch room and avoids a zero-page memory.
    const pages = Math.ceil((capacity * 8) / 65536) + 1;
    this.memory = new WebAssembly.Memory({
      initial: pages,
      maximum: pages,
      shared: options.shared ?? false,
    });
    this.capacity = capacity;
  }

  /** A zeroed float64 tensor of `length` elements, 16-byte aligned (for f64x2 loads). */
  alloc(length: number): Float64Array {
    const start = (this.#used + 1) & ~1;
    if (start + length > this.capacity) {
      throw new RangeError(
        `arena overflow: asked for ${length} float64 at ${start}, capacity ${this.capacity}`,
      );
    }
    this.#used = start + length;
    return new Float64Array(this.memory.buffer, start * 8, length);
  }

  /** A zeroed byte array of `length` bytes (room counted in float64 slots). */
  allocBytes(length: number): Uint8Array {
    const f = this.alloc(Math.ceil(length / 8));
    return new Uint8Array(f.buffer, f.byteOffset, length);
  }

  /** A zeroed int32 array of `length` elements (room counted in float64 slots). */
  allocInt32(length: number): Int32Array {
    const f = this.alloc(Math.ceil(length / 2));
    return new Int32Array(f.buffer, f.byteOffset, length);
  }

  /** Float64 elements taken so far, alignment included. */
  get used(): number {
    return this.#used;
  }
}

/** Elements an arena needs to hold tensors of these lengths, with alignment padding. */
export function arenaSize(lengths: readonly number[]): number {
  return lengths.reduce((s, n) => s + n + 1, 0);
}
