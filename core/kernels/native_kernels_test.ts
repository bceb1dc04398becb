/**
 * The native backend as the engine runs it: the wasm backend's arena, work sharing and
 * elementwise ops, with the products in C. Bit for bit equal to the reference kernels at every
 * width this CPU runs, on 1 and 2 threads, on odd shapes, short batches and MNIST-like constant
 * columns; backend selection falls back to wasm, with a one-line notice, when nothing builds.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { Arena } from "./arena.ts";
import { buildNative, NativeBuildError } from "./native_build.ts";
import { nativeWidths } from "./native.ts";
import { referenceKernels } from "./reference.ts";
import { createKernels, nativeSelfCheck, resolveBackend } from "./select.ts";
import { createWasmKernels } from "./wasm.ts";
import { jsElementwise } from "./elementwise.ts";
import { firstDifference } from "../test_util.ts";

const lib = await buildNative().catch(() => undefined);
const ignore = lib === undefined;

/** Uniform values in [-1, 1) of one scale (every term of a sum shows in its rounding). */
function uniform(len: number, seed: number): Float64Array {
  let s = seed >>> 0;
  return new Float64Array(len).map(() =>
    (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 31 - 1
  );
}

/**
 * x[n×k] whose first 9 and every 5th column are constant over the batch (MNIST's border); the
 * 5th ones past column 9 repeat column 0's or 5's value, so their xtg rows are copies (twins).
 */
function borderX(n: number, k: number, seed: number): Float64Array {
  const x = uniform(n * k, seed);
  for (let p = 10; p < k; p += 5) x[p] = x[p % 10 === 0 ? 0 : 5];
  for (let i = 1; i < n; i++) {
    for (let p = 0; p < k; p++) if (p < 9 || p % 5 === 0) x[i * k + p] = x[p];
  }
  return x;
}

const SHAPES: [number, number, number][] = [
  [100, 784, 128],
  [100, 128, 10],
  [100, 256, 128],
  [1, 784, 128], // a short last batch
  [3, 70, 9],
  [10, 300, 257],
];

async function checkShape(n: number, k: number, m: number, width: number, threads: 1 | 2) {
  const x = borderX(n, k, n + k), w = uniform(k * m, 2), b = uniform(m, 3), g = uniform(n * m, 4);
  const want = {
    out: new Float64Array(n * m),
    gw: new Float64Array(k * m),
    gx: new Float64Array(n * k),
  };
  referenceKernels.xw(x, w, b, want.out, n, k, m);
  referenceKernels.xtg(x, g, want.gw, n, k, m);
  referenceKernels.gwt(g, w, want.gx, n, k, m);
  // the fused weight gradient and update: xtg, then sgd's ops on w and its momentum
  const v = uniform(k * m, 5).map((e) => e / 8);
  const fused = { w: w.slice(), v: v.slice() };
  jsElementwise.sgd(fused.w, want.gw, fused.v, 0.1, 0.9, 5e-4);
  const arena = new Arena(3 * n * k + 6 * k * m + m + 2 * n * m + 64, { shared: threads === 2 });
  const kern = await createWasmKernels(arena, {
    threads,
    splitThreshold: 1,
    native: { path: lib!.path, width: width as 8 | 4 | 2 | 1 },
  });
  try {
    const xa = arena.alloc(n * k), wa = arena.alloc(k * m), ba = arena.alloc(m);
    const ga = arena.alloc(n * m), out = arena.alloc(n * m).fill(NaN);
    const gw = arena.alloc(k * m).fill(NaN), gx = arena.alloc(n * k).fill(NaN);
    xa.set(x), wa.set(w), ba.set(b), ga.set(g);
    kern.xw(xa, wa, ba, out, n, k, m);
    kern.xtg(xa, ga, gw, n, k, m);
    kern.gwt(ga, wa, gx, n, k, m);
    const gw2 = arena.alloc(k * m).fill(NaN), w2 = arena.alloc(k * m), v2 = arena.alloc(k * m);
    w2.set(w), v2.set(v);
    kern.xtgSgd!(xa, ga, gw2, w2, v2, n, k, m, 0.1, 0.9, 5e-4);
    const checks = [
      ["xw", out, want.out],
      ["xtg", gw, want.gw],
      ["gwt", gx, want.gx],
      ["xtgSgd gw", gw2, want.gw],
      ["xtgSgd w", w2, fused.w],
      ["xtgSgd v", v2, fused.v],
    ] as const;
    for (const [what, got, exp] of checks) {
      const i = firstDifference(got, exp);
      assert.equal(
        i,
        -1,
        `${kern.name} w${width} ${what} ${n}×${k}×${m}: [${i}] ${got[i]} ≠ ${exp[i]}`,
      );
    }
  } finally {
    kern.dispose?.();
  }
}

Deno.test({
  name:
    "native backend: products (and xtg fused with the update) bit-identical to the reference, every width, 1 and 2 threads",
  ignore,
  async fn() {
    for (const width of nativeWidths(lib!.path)) {
      for (const threads of [1, 2] as const) {
        for (const [n, k, m] of SHAPES) await checkShape(n, k, m, width, threads);
      }
    }
  },
});

Deno.test({
  name: "auto picks native after its self-check; native passes the self-check",
  ignore,
  async fn() {
    await nativeSelfCheck(lib!);
    const r = await resolveBackend("auto");
    assert.equal(r.backend, "native");
    assert.match(r.notice!, /^backend auto: native \(\d float64 lanes; /);
    const kern = await createKernels("native", new Arena(64));
    assert.equal(kern.name, "native");
    assert.equal(kern.exact, true);
    kern.dispose?.();
  },
});

Deno.test("auto falls back to wasm with a one-line notice; native says why it cannot run", async () => {
  const none = { compilers: ["no-such-compiler-mlpbench"] };
  const r = await resolveBackend("auto", none);
  assert.equal(r.backend, "wasm");
  assert.match(r.notice!, /^backend auto: wasm \(native kernels: no C compiler found/);
  assert.ok(!r.notice!.includes("\n"));
  await assert.rejects(resolveBackend("native", none), NativeBuildError);
  for (const b of ["reference", "wasm", "openblas"] as const) {
    assert.deepEqual(await resolveBackend(b, none), { backend: b });
  }
});

Deno.test("a compiler that fails is a one-line notice; the cache is keyed by compiler", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // answers --version, fails to compile
    const bad = join(dir, "bad-cc");
    await Deno.writeTextFile(
      bad,
      '#!/bin/sh\n[ "$1" = --version ] && echo bad 1.0 && exit 0\necho "x.c:1: error: nope" >&2; exit 1\n',
    );
    await Deno.chmod(bad, 0o755);
    const cacheDir = join(dir, "cache");
    await assert.rejects(
      buildNative({ cacheDir, compilers: [bad] }),
      (e: Error) =>
        e instanceof NativeBuildError && /failed \(exit 1\): x.c:1: error: nope$/.test(e.message),
    );
    const r = await resolveBackend("auto", { cacheDir, compilers: [bad] });
    assert.equal(r.backend, "wasm");
    if (lib === undefined) return; // no real compiler here: the rest needs one
    const first = await buildNative({ cacheDir, compilers: [lib.compiler] });
    const again = await buildNative({ cacheDir, compilers: [lib.compiler] });
    assert.deepEqual([first.cached, again.cached, again.path], [false, true, first.path]);
    assert.ok(first.path.startsWith(cacheDir));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
