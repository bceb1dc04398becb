/**
 * NumPy's float64 sum (pairwise, 8-way unrolled blocks of at most 128) so the means the study
 * reports (window means, test means) round as `np.mean` rounded them.
 */
export function npSum(a: ArrayLike<number>, start = 0, n = a.length - start): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i];
    return res;
  }
  if (n <= 128) {
    const r = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let j = 0; j < 8; j++) r[j] = a[start + j];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] += a[start + i + j];
    }
    let res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return npSum(a, start, n2) + npSum(a, start + n2, n - n2);
}

/** `np.mean` of a 1-D float64 sequence: pairwise sum, then one division. */
export function npMean(a: ArrayLike<number>): number {
  return npSum(a) / a.length;
}

/** The middle value (the mean of the two middle ones for an even count); throws when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of an empty list: expected >= 1 value");
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
