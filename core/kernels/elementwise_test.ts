import assert from "node:assert/strict";
import { ACTIVATIONS, PROFILES } from "../config.ts";
import { PIXEL_VALUES } from "../data/mnist.ts";
import { assertThrowsMessage, fillTestValues, firstDifference } from "../test_util.ts";
import { Arena } from "./arena.ts";
import { type Elementwise, jsElementwise } from "./elementwise.ts";
import type { Kernels } from "./kernels.ts";
import { createWasmKernels } from "./wasm.ts";

function assertSameBits(actual: Float64Array, expected: Float64Array, what: string): void {
  assert.equal(actual.length, expected.length);
  const i = firstDifference(actual, expected);
  assert.equal(i, -1, `${what}: element ${i} is ${actual[i]}, expected ${expected[i]}`);
}

/** Activation inputs: the test values scaled into the range where exp and tanh do real work. */
function activationInputs(a: Float64Array, seed: number): Float64Array {
  fillTestValues(a, seed);
  for (let i = 0; i < a.length; i++) {
    if (Math.abs(a[i]) > 64) a[i] = (a[i] % 64) || a[i]; // keep ±0 and a few large values
    if (i % 97 === 5) a[i] = 800 * (i % 2 ? 1 : -1); // exp overflow / underflow
  }
  return a;
}

/** Inputs where GELU's tanh argument stays in the vector path's domain (|u| < 22). */
function geluInputs(a: Float64Array, seed: number): Float64Array {
  let s = seed >>> 0;
  for (let i = 0; i < a.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = (s / 2 ** 32 - 0.5) * 10;
  }
  return a;
}

const LENGTHS = [1, 2, 3, 17, 12_801, 100_480];

/**
 * Runs `op` on twin copies of the same operands, one set plain JS arrays through jsElementwise,
 * one set on the arena through `ew`, and compares every output bit for bit.
 */
function compareAll(ew: Elementwise, arena: Arena): void {
  for (const len of LENGTHS) {
    // sgd: p, v change; lengths odd and even (a scalar tail), weight decay and momentum on
    const plain = [1, 2, 3].map((s) => fillTestValues(new Float64Array(len), s));
    const onArena = plain.map((a) => {
      const t = arena.alloc(len);
      t.set(a);
      return t;
    });
    jsElementwise.sgd(plain[0], plain[1], plain[2], 0.1, 0.9, 2e-4);
    ew.sgd(onArena[0], onArena[1], onArena[2], 0.1, 0.9, 2e-4);
    assertSameBits(onArena[0], plain[0], `sgd p (len ${len})`);
    assertSameBits(onArena[2], plain[2], `sgd v (len ${len})`);

    const cases = [
      ...ACTIVATIONS.map((kind) => [kind, activationInputs] as const),
      ["gelu", geluInputs] as const,
    ];
    for (const [kind, inputs] of cases) {
      const z = inputs(new Float64Array(len), 7);
      const zA = arena.alloc(len), aA = arena.alloc(len);
      zA.set(z);
      const a = new Float64Array(len);
      jsElementwise.activationForward(kind, z, a, len);
      ew.activationForward(kind, zA, aA, len);
      assertSameBits(aA, a, `${kind} forward (len ${len})`);
      for (const profile of PROFILES) {
        const g = fillTestValues(new Float64Array(len), 9);
        const gA = arena.alloc(len);
        gA.set(g);
        jsElementwise.activationBackward(kind, profile, z, a, g, len);
        ew.activationBackward(kind, profile, zA, aA, gA, len);
        assertSameBits(gA, g, `${kind} ${profile} backward (len ${len})`);
      }
    }
  }
  // bias gradient: odd and even widths, one row and many, sum and mean
  for (const [n, m] of [[1, 1], [7, 13], [100, 10], [100, 128], [3, 256]]) {
    const g = fillTestValues(new Float64Array(n * m), 11);
    const gA = arena.alloc(n * m);
    gA.set(g);
    for (const mean of [false, true]) {
      const gb = new Float64Array(m).fill(NaN), gbA = arena.alloc(m).fill(NaN);
      jsElementwise.biasGrad(g, gb, n, m, mean);
      ew.biasGrad(gA, gbA, n, m, mean);
      assertSameBits(gbA, gb, `bias grad ${n}×${m} mean ${mean}`);
    }
  }
  // gather: shuffled rows and sequential rows, the image width and odd ones; runs of 0 bytes
  // (every 23 bytes, 12 zeros) reach the kernel's all-zero chunk path and its edges
  for (const dim of [784, 13, 37]) {
    const rows = 50;
    const images = new Uint8Array(rows * dim).map((_, i) =>
      i % 23 < 12 ? 0 : (i * 131 + (i >> 3)) & 255
    );
    const imagesA = arena.allocBytes(images.length);
    imagesA.set(images);
    const idx = new Int32Array(rows).map((_, i) => (i * 17 + 3) % rows);
    const idxA = arena.allocInt32(rows);
    idxA.set(idx);
    const table = arena.alloc(256);
    table.set(PIXEL_VALUES);
    for (const [ix, ixA, from, n] of [[idx, idxA, 5, 20], [null, null, 30, 20]] as const) {
      const x = new Float64Array(n * dim), xA = arena.alloc(n * dim);
      jsElementwise.gatherRows(images, ix, from, n, dim, PIXEL_VALUES, x);
      ew.gatherRows(imagesA, ixA, from, n, dim, table, xA);
      assertSameBits(xA, x, `gather dim ${dim} ${ix ? "shuffled" : "sequential"}`);
    }
  }
}

const ARENA = 8_000_000;

Deno.test("wasm elementwise ops are bit-identical to jsElementwise (odd lengths, all kinds)", async () => {
  const arena = new Arena(ARENA);
  const kern = await createWasmKernels(arena);
  assert.ok(kern.elementwise);
  compareAll(kern.elementwise, arena);
});

Deno.test("wasm-2t splits the long elementwise passes with its worker, same bits", async () => {
  const arena = new Arena(ARENA, { shared: true });
  const kern = await createWasmKernels(arena, {
    threads: 2,
    elementwiseSplit: { activation: 2, sgd: 2, gather: 2 },
  }) as Kernels & { workerChunks: number };
  try {
    const before = kern.workerChunks;
    compareAll(kern.elementwise!, arena);
    assert.ok(kern.workerChunks > before, `the worker ran ${kern.workerChunks - before} chunks`);
  } finally {
    kern.dispose?.();
  }
});

Deno.test("sgd: v = μ·v + (g + λ·p), p = p − η·v, on known values", () => {
  const p = Float64Array.of(1, -2), g = Float64Array.of(0.5, 0.25), v = Float64Array.of(0.1, 0);
  jsElementwise.sgd(p, g, v, 0.1, 0.9, 0.01);
  // v0 = 0.9·0.1 + (0.5 + 0.01·1) = 0.6, p0 = 1 − 0.06; v1 = 0 + (0.25 − 0.02) = 0.23
  assert.deepEqual([...v], [0.9 * 0.1 + (0.5 + 0.01 * 1), 0 + (0.25 + 0.01 * -2)]);
  assert.deepEqual([...p], [1 - 0.1 * v[0], -2 - 0.1 * v[1]]);
  assert.ok(Math.abs(v[0] - 0.6) < 1e-15 && Math.abs(p[1] + 2.023) < 1e-15);
});

Deno.test("relu passes z > 0 only: -0, +0 and NaN give +0, as `z > 0 ? z : 0` does", async () => {
  const arena = new Arena(64);
  const kern = await createWasmKernels(arena);
  const z = arena.alloc(5), a = arena.alloc(5).fill(7), g = arena.alloc(5).fill(-3);
  z.set([-0, 0, NaN, 2, -1]);
  kern.elementwise!.activationForward("relu", z, a, 5);
  assert.deepEqual([...a].map((v) => Object.is(v, 0) ? "+0" : v), ["+0", "+0", "+0", 2, "+0"]);
  kern.elementwise!.activationBackward("relu", "author", z, a, g, 5);
  assert.deepEqual([...g].map((v) => Object.is(v, 0) ? "+0" : v), ["+0", "+0", "+0", -3, "+0"]);
});

Deno.test("wasm elementwise ops reject arrays off the arena and gathers past the order", async () => {
  const arena = new Arena(4096);
  const kern = await createWasmKernels(arena);
  const ew = kern.elementwise!;
  const p = arena.alloc(10), g = arena.alloc(10);
  assertThrowsMessage(
    () => ew.sgd(p, g, new Float64Array(10), 0.1, 0.9, 0),
    "v is not a view on the arena",
  );
  assertThrowsMessage(() => ew.sgd(p, g, arena.alloc(5), 0.1, 0.9, 0), "v has 5 elements");
  const images = arena.allocBytes(4 * 3), idx = arena.allocInt32(4), table = arena.alloc(256);
  assertThrowsMessage(
    () => ew.gatherRows(images, idx, 2, 3, 3, table, arena.alloc(9)),
    "rows 2..4 past 4 indices",
  );
});
