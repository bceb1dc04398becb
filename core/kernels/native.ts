/**
 * The native product kernels through Deno FFI, over the caller's memory with no copies: they
 * take addresses (a buffer's addressOf + a byte offset), as the wasm kernels take byte offsets
 * of their memory. Each product takes
 * a block of its output (rows [r0, r1), columns [c0, c1)), so callers can share one product
 * between threads exactly as the WebAssembly kernels are shared. Widths 8 (AVX-512F), 4 (AVX2),
 * 2 (baseline vectors) and 1 (scalar) give the same bits; the widest the CPU runs is the default.
 */
import type { NativeLibrary } from "./native_build.ts";
import type { MatmulExports } from "./wasm_module.ts";
import type { KernelCalls } from "./wasm_jobs.ts";

/** Vector widths in float64 lanes, widest first. */
export const NATIVE_WIDTHS = [8, 4, 2, 1] as const;
export type NativeWidth = typeof NATIVE_WIDTHS[number];

const I = "i32" as const;
/** Addresses travel as integers ("usize" is ABI-identical to a pointer), so a call allocates no
 * pointer object: the chunk runner passes arena base + byte offset. */
const A = "usize" as const;
const product = (pointers: number, extra: readonly ("i32" | "usize")[] = []) =>
  ({
    parameters: [...Array(pointers).fill(A), I, I, I, I, I, I, I, ...extra],
    result: "void",
  }) as const;

const F = "f64" as const;

function symbols(width: NativeWidth) {
  return {
    [`mlp_xw_w${width}`]: product(4, [I, A]),
    [`mlp_xtg_w${width}`]: product(3),
    [`mlp_gwt_w${width}`]: product(3),
    // x, g, gw, n, k, m, list, q0, q1 (then p, v, lr, mu, wd when fused with the update)
    [`mlp_xtg_rows_w${width}`]: { parameters: [A, A, A, I, I, I, A, I, I], result: "void" },
    [`mlp_xtg_rows_sgd_w${width}`]: {
      parameters: [A, A, A, I, I, I, A, I, I, A, A, F, F, F],
      result: "void",
    },
    // p, g, v, m, pairs, q0, q1, lr, mu, wd
    [`mlp_sgd_rows_w${width}`]: { parameters: [A, A, A, I, A, I, I, F, F, F], result: "void" },
    // p, g, v, lo, hi, lr, mu, wd
    [`mlp_sgd_w${width}`]: { parameters: [A, A, A, I, I, F, F, F], result: "void" },
    // z, a, lo, hi, tab, EXP_CONSTANTS in its key order, marks, cap → elements marked −1
    [`mlp_sigmoid_fwd_w${width}`]: {
      parameters: [A, A, I, I, A, F, F, F, F, F, A, I],
      result: I,
    },
    // img, idx, use_idx, from, n, dim, table, x
    [`mlp_gather_w${width}`]: { parameters: [A, A, I, I, I, I, A, A], result: "void" },
  } as const;
}

/**
 * The three products at one width, on blocks of their outputs, and the long elementwise passes
 * (momentum update, batch gather, sigmoid), with the wasm module's signatures (MatmulExports)
 * but addresses (addressOf + byte offset) where it takes byte offsets. The sigmoid also takes
 * the exp's constants (exp_gen.ts EXP_CONSTANTS, in key order).
 */
export interface NativeKernels
  extends Pick<MatmulExports, "xw" | "xtg" | "gwt" | "sgd" | "gather"> {
  /** The row-list products and the rows' update, as KernelCalls has them, on addresses. */
  xtgRows: NonNullable<KernelCalls["xtg_rows"]>;
  xtgRowsSgd: NonNullable<KernelCalls["xtg_rows_sgd"]>;
  sgdRows: NonNullable<KernelCalls["sgd_rows"]>;
  /**
   * a[lo:hi] = 1 / (1 + exp(−z)) (addresses; tab: the exp table) except the returned number of
   * elements it marks −1, whose indices (the first `cap`) it writes to the i32 list at `marks`.
   */
  sigmoidForward(
    z: number,
    a: number,
    lo: number,
    hi: number,
    tab: number,
    lnHi: number,
    lnLo: number,
    invL: number,
    shift: number,
    errScale: number,
    marks: number,
    cap: number,
  ): number;
  readonly width: NativeWidth;
  /** The widths this CPU runs. */
  readonly widths: readonly NativeWidth[];
  /** wt[m×k] = w[k×m]ᵀ (addresses): gwt's operand, so its lanes (columns of gx) are contiguous. */
  transpose(w: number, wt: number, k: number, m: number): void;
  close(): void;
}

/**
 * The address of a buffer's byte 0 (an ArrayBuffer or SharedArrayBuffer, such as an arena's
 * memory): add a view's byteOffset to reach its first element.
 */
export function addressOf(buffer: ArrayBufferLike): number {
  const p = Deno.UnsafePointer.of(buffer as ArrayBuffer);
  return Number(Deno.UnsafePointer.value(p));
}

/** The widths the library at `path` runs on this CPU, widest first. */
export function nativeWidths(path: string): NativeWidth[] {
  const probe = Deno.dlopen(path, { mlp_widths: { parameters: [], result: I } });
  const bits = probe.symbols.mlp_widths() as number;
  probe.close();
  return NATIVE_WIDTHS.filter((w) => (bits & w) !== 0);
}

/** Opens the library at `lib.path` at `width` (default: the widest the CPU runs). */
export function openNative(lib: Pick<NativeLibrary, "path">, width?: NativeWidth): NativeKernels {
  const widths = nativeWidths(lib.path);
  const chosen = width ?? widths[0];
  if (!widths.includes(chosen)) {
    throw new RangeError(`native width ${chosen}: this CPU runs ${widths.join(", ")}`);
  }
  const dl = Deno.dlopen(lib.path, {
    ...symbols(chosen),
    mlp_transpose: { parameters: [A, A, I, I], result: "void" },
  });
  // deno-lint-ignore no-explicit-any
  const s = dl.symbols as Record<string, (...args: any[]) => void>;
  return {
    width: chosen,
    widths,
    xw: s[`mlp_xw_w${chosen}`],
    xtg: s[`mlp_xtg_w${chosen}`],
    gwt: s[`mlp_gwt_w${chosen}`],
    xtgRows: s[`mlp_xtg_rows_w${chosen}`],
    xtgRowsSgd: s[`mlp_xtg_rows_sgd_w${chosen}`],
    sgdRows: s[`mlp_sgd_rows_w${chosen}`],
    sgd: s[`mlp_sgd_w${chosen}`],
    sigmoidForward: s[`mlp_sigmoid_fwd_w${chosen}`] as unknown as NativeKernels["sigmoidForward"],
    gather: s[`mlp_gather_w${chosen}`],
    transpose: s.mlp_transpose,
    close: () => dl.close(),
  };
}
