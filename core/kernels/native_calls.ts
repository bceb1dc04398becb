/**
 * The native kernels as the wasm backend's products and long elementwise passes: the chunk
 * runner (wasm_jobs.ts) calls them with byte offsets of the arena, turned into addresses here
 * (memory base + offset), so both threads run the same native code on the same shared memory.
 * What differs from the wasm products is the register-tile geometry the chunks are cut along,
 * and gwt's operand: wᵀ, written into an arena block by the main thread before the job (lanes of
 * gwt are columns of gx).
 */
import { sigmoid } from "../activations.ts";
import type { Arena } from "./arena.ts";
import { EXP_CONSTANTS } from "./exp_gen.ts";
import { addressOf, type NativeKernels } from "./native.ts";
import type { KernelCalls } from "./wasm_jobs.ts";
import type { TileLayout } from "./wasm_products.ts";

const { lnHi, lnLo, invL, shift, errScale } = EXP_CONSTANTS;

/**
 * Indices of marked sigmoid elements a call can list (~2% of a batch's 12,800 are marked); past
 * that the chunk runner searches for the marks itself.
 */
const MARKS = 4096;

/** The native tiles at `width` lanes: 2 vectors of columns, 6 rows (8 lanes) or 4. */
export function nativeLayout(width: number): TileLayout {
  const tile = { rows: width >= 8 ? 6 : 4, cols: 2 * width };
  return { xw: tile, xtg: tile, gwt: tile };
}

/** KernelCalls running `nat` on `memory` (byte offsets → addresses). */
export function nativeKernelCalls(nat: NativeKernels, memory: WebAssembly.Memory): KernelCalls {
  const base = addressOf(memory.buffer);
  const marks = new Int32Array(MARKS), marksAt = addressOf(marks.buffer);
  const f64 = new Float64Array(memory.buffer);
  return {
    xw: (x, w, b, out, n, k, m, r0, r1, c0, c1, k0, pre) =>
      nat.xw(base + x, base + w, base + b, base + out, n, k, m, r0, r1, c0, c1, k0, base + pre),
    xtg: (x, g, gw, n, k, m, r0, r1, c0, c1) =>
      nat.xtg(base + x, base + g, base + gw, n, k, m, r0, r1, c0, c1),
    gwt: (g, wt, gx, n, k, m, r0, r1, c0, c1) =>
      nat.gwt(base + g, base + wt, base + gx, n, k, m, r0, r1, c0, c1),
    xtg_rows: (x, g, gw, n, k, m, list, q0, q1) =>
      nat.xtgRows(base + x, base + g, base + gw, n, k, m, base + list, q0, q1),
    xtg_rows_sgd: (x, g, gw, n, k, m, list, q0, q1, w, v, lr, mu, wd) =>
      nat.xtgRowsSgd(
        base + x,
        base + g,
        base + gw,
        n,
        k,
        m,
        base + list,
        q0,
        q1,
        base + w,
        base + v,
        lr,
        mu,
        wd,
      ),
    sgd_rows: (p, g, v, m, pairs, q0, q1, lr, mu, wd) =>
      nat.sgdRows(base + p, base + g, base + v, m, base + pairs, q0, q1, lr, mu, wd),
    sgd: (p, g, v, lo, hi, lr, mu, wd) => nat.sgd(base + p, base + g, base + v, lo, hi, lr, mu, wd),
    gather: (img, idx, useIdx, from, n, dim, table, x) =>
      nat.gather(base + img, base + idx, useIdx, from, n, dim, base + table, base + x),
    sigmoid_fwd: (z, a, lo, hi, tab) => {
      const marked = nat.sigmoidForward(
        base + z,
        base + a,
        lo,
        hi,
        base + tab,
        lnHi,
        lnLo,
        invL,
        shift,
        errScale,
        marksAt,
        MARKS,
      );
      // the marked elements by the engine's formula, from the list (this thread's own)
      if (marked === 0 || marked > MARKS) return marked;
      const z8 = z >> 3, a8 = a >> 3;
      for (let q = 0; q < marked; q++) f64[a8 + marks[q]] = sigmoid(f64[z8 + marks[q]]);
      return 0;
    },
  };
}

/**
 * gwt's operand for the native kernels: wᵀ[m×k] in an arena block (one per size, claimed on first
 * use, as the OpenBLAS packing claims its own), written on the calling thread; returns its byte
 * offset.
 */
export function transposer(
  nat: NativeKernels,
  arena: Arena,
): (pw: number, k: number, m: number) => number {
  const blocks = new Map<number, number>();
  const base = addressOf(arena.memory.buffer);
  return (pw, k, m) => {
    let at = blocks.get(k * m);
    if (at === undefined) {
      at = arena.alloc(k * m).byteOffset;
      blocks.set(k * m, at);
    }
    nat.transpose(base + pw, base + at, k, m);
    return at;
  };
}
