/**
 * A job: one call of the wasm module that may be cut into chunks (a block of a product's output,
 * a range of elements or batch rows), each run by whichever thread claims it. Both threads read
 * a job's arguments through the same named slots (ARG, F64_ARG) and run chunks with the same
 * chunk runner, so a chunk computes the same bits on either thread.
 */
import { type Activation, ACTIVATIONS, type Profile, PROFILES } from "../config.ts";
import { sigmoid } from "../activations.ts";
import type { MatmulExports } from "./wasm_module.ts";

/** Job codes: the three products, then the passes that may be split. */
export const OP = {
  xw: 0,
  xtg: 1,
  gwt: 2,
  sgd: 3,
  actForward: 4,
  actBackward: 5,
  xtgRanges: 6,
  gather: 7,
  xtgRows: 8,
  xtgRowsSgd: 9,
  sgdRows: 10,
} as const;

/**
 * The i32 argument slots of a job. Pointers (byte offsets on the arena) go in p0…p3, in the
 * order of the op's export:
 *
 *   xw           x, w, b, out;  n, k, m;  k0, pre (its constant-prefix columns and their sums)
 *   xtg, gwt     x, g, gw | g, w, gx;  n, k, m
 *   xtgRanges    x, g, gw, ranges (i32 pairs [r0, r1) of xtg's output rows);  n, k, m
 *   xtgRows      x, g, gw, rows (an i32 list of xtg's output rows);  n, k, m  (native only)
 *   xtgRowsSgd   the same, then each row's update: p4 w, p5 v (and F64_ARG)  (native only)
 *   sgdRows      p, g, v, pairs (i32 [row, twin] pairs: each row's g copied from its twin,
 *                then updated);  m (native only)
 *   sgd          p, g, v  (and F64_ARG lr, mu, wd)
 *   actForward   z, a, exp table;  activation
 *   actBackward  z, a, g;  activation, profile
 *   gather       images, idx, table, x;  useIdx, dim, from
 *
 * [r0, r1) × [c0, c1) is the whole job's output block (rows, or elements, or batch rows, for
 * the elementwise jobs); a chunk narrows the dimension it is cut along.
 */
export const ARG = {
  p0: 0,
  p1: 1,
  p2: 2,
  p3: 3,
  n: 4,
  k: 5,
  m: 6,
  r0: 7,
  r1: 8,
  c0: 9,
  c1: 10,
  k0: 11,
  pre: 12,
  activation: 13,
  profile: 14,
  useIdx: 15,
  dim: 16,
  from: 17,
  p4: 18,
  p5: 19,
} as const;
/** i32 argument slots per job */
export const ARG_SLOTS = 20;

/** The float64 argument slots (sgd's). */
export const F64_ARG = { lr: 0, mu: 1, wd: 2 } as const;
/** f64 argument slots per job */
export const F64_SLOTS = 3;

/** A job's arguments as the main thread writes them, slot by slot, allocating nothing. */
export class JobArgs {
  /** the ARG slots */
  readonly i32: Int32Array = new Int32Array(ARG_SLOTS);
  /** the F64_ARG slots */
  readonly f64: Float64Array = new Float64Array(F64_SLOTS);

  /** Starts a job: clears every slot and sets the pointers, in the order of the op's export. */
  pointers(p0: number, p1: number, p2: number, p3 = 0): this {
    const a = this.i32;
    a.fill(0);
    a[ARG.p0] = p0;
    a[ARG.p1] = p1;
    a[ARG.p2] = p2;
    a[ARG.p3] = p3;
    return this;
  }

  /** A product's shape, and its whole output block: rows [0, rows), columns [0, cols). */
  product(n: number, k: number, m: number, rows: number, cols: number): this {
    const a = this.i32;
    a[ARG.n] = n;
    a[ARG.k] = k;
    a[ARG.m] = m;
    a[ARG.r1] = rows;
    a[ARG.c1] = cols;
    return this;
  }

  /** xw's constant prefix: its first k0 columns' running sums start at `pre` (0: none). */
  prefix(k0: number, pre: number): this {
    this.i32[ARG.k0] = k0;
    this.i32[ARG.pre] = pre;
    return this;
  }

  /** Which activation (and profile, for the backward pass). */
  activation(kind: Activation, profile: Profile = "author"): this {
    this.i32[ARG.activation] = ACTIVATIONS.indexOf(kind);
    this.i32[ARG.profile] = PROFILES.indexOf(profile);
    return this;
  }

  /** The gather's rows: idx[from…] (or from… directly unless useIdx), dim pixels each. */
  gather(useIdx: boolean, dim: number, from: number): this {
    this.i32[ARG.useIdx] = useIdx ? 1 : 0;
    this.i32[ARG.dim] = dim;
    this.i32[ARG.from] = from;
    return this;
  }

  /** The weights and momentum a fused update writes. */
  weights(w: number, v: number): this {
    this.i32[ARG.p4] = w;
    this.i32[ARG.p5] = v;
    return this;
  }

  /** sgd's learning rate, momentum and weight decay. */
  sgd(lr: number, mu: number, wd: number): this {
    this.f64[F64_ARG.lr] = lr;
    this.f64[F64_ARG.mu] = mu;
    this.f64[F64_ARG.wd] = wd;
    return this;
  }
}

/** Runs chunk [lo, hi) of job `op` (along columns when byCols, else rows or elements). */
export type ChunkRunner = (
  op: number,
  a: Int32Array,
  f: Float64Array,
  byCols: boolean,
  lo: number,
  hi: number,
) => void;

/**
 * The calls a chunk runner makes for the three products and the long elementwise passes (sgd,
 * the gather, the sigmoid's exp), on byte offsets of the arena: the wasm module's own, or the
 * native kernels' through native_calls.ts. gwt's w operand is in the layout its products module
 * prepared: w[k×m] for wasm, wᵀ[m×k] for native.
 */
export type KernelCalls =
  & Pick<MatmulExports, "xw" | "xtg" | "gwt" | "sgd" | "gather" | "sigmoid_fwd">
  & {
    /** gw[k×m] = xᵀ·g for the output rows list[q0:q1) (i32 list at byte offset `list`) */
    xtg_rows?(...args: RowListArgs): void;
    /** xtg_rows, each new gradient then updating w and v (byte offsets) as sgd would */
    xtg_rows_sgd?(...args: [...RowListArgs, w: number, v: number, ...SgdArgs]): void;
    /** for q0 ≤ d < q1: row pairs[2d] of g [·×m] copied from row pairs[2d+1], then sgd over
     * that row of p, g, v */
    sgd_rows?(
      ...args: [
        p: number,
        g: number,
        v: number,
        m: number,
        pairs: number,
        q0: number,
        q1: number,
        ...SgdArgs,
      ]
    ): void;
  };

/** xtg over a list of its output rows: operands, shape, the list and which of its entries. */
export type RowListArgs = [
  x: number,
  g: number,
  gw: number,
  n: number,
  k: number,
  m: number,
  list: number,
  q0: number,
  q1: number,
];
/** The update's learning rate, momentum and weight decay. */
type SgdArgs = [lr: number, mu: number, wd: number];

/**
 * The chunk runner of one thread: its own instance's exports (the products and long passes from
 * `products`), and for the sigmoid's JS fallback float64 views of the shared memory (made once per tensor, so
 * a step allocates nothing).
 */
export function chunkRunner(
  ex: MatmulExports,
  memory: WebAssembly.Memory,
  products: KernelCalls = ex,
): ChunkRunner {
  const i32 = new Int32Array(memory.buffer);
  const views = new Map<number, Float64Array>();
  const view = (ptr: number, length: number): Float64Array => {
    let v = views.get(ptr);
    if (v === undefined || v.length < length) {
      v = new Float64Array(memory.buffer, ptr, length);
      views.set(ptr, v);
    }
    return v;
  };
  return (op, a, f, byCols, lo, hi) => {
    const r0 = byCols ? a[ARG.r0] : lo, r1 = byCols ? a[ARG.r1] : hi;
    const c0 = byCols ? lo : a[ARG.c0], c1 = byCols ? hi : a[ARG.c1];
    const p0 = a[ARG.p0], p1 = a[ARG.p1], p2 = a[ARG.p2], p3 = a[ARG.p3];
    const p4 = a[ARG.p4], p5 = a[ARG.p5];
    const lr = f[F64_ARG.lr], mu = f[F64_ARG.mu], wd = f[F64_ARG.wd];
    const n = a[ARG.n], k = a[ARG.k], m = a[ARG.m];
    switch (op) {
      case OP.xw:
        return products.xw(p0, p1, p2, p3, n, k, m, r0, r1, c0, c1, a[ARG.k0], a[ARG.pre]);
      case OP.xtg:
        return products.xtg(p0, p1, p2, n, k, m, r0, r1, c0, c1);
      case OP.gwt:
        return products.gwt(p0, p1, p2, n, k, m, r0, r1, c0, c1);
      case OP.xtgRanges:
        // entries [lo, hi) of the pair list at p3, each a block of output rows of xtg
        for (let q = (p3 >> 2) + 2 * lo, end = (p3 >> 2) + 2 * hi; q < end; q += 2) {
          products.xtg(p0, p1, p2, n, k, m, i32[q], i32[q + 1], 0, m);
        }
        return;
      case OP.xtgRows:
        // entries [lo, hi) of the row list at p3
        return products.xtg_rows!(p0, p1, p2, n, k, m, p3, lo, hi);
      case OP.xtgRowsSgd:
        // the same, each new gradient row updating its w (p4) and v (p5) rows
        return products.xtg_rows_sgd!(p0, p1, p2, n, k, m, p3, lo, hi, p4, p5, lr, mu, wd);
      case OP.sgdRows:
        // entries [lo, hi) of the pair list at p3
        return products.sgd_rows!(p0, p1, p2, m, p3, lo, hi, lr, mu, wd);
      case OP.sgd:
        return products.sgd(p0, p1, p2, lo, hi, lr, mu, wd);
      case OP.gather: {
        // batch rows [lo, hi): output from x + lo·dim, rows from + lo …
        const dim = a[ARG.dim];
        return products.gather(
          p0,
          p1,
          a[ARG.useIdx],
          a[ARG.from] + lo,
          hi - lo,
          dim,
          p2,
          p3 + lo * dim * 8,
        );
      }
      case OP.actForward:
        return forward(ex, products, ACTIVATIONS[a[ARG.activation]], p0, p1, p2, lo, hi, view);
      case OP.actBackward:
        return backward(
          ex,
          ACTIVATIONS[a[ARG.activation]],
          PROFILES[a[ARG.profile]],
          p0,
          p1,
          p2,
          lo,
          hi,
        );
    }
  };
}

/** a[lo:hi] = act(z) for the activations with a wasm kernel worth splitting (gelu, sigmoid). */
function forward(
  ex: MatmulExports,
  calls: KernelCalls,
  kind: Activation,
  pz: number,
  pa: number,
  tab: number,
  lo: number,
  hi: number,
  view: (ptr: number, length: number) => Float64Array,
): void {
  if (kind === "gelu") return ex.gelu_fwd(pz, pa, lo, hi);
  if (kind !== "sigmoid") throw new RangeError(`activation job: no kernel for ${kind}`);
  // the kernel's exp is correctly rounded like Math.exp; the few elements it marks −1
  // (exp_gen.ts) are computed by the engine's own formula (activations.ts)
  if (calls.sigmoid_fwd(pz, pa, lo, hi, tab) === 0) return;
  const z = view(pz, hi), a = view(pa, hi);
  for (let i = lo; i < hi; i++) if (a[i] < 0) a[i] = sigmoid(z[i]);
}

/** g[lo:hi] ← g ⊙ act'(z) for gelu, the one backward pass worth splitting. */
function backward(
  ex: MatmulExports,
  kind: Activation,
  profile: Profile,
  pz: number,
  pa: number,
  pg: number,
  lo: number,
  hi: number,
): void {
  if (kind !== "gelu") throw new RangeError(`activation job: no backward kernel for ${kind}`);
  if (profile === "author") ex.gelu_bwd_author(pz, pa, pg, lo, hi);
  else ex.gelu_bwd_textbook(pz, pg, lo, hi);
}
