// @ts-check
/** Curve smoothing for the page's line charts. */

/**
 * TensorBoard's smoothing: an exponential moving average with weight `w` in [0, 1), debiased so
 * the first points are not pulled towards 0. A non-finite value stays a gap and does not enter
 * the average.
 * @param {(number | null)[]} values
 * @param {number} w
 * @returns {(number | null)[]}
 */
export function smoothSeries(values, w) {
  if (!(w > 0)) return values.slice();
  let last = 0;
  let n = 0;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return null;
    last = last * w + (1 - w) * v;
    n++;
    return last / (1 - Math.pow(w, n));
  });
}
