/**
 * The WebAssembly SIMD backend: matmul.wasm instantiated on the arena's memory
 * (wasm_module.ts), its products (wasm_products.ts) and elementwise ops (wasm_elementwise.ts),
 * bit-identical to the reference kernels and to jsElementwise, optionally sharing each large job
 * with one Worker on the arena's shared memory (wasm_threads.ts), with the same bits.
 */
import type { Arena } from "./arena.ts";
import type { Elementwise } from "./elementwise.ts";
import type { Kernels } from "./kernels.ts";
import {
  createWasmElementwise,
  ELEMENTWISE_SPLIT,
  type ElementwiseSplit,
} from "./wasm_elementwise.ts";
import { chunkRunner } from "./wasm_jobs.ts";
import { WasmArena } from "./wasm_memory.ts";
import { instantiateMatmul, loadMatmulWasm, type MatmulExports } from "./wasm_module.ts";
import {
  createWasmProducts,
  DEFAULT_SPLIT_THRESHOLD,
  NATIVE_SPLIT_THRESHOLD,
} from "./wasm_products.ts";
import {
  CHUNKS_PER_JOB,
  NATIVE_CHUNKS_PER_JOB,
  type NativeChoice,
  WorkSharing,
} from "./wasm_threads.ts";
import { openNative } from "./native.ts";
import { nativeKernelCalls, nativeLayout, transposer } from "./native_calls.ts";

/** Options of createWasmKernels. */
export interface WasmKernelOptions {
  /** 2 needs an arena made with `{ shared: true }`. Default 1. */
  threads?: 1 | 2;
  /**
   * Products with fewer multiply-adds (n·k·m) than this run on one thread even with threads: 2,
   * since handing work to the worker costs microseconds (default DEFAULT_SPLIT_THRESHOLD). Tests
   * lower it to exercise the split.
   */
  splitThreshold?: number;
  /** Element counts from which elementwise passes are split (threads: 2); tests lower them. */
  elementwiseSplit?: ElementwiseSplit;
  /**
   * Run the three products in this native library (native_build.ts) at this width instead of
   * the wasm module's: same bits, same work sharing; the long elementwise passes (sgd, the gather,
   * the sigmoid) are native too, the short ones stay in wasm.
   */
  native?: NativeChoice;
}

/** The wasm kernels: the products, their elementwise ops, and a statistic for tests. */
export interface WasmKernels extends Kernels {
  readonly elementwise: Elementwise;
  /** chunks the worker has computed so far (the rest ran on the calling thread) */
  readonly workerChunks: number;
  /** The module instance and the arena as it sees it, for more kernels on the same memory. */
  readonly instance: { readonly mem: WasmArena; readonly exports: MatmulExports };
}

/**
 * Kernels running matmul.wasm on the arena's memory; all arrays must be views on it.
 *
 * @example
 * ```ts
 * import { Arena } from "./arena.ts";
 * import { createWasmKernels } from "./wasm.ts";
 * const arena = new Arena(64);
 * const kern = await createWasmKernels(arena);
 * const x = arena.alloc(6).fill(1), w = arena.alloc(6).fill(2); // x[2×3], w[3×2]
 * const b = arena.alloc(2), out = arena.alloc(4); // b[2], out[2×2]
 * kern.xw(x, w, b, out, 2, 3, 2);
 * console.log([...out]); // [6, 6, 6, 6]
 * ```
 */
export async function createWasmKernels(
  arena: Arena,
  options: WasmKernelOptions = {},
): Promise<WasmKernels> {
  const threads = options.threads ?? 1;
  if (threads !== 1 && threads !== 2) {
    throw new RangeError(`wasm kernels: threads must be 1 or 2, got ${threads}`);
  }
  const mem = new WasmArena(arena);
  if (threads === 2 && !mem.shared) {
    throw new Error(
      "wasm kernels: threads 2 needs an arena with shared memory (new Arena(n, { shared: true }))",
    );
  }
  const bytes = await loadMatmulWasm(mem.shared);
  const ex = await instantiateMatmul(bytes, mem.memory);
  ex.exp_table_init(mem.expTable);
  const nat = options.native ? openNative(options.native, options.native.width) : undefined;
  const products = nat ? nativeKernelCalls(nat, mem.memory) : ex;
  const runner = chunkRunner(ex, mem.memory, products);
  const jobs = new WorkSharing(runner, mem.memory, nat ? NATIVE_CHUNKS_PER_JOB : CHUNKS_PER_JOB);
  if (threads === 2) await jobs.start(mem, bytes, options.native);
  const variant = nat
    ? { layout: nativeLayout(nat.width), gwtOperand: transposer(nat, arena), rowList: true }
    : undefined;
  const base = nat ? "native" : "wasm";
  return {
    name: threads === 2 ? `${base}-2t` : base,
    exact: true,
    ...createWasmProducts(
      mem,
      ex,
      jobs,
      options.splitThreshold ?? (nat ? NATIVE_SPLIT_THRESHOLD : DEFAULT_SPLIT_THRESHOLD),
      variant,
    ),
    elementwise: createWasmElementwise(
      mem,
      ex,
      jobs,
      options.elementwiseSplit ?? ELEMENTWISE_SPLIT,
    ),
    instance: { mem, exports: ex },
    get workerChunks() {
      return jobs.workerChunks;
    },
    dispose() {
      jobs.dispose();
      nat?.close();
    },
  };
}
