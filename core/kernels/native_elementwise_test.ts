/**
 * The native elementwise passes (native/elementwise_body.h: the momentum update, the batch
 * gather, the sigmoid with its exp) as the engine runs them, through the wasm backend's work
 * sharing: bit for bit equal to jsElementwise at every width this CPU runs, on 1 and 2 threads,
 * with odd lengths, the exp's hard inputs (marks, domain edges, NaN, ±0, subnormals) and more
 * marks than a call can list.
 */
import assert from "node:assert/strict";
import { Arena } from "./arena.ts";
import { jsElementwise } from "./elementwise.ts";
import { buildNative } from "./native_build.ts";
import { nativeWidths } from "./native.ts";
import { createWasmKernels } from "./wasm.ts";
import { firstDifference } from "../test_util.ts";

const lib = await buildNative().catch(() => undefined);
const ignore = lib === undefined;

/** Deterministic uniform values in [lo, hi). */
function uniform(len: number, seed: number, lo = -1, hi = 1): Float64Array {
  let s = seed >>> 0;
  return new Float64Array(len).map(() =>
    lo + (hi - lo) * ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32)
  );
}

/** Inputs of the sigmoid's exp that test its edges: the domain bounds 2^-54 and 708, ±0,
 * NaN, ±Infinity, subnormals, overflow, and values near the table's steps. */
function hardZ(len: number): Float64Array {
  const edges = [
    0,
    -0,
    NaN,
    Infinity,
    -Infinity,
    5e-324,
    -5e-324,
    2 ** -54,
    -(2 ** -54),
    2 ** -55,
    2 ** -54 * (1 - 2 ** -53),
    708,
    -708,
    708.0000001,
    -708.0000001,
    709.8,
    -745.2,
    800,
    -800,
    Math.LN2 / 256,
    -Math.LN2 / 512,
    1e-17,
    -1e-17,
    36.7,
    -36.7,
    1,
    -1,
  ];
  const z = uniform(len, 7, -40, 40);
  for (let i = 0; i < len; i++) {
    if (i % 3 === 0) z[i] = edges[(i / 3) % edges.length];
    else if (i % 3 === 1) z[i] = uniform(1, i, -4, 4)[0];
  }
  return z;
}

/** Runs `body` with native kernels on a fresh arena at `width` and `threads`. */
async function withNative(
  width: number,
  threads: 1 | 2,
  body: (arena: Arena, ew: typeof jsElementwise) => void,
): Promise<void> {
  const arena = new Arena(1 << 20, { shared: threads === 2 });
  const kern = await createWasmKernels(arena, {
    threads,
    elementwiseSplit: { activation: 1, sgd: 1, gather: 1 },
    native: { path: lib!.path, width: width as 8 | 4 | 2 | 1 },
  });
  try {
    body(arena, kern.elementwise);
  } finally {
    kern.dispose?.();
  }
}

function assertSame(got: Float64Array, want: Float64Array, what: string): void {
  const i = firstDifference(got, want);
  assert.equal(i, -1, `${what}: [${i}] ${got[i]} ≠ ${want[i]}`);
}

const CASES = (fn: (width: number, threads: 1 | 2) => Promise<void>) => async () => {
  for (const width of nativeWidths(lib!.path)) {
    for (const threads of [1, 2] as const) await fn(width, threads);
  }
};

Deno.test({
  name: "native sgd: the same bits as jsElementwise, odd lengths, every width, 1 and 2 threads",
  ignore,
  fn: CASES(async (width, threads) => {
    for (const len of [1, 7, 13, 1283, 100_480]) {
      const p = uniform(len, 1), g = uniform(len, 2, -1e-3, 1e-3), v = uniform(len, 3, -0.1, 0.1);
      const want = { p: p.slice(), v: v.slice() };
      jsElementwise.sgd(want.p, g, want.v, 0.1, 0.9, 5e-4);
      await withNative(width, threads, (arena, ew) => {
        const pa = arena.alloc(len), ga = arena.alloc(len), va = arena.alloc(len);
        pa.set(p), ga.set(g), va.set(v);
        ew.sgd(pa, ga, va, 0.1, 0.9, 5e-4);
        assertSame(pa, want.p, `sgd p, ${len} w${width} ${threads}t`);
        assertSame(va, want.v, `sgd v, ${len} w${width} ${threads}t`);
      });
    }
  }),
});

Deno.test({
  name: "native gather: the same bits as jsElementwise, through idx or not, odd widths",
  ignore,
  fn: CASES(async (width, threads) => {
    const table = new Float64Array(256).map((_, i) => (i - 128) / 255);
    for (const [rows, dim, n, from] of [[300, 784, 100, 17], [50, 13, 7, 40], [9, 8, 9, 0]]) {
      // mostly blank bytes, in runs, as MNIST's
      const images = new Uint8Array(rows * dim).map((_, i) =>
        (i * 2654435761) % 7 < 2 ? (i * 40503) & 255 : 0
      );
      const idx = Int32Array.from({ length: rows }, (_, i) => (i * 37 + 11) % rows);
      for (const useIdx of [true, false]) {
        const want = new Float64Array(n * dim);
        jsElementwise.gatherRows(images, useIdx ? idx : null, from, n, dim, table, want);
        await withNative(width, threads, (arena, ew) => {
          const img = arena.allocBytes(images.length), ix = arena.allocInt32(rows);
          const tab = arena.alloc(256), x = arena.alloc(n * dim).fill(NaN);
          img.set(images), ix.set(idx), tab.set(table);
          ew.gatherRows(img, useIdx ? ix : null, from, n, dim, tab, x);
          assertSame(x, want, `gather ${n}×${dim} idx ${useIdx} w${width} ${threads}t`);
        });
      }
    }
  }),
});

Deno.test({
  name: "native sigmoid: the same bits as Math.exp's, hard inputs and more marks than a list",
  ignore,
  fn: CASES(async (width, threads) => {
    // the last case marks 6,000 elements (|z| < 2^-54), more than a call lists
    const tiny = new Float64Array(6001).map((_, i) => (i % 2 ? 1 : -1) * 2 ** -60 * (1 + i));
    for (const z of [hardZ(1), hardZ(7), hardZ(12_803), uniform(12_800, 9, -8, 8), tiny]) {
      const want = new Float64Array(z.length);
      jsElementwise.activationForward("sigmoid", z, want, z.length);
      await withNative(width, threads, (arena, ew) => {
        const za = arena.alloc(z.length), a = arena.alloc(z.length).fill(NaN);
        za.set(z);
        ew.activationForward("sigmoid", za, a, z.length);
        assertSame(a, want, `sigmoid of ${z.length} w${width} ${threads}t`);
      });
    }
  }),
});
