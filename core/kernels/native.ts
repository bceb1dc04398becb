/**
 * The native product kernels through Deno FFI, over the caller's memory with no copies (a
 * Float64Array passed as a "buffer" hands C a pointer to its first element). Each product takes
 * a block of its output (rows [r0, r1), columns [c0, c1)), so callers can share one product
 * between threads exactly as the WebAssembly kernels are shared. Widths 8 (AVX-512F), 4 (AVX2),
 * 2 (baseline vectors) and 1 (scalar) give the same bits; the widest the CPU runs is the default.
 */
import type { NativeLibrary } from "./native_build.ts";

/** Vector widths in float64 lanes, widest first. */
export const NATIVE_WIDTHS = [8, 4, 2, 1] as const;
export type NativeWidth = typeof NATIVE_WIDTHS[number];

const I = "i32" as const;
const B = "buffer" as const;
/** xw and xtg: three or four matrices, then n, k, m, r0, r1, c0, c1. */
const product = (buffers: number) =>
  ({ parameters: [...Array(buffers).fill(B), I, I, I, I, I, I, I], result: "void" }) as const;

function symbols(width: NativeWidth) {
  return {
    [`mlp_xw_w${width}`]: product(4),
    [`mlp_xtg_w${width}`]: product(3),
    [`mlp_gwt_w${width}`]: product(3),
  };
}

type Block = (
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  n: number,
  k: number,
  m: number,
  r0: number,
  r1: number,
  c0: number,
  c1: number,
) => void;

/** The three products at one width, on blocks of their outputs. */
export interface NativeProducts {
  readonly width: NativeWidth;
  /** The widths this CPU runs. */
  readonly widths: readonly NativeWidth[];
  /** out[n×m] = x[n×k]·w[k×m] + b[m], rows [r0,r1) and columns [c0,c1) of out. */
  xw(
    x: Float64Array,
    w: Float64Array,
    b: Float64Array,
    out: Float64Array,
    n: number,
    k: number,
    m: number,
    r0: number,
    r1: number,
    c0: number,
    c1: number,
  ): void;
  /** gw[k×m] = x[n×k]ᵀ·g[n×m], rows [r0,r1) (of k) and columns [c0,c1) of gw. */
  xtg: Block;
  /** gx[n×k] = g[n×m]·wᵀ from wt = wᵀ [m×k] (see transpose), rows [r0,r1), columns [c0,c1). */
  gwt: Block;
  /** wt[m×k] = w[k×m]ᵀ. */
  transpose(w: Float64Array, wt: Float64Array, k: number, m: number): void;
  close(): void;
}

/** Opens the library at `lib.path` at `width` (default: the widest the CPU runs). */
export function openNative(lib: Pick<NativeLibrary, "path">, width?: NativeWidth): NativeProducts {
  const probe = Deno.dlopen(lib.path, { mlp_widths: { parameters: [], result: I } });
  const bits = probe.symbols.mlp_widths() as number;
  probe.close();
  const widths = NATIVE_WIDTHS.filter((w) => (bits & w) !== 0);
  const chosen = width ?? widths[0];
  if (!widths.includes(chosen)) {
    throw new RangeError(`native width ${chosen}: this CPU runs ${widths.join(", ")}`);
  }
  const dl = Deno.dlopen(lib.path, {
    ...symbols(chosen),
    mlp_transpose: { parameters: [B, B, I, I], result: "void" },
  });
  // deno-lint-ignore no-explicit-any
  const s = dl.symbols as Record<string, (...args: any[]) => void>;
  return {
    width: chosen,
    widths,
    xw: s[`mlp_xw_w${chosen}`],
    xtg: s[`mlp_xtg_w${chosen}`],
    gwt: s[`mlp_gwt_w${chosen}`],
    transpose: s.mlp_transpose,
    close: () => dl.close(),
  };
}
