import type { Elementwise } from "./elementwise.ts";

/**
 * The three matrix products of a training step. All matrices are row-major float64.
 *
 * Summation-order contract (every backend marked `exact` must be bit-identical to it):
 * each output element is an accumulator starting at +0, to which the products along the
 * contraction index are added one at a time in increasing index order, each product rounded
 * before the addition (no fused multiply-add); `xw` adds the bias after the whole sum.
 */
export interface Kernels {
  /** Backend name, as results and timings report it. */
  readonly name: string;
  /** true when the backend honours the summation-order contract bit for bit. */
  readonly exact: boolean;
  /** out[n×m] = x[n×k] · w[k×m] + b[m]   (contraction over k) */
  xw(
    x: Float64Array,
    w: Float64Array,
    b: Float64Array,
    out: Float64Array,
    n: number,
    k: number,
    m: number,
  ): void;
  /** gw[k×m] = x[n×k]ᵀ · g[n×m]   (contraction over the batch index n) */
  xtg(x: Float64Array, g: Float64Array, gw: Float64Array, n: number, k: number, m: number): void;
  /** gx[n×k] = g[n×m] · w[k×m]ᵀ   (contraction over m) */
  gwt(g: Float64Array, w: Float64Array, gx: Float64Array, n: number, k: number, m: number): void;
  /**
   * xtg, then the momentum update of w[k×m] and its momentum v with the new gradient (the ops
   * of Elementwise.sgd, element by element), fused where the backend can: for a layer whose w
   * nothing reads in between (the first layer: no input gradient). Same bits as the two calls.
   */
  xtgSgd?(
    x: Float64Array,
    g: Float64Array,
    gw: Float64Array,
    w: Float64Array,
    v: Float64Array,
    n: number,
    k: number,
    m: number,
    lr: number,
    mu: number,
    wd: number,
  ): void;
  /**
   * The step's elementwise work, when the backend runs it itself (else jsElementwise). Arrays
   * passed to it must then be views on the backend's arena, like the products' operands.
   */
  readonly elementwise?: Elementwise;
  /** Frees workers or native resources, if any. */
  dispose?(): void;
}
