/** Small assertion helpers for tests (no @std here): deep equality and relative closeness. */
import assert from "node:assert/strict";

export function assertEquals<T>(actual: T, expected: T, msg?: string): void {
  assert.deepStrictEqual(actual, expected, msg);
}

/** |a - e| <= rel * max(|e|, tiny); NaN only equals NaN. */
export function assertClose(actual: number, expected: number, rel: number, msg = ""): void {
  if (Number.isNaN(expected) && Number.isNaN(actual)) return;
  const err = Math.abs(actual - expected);
  const scale = Math.max(Math.abs(expected), 1e-300);
  if (!(err <= rel * scale)) {
    throw new assert.AssertionError({
      message: `${msg} expected ${expected}, got ${actual} (relative error ${
        err / scale
      } > ${rel})`,
    });
  }
}

export function assertThrowsMessage(fn: () => unknown, ...parts: string[]): Error {
  try {
    fn();
  } catch (e) {
    const m = (e as Error).message;
    for (const p of parts) {
      if (!m.includes(p)) throw new Error(`error message "${m}" lacks "${p}"`);
    }
    return e as Error;
  }
  throw new Error(`expected an error mentioning ${parts.join(", ")}`);
}

export async function assertRejectsMessage(
  fn: () => Promise<unknown>,
  ...parts: string[]
): Promise<Error> {
  try {
    await fn();
  } catch (e) {
    const m = (e as Error).message;
    for (const p of parts) {
      if (!m.includes(p)) throw new Error(`error message "${m}" lacks "${p}"`);
    }
    return e as Error;
  }
  throw new Error(`expected a rejection mentioning ${parts.join(", ")}`);
}

/**
 * Deterministic test values (32-bit LCG, no Math.random): signs, exact zeros of both signs,
 * exponents from 2^-30 to 2^30 and the odd subnormal, so rounding differences would show.
 */
export function fillTestValues(a: Float64Array, seed: number): Float64Array {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
  for (let i = 0; i < a.length; i++) {
    const r = next();
    const kind = r % 17;
    if (kind === 0) a[i] = 0;
    else if (kind === 1) a[i] = -0;
    else if (kind === 2) a[i] = (r & 0x100 ? -1 : 1) * 2.5e-310;
    else {
      const mantissa = next() / 2 ** 32 + 0.5;
      const exponent = (next() % 61) - 30;
      a[i] = (r & 0x200 ? -1 : 1) * mantissa * 2 ** exponent;
    }
  }
  return a;
}

/** Index of the first element (of the first `length`) whose bits differ (Object.is: +0 ≠ -0, NaN = NaN), or -1. */
export function firstDifference(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  length = expected.length,
): number {
  for (let i = 0; i < length; i++) if (!Object.is(actual[i], expected[i])) return i;
  return -1;
}

/**
 * x[n×k] like a batch of MNIST with odd extras: columns constant over the rows (the blank
 * borders' -128/255, and 0.75, +0 and -0: equal numbers with different bits), a last column of
 * NaN (unless `nan` is false), column 20 constant but for its last row, the rest varying, with
 * values from `fillWith` (default fillTestValues).
 */
export function constantColumnX(
  n: number,
  k: number,
  seed: number,
  { nan = true, fillWith = fillTestValues } = {},
): Float64Array {
  const x = fillWith(new Float64Array(n * k), seed);
  const c = -128 / 255;
  for (let p = 0; p < k; p++) {
    const kind = p < 9 || (p % 28 < 4) ? 0 : p % 28 > 24 ? 1 : p % 31 === 0 ? 2 : -1;
    const v = [c, 0.75, p % 2 ? -0 : 0][kind];
    for (let i = 0; i < n; i++) {
      if (kind >= 0) x[i * k + p] = v;
      if (p === k - 1 && nan) x[i * k + p] = NaN;
    }
    if (p === 20) { for (let i = 0; i < n; i++) x[i * k + p] = i === n - 1 ? 1 : c; }
  }
  return x;
}
