/**
 * BatchFeeder: every load() leaves exactly the batch asked for in net.x (pixels through the
 * table, labels in y), whether it was prefetched on the worker, prefetched for another batch, or
 * gathered there and then; a backend without a background gather just gathers.
 */
import assert from "node:assert/strict";
import { BatchFeeder } from "./batches.ts";
import { DEFAULT_CONFIG, type RunConfig } from "./config.ts";
import { IMAGE_SIZE, PIXEL_VALUES } from "./data/mnist.ts";
import { Arena } from "./kernels/arena.ts";
import { jsElementwise } from "./kernels/elementwise.ts";
import type { Kernels } from "./kernels/kernels.ts";
import { referenceKernels } from "./kernels/reference.ts";
import { createWasmKernels } from "./kernels/wasm.ts";
import { Mlp } from "./network.ts";
import { RandomState } from "./rng.ts";
import { firstDifference } from "./test_util.ts";

const ROWS = 64, B = 10;
const cfg: RunConfig = { ...DEFAULT_CONFIG, hidden: [5], batchSize: B };

/** A network on `kernels` and a source of ROWS synthetic images, all on the arena. */
function setup(arena: Arena, kernels: Kernels) {
  const net = new Mlp(cfg, arena, kernels, new RandomState(1));
  const images = arena.allocBytes(ROWS * IMAGE_SIZE);
  for (let i = 0; i < images.length; i++) images[i] = (i * 2654435761) % 5 ? 0 : (i * 97) & 255;
  const labels = Uint8Array.from({ length: ROWS }, (_, i) => i % 10);
  const idx = arena.allocInt32(ROWS);
  for (let i = 0; i < ROWS; i++) idx[i] = (i * 29 + 7) % ROWS;
  const table = arena.alloc(256);
  table.set(PIXEL_VALUES);
  return { net, src: { images, labels, idx, table } };
}

/** Checks net.x and y hold rows idx[from, from+n) exactly. */
function assertBatch(
  net: Mlp,
  y: Uint8Array,
  src: ReturnType<typeof setup>["src"],
  from: number,
  n: number,
): void {
  const want = new Float64Array(n * IMAGE_SIZE);
  jsElementwise.gatherRows(src.images, src.idx, from, n, IMAGE_SIZE, src.table, want);
  const i = firstDifference(net.x.subarray(0, n * IMAGE_SIZE), want);
  assert.equal(i, -1, `batch from ${from}: x[${i}] = ${net.x[i]}, expected ${want[i]}`);
  for (let r = 0; r < n; r++) assert.equal(y[r], src.labels[src.idx[from + r]]);
}

Deno.test("BatchFeeder: prefetched batches on the worker, swapped in, are exactly the rows asked", async () => {
  const arena = new Arena(Mlp.arenaCapacity(cfg) + 40_000, { shared: true });
  // every pass split, so the 10-row gathers go to the worker too
  const kern = await createWasmKernels(arena, {
    threads: 2,
    elementwiseSplit: { activation: 1, sgd: 1, gather: 1 },
  });
  try {
    const { net, src } = setup(arena, kern);
    const feed = new BatchFeeder(net, src);
    const y = new Uint8Array(B);
    feed.load(0, B, y);
    assertBatch(net, y, src, 0, B);
    for (let from = B; from + B <= ROWS; from += B) {
      const x = net.x, before = kern.workerChunks;
      feed.prefetch(from, B);
      if (from === B) {
        // left alone (no load yet), the worker takes the gather: the main thread claims only
        // what is left when it joins
        const t0 = Date.now();
        while (kern.workerChunks === before && Date.now() - t0 < 10_000) { /* wait */ }
        assert.ok(kern.workerChunks > before, "the worker gathered in the background");
      }
      feed.load(from, B, y);
      assert.notEqual(net.x, x, "a prefetched batch is swapped in, not gathered again");
      assertBatch(net, y, src, from, B);
    }
    // a prefetch of another batch than the one loaded next: that one is gathered instead
    feed.prefetch(40, B);
    feed.load(17, 7, y);
    assertBatch(net, y, src, 17, 7);
    feed.settle();
  } finally {
    kern.dispose?.();
  }
});

Deno.test("BatchFeeder: without a background gather, prefetch does nothing and load gathers", () => {
  const arena = new Arena(Mlp.arenaCapacity(cfg) + 40_000);
  const { net, src } = setup(arena, referenceKernels);
  const feed = new BatchFeeder(net, src);
  const y = new Uint8Array(B);
  const x = net.x;
  feed.prefetch(20, B);
  assert.equal(net.spareX.every((v) => v === 0), true, "nothing was gathered ahead");
  feed.load(20, B, y);
  assert.equal(net.x, x);
  assertBatch(net, y, src, 20, B);
});
