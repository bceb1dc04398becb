/**
 * Per-epoch cost of the study's training step, for each activation/loss pair at both depths:
 * a fixed block of STEPS full-size steps (batch 100, shuffled real MNIST rows) per iteration,
 * scaled to an epoch (600 steps) by scripts/bench_timing.ts. Setup (data, weights, kernels)
 * is outside the timed region; names carry every parameter.
 *
 *   deno bench -A bench/epoch_bench.ts            (or: deno task bench, which also writes CSV)
 */
import { ACTIVATIONS, LOSSES, validateRunConfig } from "../core/config.ts";
import { loadMnist } from "../core/data/mnist.ts";
import { Arena } from "../core/kernels/arena.ts";
import { createOpenblasKernels } from "../core/kernels/openblas.ts";
import { type Backend, createKernels, resolveBackend } from "../core/kernels/select.ts";
import { Mlp } from "../core/network.ts";
import { RandomState } from "../core/rng.ts";
import { LEARNING_RATE_BY_LOSS } from "../experiments/_shared.ts";
import { PROFILE_ENV } from "./bench_env.ts";
import { datasetArenaSize, placeDataset, trainStep } from "../core/train.ts";
import { BatchFeeder } from "../core/batches.ts";

export const STEPS = 10;
// The profile the steps run in: `deno task bench --profile` sets it (a bench file takes no flags).
const profile = Deno.env.get(PROFILE_ENV) ?? "author";
const data = await loadMnist();
const order = new Int32Array(data.trainCount).map((_, i) => i);
new RandomState(42).shuffle(order);

interface Variant {
  backend: Backend;
  threads: 1 | 2;
}
const VARIANTS: Variant[] = [
  { backend: "wasm", threads: 1 },
  { backend: "wasm", threads: 2 },
];
// The native kernels (bit-identical), when a C compiler builds them here.
try {
  await resolveBackend("native");
  VARIANTS.push({ backend: "native", threads: 1 }, { backend: "native", threads: 2 });
} catch (e) {
  console.error(`bench: skipping backend native: ${(e as Error).message}`);
}
// The opt-in OpenBLAS backend (not bit-reproducible), when the system library is there.
try {
  createOpenblasKernels().dispose?.();
  VARIANTS.push({ backend: "openblas", threads: 1 });
} catch (e) {
  console.error(`bench: skipping backend openblas: ${(e as Error).message}`);
}
// The reference kernels are slow: one pair per depth is enough for the ratio.
const REFERENCE_PAIR = "gelu-softmax_ce";

for (const hidden of [[128], [256, 128]]) {
  for (const activation of ACTIVATIONS) {
    for (const loss of LOSSES) {
      const pair = `${activation}-${loss}`;
      const variants = pair === REFERENCE_PAIR
        ? [{ backend: "reference", threads: 1 } as Variant, ...VARIANTS]
        : VARIANTS;
      for (const { backend, threads } of variants) {
        const cfg = validateRunConfig({
          hidden,
          activation,
          loss,
          learningRate: LEARNING_RATE_BY_LOSS[loss],
          profile,
        }, `${PROFILE_ENV}: `);
        const arena = new Arena(Mlp.arenaCapacity(cfg) + datasetArenaSize(data), {
          shared: threads > 1,
        });
        const kernels = await createKernels(backend, arena, threads);
        const net = new Mlp(cfg, arena, kernels, new RandomState(cfg.seed));
        const ds = placeDataset(arena, data);
        ds.order.set(order);
        const spec = { loss: cfg.loss, profile: cfg.profile, margin: cfg.margin };
        const labels = new Uint8Array(cfg.batchSize);
        const result = { value: 0, correct: 0 };
        const feed = new BatchFeeder(net, {
          images: ds.trainImages,
          labels: ds.trainLabels,
          idx: ds.order,
          table: ds.table,
        });
        const B = cfg.batchSize, span = data.trainCount - B;
        let cursor = 0;
        Deno.bench({
          name: `epoch hidden=${hidden.join("-")} activation=${activation} loss=${loss} ` +
            `backend=${backend} threads=${threads} steps=${STEPS}` +
            (profile === "author" ? "" : ` profile=${profile}`),
          group: `hidden=${hidden.join("-")} ${pair}`,
          baseline: backend === "wasm" && threads === 1,
          n: backend === "reference" ? 3 : 15,
          warmup: 2,
          fn() {
            // as train() runs an epoch: the next batch gathered while this one trains
            for (let s = 0; s < STEPS; s++) {
              feed.load(cursor, B, labels);
              cursor = (cursor + B) % span;
              trainStep(net, spec, cfg, labels, B, result, feed.prefetchNext);
            }
          },
        });
      }
    }
  }
}
