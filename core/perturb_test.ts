/**
 * The noise envelope's perturbation: k = 0 or absent is the reference run bit for bit (same
 * weights, same rows, same config hash); k = 1 moves every initial weight by 1–2 ulp, and a
 * short training run then differs from the reference at rounding level only.
 */
import assert from "node:assert/strict";
import { type RunConfig, validateRunConfig } from "./config.ts";
import { loadMnist } from "./data/mnist.ts";
import { Arena } from "./kernels/arena.ts";
import { referenceKernels } from "./kernels/reference.ts";
import { Mlp } from "./network.ts";
import { perturbFactor, perturbWeights } from "./perturb.ts";
import { RandomState } from "./rng.ts";
import { type EpochRow, train } from "./train.ts";
import { configHash } from "../scripts/lib/hash.ts";
import { assertThrowsMessage } from "./test_util.ts";

/** One unit in the last place of x (x finite, nonzero). */
function ulp(x: number): number {
  return 2 ** (Math.floor(Math.log2(Math.abs(x))) - 52);
}

function initialWeights(cfg: RunConfig): Float64Array[] {
  const net = new Mlp(
    cfg,
    new Arena(Mlp.arenaCapacity(cfg)),
    referenceKernels,
    new RandomState(42),
  );
  return net.layers.map((L) => L.w.slice());
}

const tiny = (perturb?: number) =>
  validateRunConfig({
    hidden: [8],
    epochs: 1,
    batchSize: 50,
    dispFreq: 2,
    trainLimit: 200,
    testLimit: 100,
    perturb,
  });

Deno.test("perturbFactor is exactly 1 + k·2^-52; perturbWeights(·, 0 | undefined) is a no-op", () => {
  assert.equal(perturbFactor(1), 1 + Number.EPSILON);
  assert.equal(perturbFactor(4) - 1, 4 * Number.EPSILON);
  const w = new Float64Array([0.01, -0.3, 0, 1e-5]);
  const before = w.slice();
  perturbWeights(w, undefined);
  perturbWeights(w, 0);
  assert.deepEqual(w, before);
});

Deno.test("perturb 0 is stored as absent: same config, same hash as the reference run", async () => {
  assert.equal(tiny(0).perturb, undefined);
  assert.deepEqual(tiny(0), tiny());
  assert.equal(await configHash(tiny(0)), await configHash(tiny()));
  assert.notEqual(await configHash(tiny(1)), await configHash(tiny()));
  assertThrowsMessage(() => tiny(-1), "perturb = -1", "an integer >= 0");
  assertThrowsMessage(() => tiny(1.5), "perturb = 1.5");
});

Deno.test("perturb 1 moves every nonzero initial weight by 1–2 ulp, and nothing else", () => {
  const ref = initialWeights(tiny());
  const k1 = initialWeights(tiny(1));
  const k2 = initialWeights(tiny(2));
  for (let l = 0; l < ref.length; l++) {
    for (let i = 0; i < ref[l].length; i++) {
      const d = Math.abs(k1[l][i] - ref[l][i]) / ulp(ref[l][i]);
      assert.ok(d >= 1 && d <= 2, `layer ${l} weight ${i}: moved ${d} ulp`);
      assert.notEqual(k2[l][i], k1[l][i]);
    }
  }
});

Deno.test("train: perturb 0 gives the reference rows bit for bit; perturb 1 differs at rounding level", async () => {
  const data = await loadMnist({ trainLimit: 200, testLimit: 100 });
  const strip = (rows: EpochRow[]) => rows.map((r) => ({ ...r, seconds: 0 }));
  const ref = strip((await train(tiny(), data, { backend: "reference" })).rows);
  const k0 = strip((await train(tiny(0), data, { backend: "reference" })).rows);
  const k1 = strip((await train(tiny(1), data, { backend: "reference" })).rows);
  assert.deepEqual(k0, ref);
  assert.notDeepEqual(k1, ref);
  const rel = Math.abs(k1[0].trainLoss - ref[0].trainLoss) / ref[0].trainLoss;
  assert.ok(rel > 0 && rel < 1e-12, `train loss moved by ${rel} relative`);
});
