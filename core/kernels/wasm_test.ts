import assert from "node:assert/strict";
import {
  assertRejectsMessage,
  assertThrowsMessage,
  constantColumnX,
  fillTestValues,
  firstDifference,
} from "../test_util.ts";
import { Arena } from "./arena.ts";
import type { Kernels } from "./kernels.ts";
import { referenceKernels } from "./reference.ts";
import { createWasmKernels } from "./wasm.ts";
import { loadMatmulWasm, markMemoryImportShared } from "./wasm_module.ts";

const NS = [1, 2, 3, 7, 37, 100, 101];
const KS = [1, 3, 10, 128, 784];
const MS = [1, 2, 3, 10, 127, 128, 129, 256];
const MAX = { n: 101, k: 784, m: 256 };

/** Operands sized for the largest shape, on `arena`, with identical values in every arena. */
function operands(arena: Arena) {
  const { n, k, m } = MAX;
  return {
    x: fillTestValues(arena.alloc(n * k), 1), // x[n×k]
    w: fillTestValues(arena.alloc(k * m), 2), // w[k×m]
    b: fillTestValues(arena.alloc(m), 3), // b[m]
    g: fillTestValues(arena.alloc(n * m), 4), // g[n×m]
    out: arena.alloc(Math.max(n * m, k * m, n * k)),
  };
}
const arenaElements = () => {
  const { n, k, m } = MAX;
  return n * k + k * m + m + n * m + Math.max(n * m, k * m, n * k) + 16;
};

type Ops = ReturnType<typeof operands>;

/** Checks all three products of `kern` against the reference on every shape of NS×KS×MS. */
function checkAllShapes(kern: Kernels, o: Ops, expected: Ops): void {
  const ref = referenceKernels;
  for (const n of NS) {
    for (const k of KS) {
      for (const m of MS) {
        const cases: [string, () => void, () => void, number][] = [
          [
            "xw",
            () => ref.xw(expected.x, expected.w, expected.b, expected.out, n, k, m), // out[n×m]
            () => kern.xw(o.x, o.w, o.b, o.out, n, k, m),
            n * m,
          ],
          [
            "xtg",
            () => ref.xtg(expected.x, expected.g, expected.out, n, k, m), // gw[k×m]
            () => kern.xtg(o.x, o.g, o.out, n, k, m),
            k * m,
          ],
          [
            "gwt",
            () => ref.gwt(expected.g, expected.w, expected.out, n, k, m), // gx[n×k]
            () => kern.gwt(o.g, o.w, o.out, n, k, m),
            n * k,
          ],
        ];
        for (const [product, runRef, runKern, length] of cases) {
          runRef();
          o.out.fill(NaN); // stale results must not pass
          runKern();
          const i = firstDifference(o.out, expected.out, length);
          if (i >= 0) {
            assert.fail(
              `${kern.name} ${product} n=${n} k=${k} m=${m}: element ${i} is ${o.out[i]}, ` +
                `reference ${expected.out[i]}`,
            );
          }
          // nothing written past the output
          if (length < o.out.length) assert.ok(Number.isNaN(o.out[length]), `${product} overran`);
        }
      }
    }
  }
}

function plainOperands(): Ops {
  const { n, k, m } = MAX;
  return {
    x: fillTestValues(new Float64Array(n * k), 1),
    w: fillTestValues(new Float64Array(k * m), 2),
    b: fillTestValues(new Float64Array(m), 3),
    g: fillTestValues(new Float64Array(n * m), 4),
    out: new Float64Array(Math.max(n * m, k * m, n * k)),
  };
}

Deno.test("wasm (1 thread, unshared memory) is bit-identical to the reference on odd shapes", async () => {
  const arena = new Arena(arenaElements());
  const kern = await createWasmKernels(arena);
  assert.equal(kern.name, "wasm");
  assert.equal(kern.exact, true);
  const bytesBefore = arena.memory.buffer.byteLength;
  checkAllShapes(kern, operands(arena), plainOperands());
  assert.equal(arena.memory.buffer.byteLength, bytesBefore, "memory grew");
});

Deno.test("wasm-2t splits every product (threshold 1) and stays bit-identical", async () => {
  const arena = new Arena(arenaElements(), { shared: true });
  const kern = await createWasmKernels(arena, { threads: 2, splitThreshold: 1 });
  try {
    assert.equal(kern.name, "wasm-2t");
    const bytesBefore = arena.memory.buffer.byteLength;
    checkAllShapes(kern, operands(arena), plainOperands());
    assert.equal(arena.memory.buffer.byteLength, bytesBefore, "memory grew");
    // the worker really computed part of the outputs checked above
    const workerChunks = (kern as Kernels & { workerChunks: number }).workerChunks;
    assert.ok(workerChunks > 0, `worker ran ${workerChunks} chunks`);
  } finally {
    kern.dispose?.();
  }
});

Deno.test("wasm 1 thread also runs on a shared arena; wasm-2t default threshold at study shapes", async () => {
  const arena = new Arena(arenaElements(), { shared: true });
  const one = await createWasmKernels(arena, { threads: 1 });
  const two = await createWasmKernels(arena, { threads: 2 });
  try {
    await assertRejectsMessage(
      () => createWasmKernels(arena, { threads: 2 }),
      "already has live 2-thread kernels",
    );
    const o = operands(arena);
    const e = plainOperands();
    const ref = new Float64Array(o.out.length);
    const shapes = [
      [100, 784, 128],
      [100, 128, 10],
      [100, 784, 256],
      [100, 256, 128],
      [
        37,
        784,
        128,
      ],
      [10, 784, 128],
      [1, 784, 128],
      [200 - 101, 256, 128],
    ];
    for (const [n, k, m] of shapes) {
      for (const kern of [one, two]) {
        referenceKernels.xw(e.x, e.w, e.b, ref, n, k, m); // out[n×m]
        kern.xw(o.x, o.w, o.b, o.out, n, k, m);
        assert.equal(firstDifference(o.out, ref, n * m), -1, `${kern.name} xw ${n} ${k} ${m}`);
        referenceKernels.xtg(e.x, e.g, ref, n, k, m); // gw[k×m]
        kern.xtg(o.x, o.g, o.out, n, k, m);
        assert.equal(firstDifference(o.out, ref, k * m), -1, `${kern.name} xtg ${n} ${k} ${m}`);
        referenceKernels.gwt(e.g, e.w, ref, n, k, m); // gx[n×k]
        kern.gwt(o.g, o.w, o.out, n, k, m);
        assert.equal(firstDifference(o.out, ref, n * k), -1, `${kern.name} gwt ${n} ${k} ${m}`);
      }
    }
  } finally {
    two.dispose?.();
  }
  // disposing frees the arena's control block for a new 2-thread kernel set
  const again = await createWasmKernels(arena, { threads: 2 });
  again.dispose?.();
});

Deno.test("sums start at +0: all-negative-zero products give +0, and the bias comes last", async () => {
  const arena = new Arena(64);
  const kern = await createWasmKernels(arena);
  const x = arena.alloc(6).fill(-0); // x[2×3]
  const w = arena.alloc(12).fill(1); // w[3×4]
  const b = arena.alloc(4).fill(-0);
  const out = arena.alloc(8); // out[2×4]
  kern.xw(x, w, b, out, 2, 3, 4);
  // (+0 + -0 + -0 + -0) + -0 = +0; starting from the first product would give -0
  for (const v of out) {
    assert.ok(Object.is(v, 0), `expected +0, got ${Object.is(v, -0) ? "-0" : v}`);
  }
  // 1e16 + 1 - 1e16 depends on order: sequential gives 0, bias-first would give 1
  x.set([1e16, 1, -1e16]);
  w.fill(1);
  b.fill(1);
  kern.xw(x, w, b, out, 1, 3, 4);
  assert.deepEqual([...out.subarray(0, 4)], [1, 1, 1, 1]);
  // an empty contraction (k = 0) leaves +0 + bias; xtg over n = 0 rows gives +0
  b.set([-0, 2, -3, 0.5]);
  kern.xw(x, w, b, out, 2, 0, 4);
  assert.deepEqual([...out], [0, 2, -3, 0.5, 0, 2, -3, 0.5]);
  out.fill(NaN);
  kern.xtg(x, w, out, 0, 2, 4);
  assert.ok(out.every((v) => Object.is(v, 0)));
});

Deno.test("wasm kernels reject arrays that are not views on the arena, and short arrays", async () => {
  const arena = new Arena(256);
  const kern = await createWasmKernels(arena);
  const x = arena.alloc(12); // x[3×4]
  const w = arena.alloc(8); // w[4×2]
  const b = arena.alloc(2);
  const out = arena.alloc(6); // out[3×2]
  assertThrowsMessage(
    () => kern.xw(new Float64Array(12), w, b, out, 3, 4, 2),
    "x is not a view on the arena",
  );
  const other = new Arena(64);
  const foreign = other.alloc(6);
  assertThrowsMessage(() => kern.xtg(x, foreign, w, 3, 4, 2), "g is not a view on the arena");
  assertThrowsMessage(() => kern.gwt(out, w, x.subarray(0, 5), 3, 4, 2), "gx has 5 elements");
  assertThrowsMessage(() => kern.xw(x, w, b, out, 3, 4.5, 2), "k must be a non-negative integer");
});

Deno.test("threads 2 needs a shared arena; the shared-memory binary patch flips one flag", async () => {
  await assertRejectsMessage(
    () => createWasmKernels(new Arena(16), { threads: 2 }),
    "threads 2 needs an arena with shared memory",
  );
  await assertRejectsMessage(
    () => createWasmKernels(new Arena(16), { threads: 3 as 2 }),
    "threads must be 1 or 2, got 3",
  );
  const plain = await loadMatmulWasm(false);
  const shared = markMemoryImportShared(plain);
  const changed = [...plain.keys()].filter((i) => plain[i] !== shared[i]);
  assert.equal(changed.length, 1);
  assert.deepEqual([plain[changed[0]], shared[changed[0]]], [0x01, 0x03]);
  const imports = (bytes: Uint8Array) =>
    WebAssembly.Module.imports(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>));
  assert.deepEqual(imports(shared), [{ module: "env", name: "memory", kind: "memory" }]);
  assert.throws(() => markMemoryImportShared(shared), /limits flag 3, expected 1/);
});

/**
 * x[n×k] with constant columns (MNIST's border pixels): runs of one value, other values, +0
 * next to -0 (equal as numbers, different bits), NaN, a constant last column, and a column that
 * differs only in its last row.
 */
Deno.test("xtg with constant columns (copied rows) is bit-identical, 1 and 2 threads", async () => {
  for (const [n, k, m] of [[2, 64, 3], [100, 784, 128], [7, 129, 10], [10, 300, 257]]) {
    const x = constantColumnX(n, k, n + k);
    const g = fillTestValues(new Float64Array(n * m), 5);
    const expected = new Float64Array(k * m);
    referenceKernels.xtg(x, g, expected, n, k, m);
    for (const threads of [1, 2] as const) {
      const arena = new Arena(n * k + n * m + k * m + 8, { shared: threads === 2 });
      const kern = await createWasmKernels(arena, { threads, splitThreshold: 1 });
      try {
        const xa = arena.alloc(n * k), ga = arena.alloc(n * m), gw = arena.alloc(k * m);
        xa.set(x);
        ga.set(g);
        gw.fill(NaN);
        kern.xtg(xa, ga, gw, n, k, m);
        const i = firstDifference(gw, expected, k * m);
        assert.equal(i, -1, `${kern.name} ${n}×${k}×${m}: gw[${i}] = ${gw[i]}, not ${expected[i]}`);
      } finally {
        kern.dispose?.();
      }
    }
  }
});

Deno.test("xw from the constant leading columns' prefix sums is bit-identical, 1 and 2 threads", async () => {
  const cases: [string, number, number, number, (x: Float64Array, n: number, k: number) => void][] =
    [
      ["9 constant columns", 100, 784, 128, () => {}],
      ["9 constant columns", 2, 64, 3, () => {}],
      ["9 constant columns", 10, 300, 257, () => {}],
      // column 6 has +0 in one row and -0 in the others: equal numbers, different bits, so the
      // prefix ends there (a sum with +0 and one with -0 may differ)
      ["+0 among -0 in column 6", 7, 129, 10, (x, n, k) => {
        for (let i = 0; i < n; i++) x[i * k + 6] = i === 3 ? 0 : -0;
      }],
      // a NaN column inside the prefix
      ["NaN in the prefix", 5, 70, 9, (x, n, k) => {
        for (let i = 0; i < n; i++) x[i * k + 2] = NaN;
      }],
      // every column constant: the sums are all prefix
      ["all columns constant", 4, 64, 6, (x, n, k) => {
        for (let i = 1; i < n; i++) x.copyWithin(i * k, 0, k);
      }],
      // fewer constant columns than PREFIX_MIN_K: plain sums
      ["2 constant columns", 6, 65, 5, (x, n, k) => {
        for (let i = 0; i < n; i++) x[i * k + 2] = i;
      }],
    ];
  for (const [what, n, k, m, edit] of cases) {
    // values of one scale, so that every term of a sum shows in its rounding (with the wide
    // exponents of fillTestValues a wrong prefix could hide under the largest terms)
    let s = n * k * m;
    const uniform = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 31 - 1;
    // columns 0..8 constant (MNIST's blank top rows), the rest varying
    const x = new Float64Array(n * k).map((_, e) => (e % k < 9 ? -128 / 255 : uniform()));
    edit(x, n, k);
    const w = new Float64Array(k * m).map(uniform);
    const b = new Float64Array(m).map(uniform);
    const expected = new Float64Array(n * m);
    referenceKernels.xw(x, w, b, expected, n, k, m);
    for (const threads of [1, 2] as const) {
      const arena = new Arena(n * k + k * m + m + n * m + 8, { shared: threads === 2 });
      const kern = await createWasmKernels(arena, { threads, splitThreshold: 1 });
      try {
        const xa = arena.alloc(n * k), wa = arena.alloc(k * m), ba = arena.alloc(m);
        const out = arena.alloc(n * m).fill(NaN);
        xa.set(x);
        wa.set(w);
        ba.set(b);
        kern.xw(xa, wa, ba, out, n, k, m);
        const i = firstDifference(out, expected);
        assert.equal(
          i,
          -1,
          `${what}, ${threads} thread(s), ${n}×${k}×${m}: out[${i}] = ${out[i]}, not ${
            expected[i]
          }`,
        );
      } finally {
        kern.dispose?.();
      }
    }
  }
});
