/**
 * The elementwise work of a training step (everything but the three matrix products): batch
 * gather, activation forward/backward, bias gradient and the momentum/weight-decay update.
 * `jsElementwise` defines the numbers; a backend may run them elsewhere (WebAssembly, a second
 * thread) only with the same IEEE operations per element, in the same order, so results stay
 * bit-identical (tests compare every op against this file).
 */
import type { Activation, Profile } from "../config.ts";
import { activationBackward, activationForward } from "../activations.ts";

/** Elementwise.gatherRows's signature. */
export type GatherRows = (
  images: Uint8Array,
  idx: Int32Array | null,
  from: number,
  n: number,
  dim: number,
  table: Float64Array,
  x: Float64Array,
) => void;

/** The elementwise ops of a step, on float64 arrays (a backend's own or jsElementwise). */
export interface Elementwise {
  /** v = μ·v + (g + λ·p);  p = p − η·v   over every element of p, g, v (equal lengths) */
  sgd(p: Float64Array, g: Float64Array, v: Float64Array, lr: number, mu: number, wd: number): void;
  /** gb[m] = Σ_rows g[n×m], rows in increasing order from +0; then gb / n when `mean` */
  biasGrad(g: Float64Array, gb: Float64Array, n: number, m: number, mean: boolean): void;
  /** a[0:len] = act(z[0:len]) */
  activationForward(kind: Activation, z: Float64Array, a: Float64Array, len: number): void;
  /** g[0:len] ← g ⊙ act'(z) */
  activationBackward(
    kind: Activation,
    profile: Profile,
    z: Float64Array,
    a: Float64Array,
    g: Float64Array,
    len: number,
  ): void;
  /**
   * x[r×dim + p] = table[images[row×dim + p]] for r < n, row = idx[from + r] (or from + r when
   * idx is null): a batch of pixel bytes turned into float64 through a 256-entry table.
   */
  gatherRows: GatherRows;
  /**
   * gatherRows, started where a second thread can do it while this one goes on (the next
   * batch, while the small layers train): `x` must not be read, nor the inputs changed, until
   * join(). Without it (or without a second thread), callers use gatherRows.
   */
  gatherRowsInBackground?: GatherRows;
  /** Waits for the work gatherRowsInBackground started. */
  join?(): void;
}

/** v = μ·v + (g + λ·p);  p = p − η·v */
export function sgdStep(
  p: Float64Array,
  g: Float64Array,
  v: Float64Array,
  lr: number,
  mu: number,
  wd: number,
): void {
  for (let i = 0; i < p.length; i++) {
    const vi = mu * v[i] + (g[i] + wd * p[i]);
    v[i] = vi;
    p[i] = p[i] - lr * vi;
  }
}

/** The reference implementation, plain loops (any arrays, no arena needed). */
export const jsElementwise: Elementwise = {
  sgd: sgdStep,
  biasGrad(g, gb, n, m, mean) {
    // gb[m] = Σ_i g[i, ·]   (quirk 1, author profile: the mean)
    gb.fill(0, 0, m);
    for (let i = 0; i < n; i++) {
      const o = i * m;
      for (let j = 0; j < m; j++) gb[j] += g[o + j];
    }
    if (mean) { for (let j = 0; j < m; j++) gb[j] /= n; }
  },
  activationForward,
  activationBackward,
  gatherRows(images, idx, from, n, dim, table, x) {
    for (let r = 0; r < n; r++) {
      const src = (idx ? idx[from + r] : from + r) * dim, dst = r * dim;
      for (let p = 0; p < dim; p++) x[dst + p] = table[images[src + p]];
    }
  },
};
