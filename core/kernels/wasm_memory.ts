/**
 * The arena's memory as the wasm kernels see it: pointer checks (every array a kernel touches
 * must be a view on the arena, long enough) and the layout of the spare room above the tensors.
 *
 * Spare room (the arena keeps at least one 64 KiB page above its capacity):
 *
 *   [tensors …][scratch: column mask, plan lists, xw prefix sums …][exp table][control block]
 *   0          scratchByte                                 scratchEnd = expTable  controlByte
 */
import type { Arena } from "./arena.ts";
import { EXP_TABLE_BYTES } from "./exp_gen.ts";

/** Bytes of the two-thread control block at the very end of the memory (wasm_threads.ts). */
export const CONTROL_BYTES = 384;

/** Throws unless `v` is a size the kernels' i32 parameters can hold. */
export function checkSize(what: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > 0x7fffffff) {
    throw new RangeError(`wasm kernels: ${what} must be a non-negative integer, got ${v}`);
  }
}

/** checkSize for a product's three dimensions. */
export function checkSizes(n: number, k: number, m: number): void {
  checkSize("n", n);
  checkSize("k", k);
  checkSize("m", m);
}

/** An arena's WebAssembly.Memory, with byte and i32 views and its spare room's layout. */
export class WasmArena {
  readonly arena: Arena;
  readonly memory: WebAssembly.Memory;
  readonly buffer: ArrayBufferLike;
  /** whether the memory is shared (a worker can run on it) */
  readonly shared: boolean;
  readonly u8: Uint8Array;
  readonly i32: Int32Array;
  /** first byte above every tensor, 16-byte aligned */
  readonly scratchByte: number;
  /** the sigmoid kernel's exp table; the scratch room ends here */
  readonly expTable: number;
  /** the two-thread control block */
  readonly controlByte: number;

  constructor(arena: Arena) {
    this.arena = arena;
    this.memory = arena.memory;
    this.buffer = arena.memory.buffer;
    this.shared = typeof SharedArrayBuffer !== "undefined" &&
      this.buffer instanceof SharedArrayBuffer;
    this.u8 = new Uint8Array(this.buffer);
    this.i32 = new Int32Array(this.buffer);
    this.scratchByte = Math.ceil((arena.capacity * 8) / 16) * 16;
    this.controlByte = this.buffer.byteLength - CONTROL_BYTES;
    this.expTable = this.controlByte - EXP_TABLE_BYTES;
    if (this.expTable < this.scratchByte) {
      throw new Error("wasm kernels: no room for the exp table");
    }
  }

  /** End of the scratch room (exclusive). */
  get scratchEnd(): number {
    return this.expTable;
  }

  /** Byte offset of `a`, after checking it lies on the arena with at least `length` elements. */
  ptr(what: string, a: Float64Array | Uint8Array | Int32Array, length: number): number {
    if (!ArrayBuffer.isView(a) || a.buffer !== this.buffer) {
      throw new TypeError(
        `wasm kernels: ${what} is not a view on the arena's WebAssembly.Memory ` +
          `(allocate it with arena.alloc)`,
      );
    }
    if (a.length < length) {
      throw new RangeError(`wasm kernels: ${what} has ${a.length} elements, expected >= ${length}`);
    }
    return a.byteOffset;
  }
}
