/**
 * NumPy's legacy global RandomState (`np.random.seed(n)`), bit for bit: MT19937 seeded with
 * init_genrand, 53-bit `random_sample`, the polar Box–Muller `standard_normal` that caches its
 * second value, and the legacy in-place `shuffle` (random_interval with mask-and-reject).
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/**
 * NumPy's legacy RandomState: the same stream of numbers for the same seed.
 *
 * @example
 * ```ts
 * import { RandomState } from "./rng.ts";
 * const rng = new RandomState(42);
 * console.log(rng.randomSample()); // 0.3745401188473625, as np.random.seed(42); np.random.random_sample()
 * ```
 */
export class RandomState {
  readonly #key = new Uint32Array(N);
  #pos = N;
  #hasGauss = false;
  #gauss = 0;

  /** Seeds the generator as `np.random.seed(seed)` does (an integer in [0, 2^32)). */
  constructor(seed = 42) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
    }
    // numpy's mt19937_seed: key[i] = 1812433253 * (key[i-1] ^ (key[i-1] >> 30)) + i (mod 2^32)
    let s = seed >>> 0;
    for (let i = 0; i < N; i++) {
      this.#key[i] = s;
      s = (Math.imul(1812433253, (s ^ (s >>> 30)) >>> 0) + i + 1) >>> 0;
    }
  }

  #reload(): void {
    const k = this.#key;
    let i = 0;
    for (; i < N - M; i++) {
      const y = (k[i] & UPPER_MASK) | (k[i + 1] & LOWER_MASK);
      k[i] = k[i + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; i < N - 1; i++) {
      const y = (k[i] & UPPER_MASK) | (k[i + 1] & LOWER_MASK);
      k[i] = k[i + (M - N)] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    const y = (k[N - 1] & UPPER_MASK) | (k[0] & LOWER_MASK);
    k[N - 1] = k[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.#pos = 0;
  }

  /** One raw 32-bit draw (tempered). */
  nextUint32(): number {
    if (this.#pos === N) this.#reload();
    let y = this.#key[this.#pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Uniform double in [0, 1) from two draws, as numpy's legacy random_sample. */
  randomSample(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Legacy polar Box–Muller; the second value of each pair is cached for the next call. */
  standardNormal(): number {
    if (this.#hasGauss) {
      this.#hasGauss = false;
      return this.#gauss;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2 * this.randomSample() - 1;
      x2 = 2 * this.randomSample() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt(-2 * Math.log(r2) / r2);
    this.#gauss = f * x1;
    this.#hasGauss = true;
    return f * x2;
  }

  /** `randn(rows, cols)` in C (row-major) order. */
  randn(rows: number, cols: number): Float64Array {
    const out = new Float64Array(rows * cols);
    for (let i = 0; i < out.length; i++) out[i] = this.standardNormal();
    return out;
  }

  /** Uniform integer in [0, max] by masked rejection (numpy's random_interval, 32-bit path). */
  randomInterval(max: number): number {
    if (max === 0) return 0;
    if (max > 0xffffffff) throw new RangeError(`randomInterval supports max < 2^32, got ${max}`);
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let v: number;
    do v = (this.nextUint32() & mask) >>> 0; while (v > max);
    return v;
  }

  /** Legacy in-place shuffle: for i = n-1 … 1, swap a[i] with a[random_interval(i)]. */
  shuffle(a: Int32Array | number[]): void {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.randomInterval(i);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
