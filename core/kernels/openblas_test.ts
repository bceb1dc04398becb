import assert from "node:assert/strict";
import { Arena } from "./arena.ts";
import { constantColumnX, firstDifference } from "../test_util.ts";
import { createOpenblasKernels, openblasUnavailable } from "./openblas.ts";
import { referenceKernels } from "./reference.ts";
import { createKernels } from "./select.ts";

// The library is opt-in: without FFI permission or libopenblas.so.0 these tests are skipped loudly.
const unavailable = openblasUnavailable();
if (unavailable) console.warn(`openblas_test.ts: skipping the OpenBLAS checks: ${unavailable}`);

/** Deterministic values in [-1, 1) from a 32-bit LCG (no Math.random: tests must repeat). */
function fill(a: Float64Array, seed: number): Float64Array {
  let s = seed >>> 0;
  for (let i = 0; i < a.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 2 ** 31 - 1;
  }
  return a;
}

/** max |a - b| / max |b|: the product-wise relative difference. */
function relDiff(a: Float64Array, b: Float64Array): number {
  let diff = 0, scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

// [n, k, m]: the study's layer shapes (batch 100 and a short last batch) and odd small ones.
const SHAPES: [number, number, number][] = [
  [100, 784, 128],
  [100, 128, 10],
  [100, 784, 256],
  [100, 256, 128],
  [96, 784, 128],
  [7, 5, 3],
  [1, 1, 1],
  [3, 17, 1],
];

Deno.test({
  name: "openblas: the three products agree with the reference kernels within 1e-9 relative",
  ignore: unavailable !== null,
  fn() {
    const blas = createOpenblasKernels();
    try {
      assert.deepEqual(blas.name, "openblas");
      assert.deepEqual(blas.exact, false);
      for (const [n, k, m] of SHAPES) {
        const x = fill(new Float64Array(n * k), n * 7 + k);
        const w = fill(new Float64Array(k * m), k * 11 + m);
        const b = fill(new Float64Array(m), m + 3);
        const g = fill(new Float64Array(n * m), n + m * 13);
        const shape = `n=${n} k=${k} m=${m}`;

        const outRef = new Float64Array(n * m), out = new Float64Array(n * m);
        referenceKernels.xw(x, w, b, outRef, n, k, m);
        blas.xw(x, w, b, out, n, k, m);
        const dxw = relDiff(out, outRef);
        assert.ok(dxw <= 1e-9, `xw ${shape}: relative difference ${dxw}`);

        const gwRef = new Float64Array(k * m), gw = new Float64Array(k * m);
        referenceKernels.xtg(x, g, gwRef, n, k, m);
        blas.xtg(x, g, gw, n, k, m);
        const dxtg = relDiff(gw, gwRef);
        assert.ok(dxtg <= 1e-9, `xtg ${shape}: relative difference ${dxtg}`);

        const gxRef = new Float64Array(n * k), gx = new Float64Array(n * k);
        referenceKernels.gwt(g, w, gxRef, n, k, m);
        blas.gwt(g, w, gx, n, k, m);
        const dgwt = relDiff(gx, gxRef);
        assert.ok(dgwt <= 1e-9, `gwt ${shape}: relative difference ${dgwt}`);
      }
    } finally {
      blas.dispose?.();
    }
  },
});

Deno.test({
  name: "openblas: exact small product with bias, and views with a byteOffset on an arena",
  ignore: unavailable !== null,
  fn() {
    const blas = createOpenblasKernels();
    try {
      for (const shared of [false, true]) {
        const arena = new Arena(64, { shared });
        arena.alloc(3); // pushes the next tensors to a non-zero byteOffset
        const x = arena.alloc(4), w = arena.alloc(6), b = arena.alloc(3), out = arena.alloc(6);
        assert.ok(x.byteOffset > 0);
        x.set([1, 2, 3, 4]); // [2×2]
        w.set([1, 0, 2, 0, 1, 3]); // [2×3]
        b.set([10, 20, 30]);
        blas.xw(x, w, b, out, 2, 2, 3);
        assert.deepEqual([...out], [11, 22, 38, 13, 24, 48], `shared=${shared}`);
        const gw = arena.alloc(6), gx = arena.alloc(4);
        blas.xtg(x, out, gw, 2, 2, 3); // xᵀ[2×2] · out[2×3]
        assert.deepEqual([...gw], [11 + 39, 22 + 72, 38 + 144, 22 + 52, 44 + 96, 76 + 192]);
        blas.gwt(out, w, gx, 2, 2, 3); // out[2×3] · wᵀ[3×2]
        assert.deepEqual([...gx], [11 + 76, 22 + 114, 13 + 96, 24 + 144]);
      }
    } finally {
      blas.dispose?.();
    }
  },
});

Deno.test({
  name: "openblas: short arrays and bad sizes are refused before reaching native code",
  ignore: unavailable !== null,
  fn() {
    const blas = createOpenblasKernels();
    try {
      const a = new Float64Array(6), short = new Float64Array(5);
      assert.throws(
        () => blas.xw(a, a, a, short, 3, 2, 2),
        /xw: out has 5 elements, expected at least 6/,
      );
      assert.throws(() => blas.xtg(short, a, a, 2, 3, 2), /xtg: x has 5 elements/);
      assert.throws(() => blas.gwt(a, a, a, 1.5, 2, 2), /gwt: n = 1.5/);
    } finally {
      blas.dispose?.();
    }
    assert.throws(
      () =>
        blas.xw(
          new Float64Array(1),
          new Float64Array(1),
          new Float64Array(1),
          new Float64Array(1),
          1,
          1,
          1,
        ),
      /after dispose/,
    );
  },
});

Deno.test({
  name: "openblas: a missing library names the package to install",
  ignore: Deno.permissions.querySync({ name: "ffi" }).state !== "granted",
  fn() {
    assert.throws(
      () => createOpenblasKernels({ candidates: ["/nonexistent/libopenblas.so.0"] }),
      /apt-get install -y libopenblas0-pthread[\s\S]*\/nonexistent\/libopenblas\.so\.0/,
    );
  },
});

Deno.test({
  name: "openblas through createKernels: wasm elementwise ops, packed products within 1e-9",
  ignore: unavailable !== null,
  async fn() {
    // [n, k, m, x]: MNIST-like constant columns (packed when the product is big enough), and
    // none at all (plain dgemm); values of one scale, so that every term shows in the sums
    const opts = { nan: false, fillWith: fill };
    const cases: [number, number, number, Float64Array][] = [
      [100, 784, 128, constantColumnX(100, 784, 3, opts)],
      [10, 300, 257, constantColumnX(10, 300, 4, opts)],
      [7, 129, 10, constantColumnX(7, 129, 5, opts)],
      [100, 784, 128, fill(new Float64Array(100 * 784), 6)],
    ];
    for (const [n, k, m, x] of cases) {
      const arena = new Arena(2 * n * k + n * m + 3 * k * m + 2 * m + 16);
      const kern = await createKernels("openblas", arena);
      try {
        assert.equal(kern.exact, false);
        assert.ok(kern.elementwise, "the exact wasm elementwise ops ride along");
        const xa = arena.alloc(n * k), g = fill(arena.alloc(n * m), 7);
        const w = fill(arena.alloc(k * m), 8), b = fill(arena.alloc(m), 9);
        xa.set(x);
        const gw = arena.alloc(k * m).fill(NaN), gwRef = new Float64Array(k * m);
        kern.xtg(xa, g, gw, n, k, m);
        referenceKernels.xtg(x, g, gwRef, n, k, m);
        assert.ok(relDiff(gw, gwRef) < 1e-9, `xtg ${n}×${k}×${m}: ${relDiff(gw, gwRef)}`);
        const out = arena.alloc(n * m).fill(NaN), outRef = new Float64Array(n * m);
        kern.xw(xa, w, b, out, n, k, m);
        referenceKernels.xw(x, w, b, outRef, n, k, m);
        assert.ok(relDiff(out, outRef) < 1e-9, `xw ${n}×${k}×${m}: ${relDiff(out, outRef)}`);
        assert.deepEqual([...b], [...fill(new Float64Array(m), 9)], "b is left unchanged");
        assert.equal(firstDifference(xa, x), -1, "x is left unchanged");
      } finally {
        kern.dispose?.();
      }
    }
  },
});
