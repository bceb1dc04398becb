/**
 * The noise envelope's perturbation: every initial weight scaled by (1 + k·2⁻⁵²), right after
 * the draw. k = 1 moves each nonzero weight by one or two units in the last place, the size of
 * the rounding differences between NumPy's BLAS and our kernels; k = 0 (or none) changes nothing.
 */

/** The factor 1 + k·2⁻⁵² (exact for the small k the envelope uses). */
export function perturbFactor(k: number): number {
  return 1 + k * 2 ** -52;
}

/** Scales `w` in place by perturbFactor(k); no-op when k is undefined or 0. */
export function perturbWeights(w: Float64Array, k: number | undefined): void {
  if (k === undefined || k === 0) return;
  const s = perturbFactor(k);
  for (let i = 0; i < w.length; i++) w[i] *= s;
}
