import assert from "node:assert/strict";
import { validateRunConfig } from "../config.ts";
import { loadMnist } from "../data/mnist.ts";
import { train } from "../train.ts";
import { WorkerPool } from "./pool.ts";
import type { RunJob, RunResult } from "./run_worker.ts";

const WORKER = new URL("./run_worker.ts", import.meta.url);
const tiny = (seed: number) =>
  validateRunConfig({
    hidden: [8],
    epochs: 2,
    batchSize: 50,
    dispFreq: 2,
    trainLimit: 200,
    testLimit: 100,
    seed,
  });

Deno.test("run workers give the same rows as an in-process train(), whatever the schedule", async () => {
  const data = await loadMnist({ trainLimit: 200, testLimit: 100 });
  const direct = await Promise.all([1, 2, 3].map((s) => train(tiny(s), data)));
  const pool = new WorkerPool<RunJob, RunResult>(WORKER, 2);
  try {
    const epochs: number[] = [];
    const viaPool = await Promise.all(
      [3, 1, 2].map((s) =>
        pool.run({ config: tiny(s), backend: "reference" }, (m) => {
          if (m.type === "epoch") epochs.push((m.row as { epoch: number }).epoch);
        })
      ),
    );
    const bySeed = [viaPool[1], viaPool[2], viaPool[0]];
    for (let i = 0; i < 3; i++) {
      const strip = (rows: { seconds: number }[]) => rows.map((r) => ({ ...r, seconds: 0 }));
      assert.deepEqual(strip(bySeed[i].rows), strip(direct[i].rows));
      assert.equal(bySeed[i].diverged, null);
      assert.ok(bySeed[i].seconds >= 0);
    }
    assert.equal(epochs.length, 6);
  } finally {
    pool.close();
  }
});

Deno.test("a run that throws fails with the engine's message; the worker keeps serving", async () => {
  const pool = new WorkerPool<RunJob, RunResult>(WORKER, 1);
  try {
    const bad = { ...tiny(1), dispFreq: 50 }; // 4 steps per epoch: no full window
    await assert.rejects(
      pool.run({ config: bad, backend: "reference" }),
      /ConfigError: dispFreq = 50: expected at most the 4 steps of an epoch/,
    );
    const ok = await pool.run({ config: tiny(1), backend: "reference" });
    assert.equal(ok.rows.length, 2);
  } finally {
    pool.close();
  }
});
