/**
 * One training run exactly as the study's loop ran it: weights drawn first, then per epoch a
 * fresh shuffle of [0 … n-1], batches in order (short last batch), forward → loss → backward →
 * update, accuracy of the pre-update output, a logged window every dispFreq steps (partial
 * windows are dropped, the counter restarts each epoch), and a test pass after every epoch.
 */
import { ConfigError, type RunConfig } from "./config.ts";
import { type MnistData, PIXEL_VALUES } from "./data/mnist.ts";
import type { EpochRow } from "./csv.ts";
import { Arena } from "./kernels/arena.ts";
import type { Kernels } from "./kernels/kernels.ts";
import { BatchFeeder } from "./batches.ts";
import { type Backend, createKernels } from "./kernels/select.ts";
import { lossForwardBackward, type LossResult, type LossSpec } from "./losses.ts";
import { Mlp } from "./network.ts";
import { RandomState } from "./rng.ts";
import { npMean } from "./stats.ts";
import { loadTanh } from "./tanh.ts";

export type { Backend, EpochRow };

/** How train() runs (not what it computes: every exact backend gives the same rows). */
export interface TrainOptions {
  /** Product kernels (default `reference`; `wasm` is the fast exact one). */
  backend?: Backend;
  /** 2 shares the wasm kernels' work with a worker, same bits (default 1). */
  threads?: 1 | 2;
  /** Called with each epoch's row as soon as it is complete. */
  onEpoch?: (row: EpochRow) => void;
  /** Called after every training step (1-based step within the epoch). */
  onStep?: (epoch: number, step: number, stepsPerEpoch: number) => void;
}

/** Where and why a run stopped: a non-finite loss. */
export interface Divergence {
  /** 0-based epoch. */
  epoch: number;
  /** 1-based step within the epoch. */
  step: number;
  /** What was not finite. */
  reason: string;
}

/** A run's rows, one per finished epoch, and why it stopped early (null: it did not). */
export interface TrainResult {
  /** One row per finished epoch. */
  rows: EpochRow[];
  /** Set when the run diverged; rows then hold the epochs before. */
  diverged: Divergence | null;
}

/**
 * The dataset's pixel bytes, the shuffle order and the pixel table, copied onto the run's arena
 * so that a WebAssembly gather reads them in place (about 55 MB for full MNIST).
 */
export interface ArenaDataset {
  trainImages: Uint8Array;
  testImages: Uint8Array;
  trainLabels: Uint8Array;
  testLabels: Uint8Array;
  /** shuffled training order, rewritten each epoch */
  order: Int32Array;
  /** PIXEL_VALUES: byte → (p-128)/255 */
  table: Float64Array;
}

/** float64 slots an arena needs for placeDataset(data), with alignment padding. */
export function datasetArenaSize(data: MnistData): number {
  const slots = (bytes: number) => Math.ceil(bytes / 8) + 1;
  return slots(data.trainImages.length) + slots(data.testImages.length) +
    slots(data.trainCount * 4) + slots(PIXEL_VALUES.length * 8);
}

export function placeDataset(arena: Arena, data: MnistData): ArenaDataset {
  const trainImages = arena.allocBytes(data.trainImages.length);
  trainImages.set(data.trainImages);
  const testImages = arena.allocBytes(data.testImages.length);
  testImages.set(data.testImages);
  const table = arena.alloc(PIXEL_VALUES.length);
  table.set(PIXEL_VALUES);
  return {
    trainImages,
    testImages,
    trainLabels: data.trainLabels,
    testLabels: data.testLabels,
    order: arena.allocInt32(data.trainCount),
    table,
  };
}

/**
 * One SGD step on the batch already in net.x (first n rows) with its labels: forward, loss and
 * its gradient, backward, update. Returns the loss value and the number of correct argmaxes
 * (of the output computed before the update), or stops before backward when the loss is not
 * finite. `afterFirstLayer` runs once the first layer has read x (BatchFeeder.prefetch there).
 */
export function trainStep(
  net: Mlp,
  spec: LossSpec,
  cfg: RunConfig,
  labels: Uint8Array,
  n: number,
  result: LossResult = { value: 0, correct: 0 },
  afterFirstLayer?: () => void,
): LossResult {
  // (afterFirstLayer: where the next batch's gather starts, BatchFeeder.prefetch)
  const y = net.forward(n, afterFirstLayer);
  lossForwardBackward(spec, y, labels, n, net.outputGrad, result);
  if (!Number.isFinite(result.value)) return result;
  net.backwardAndUpdate(n, cfg.learningRate, cfg.momentum, cfg.weightDecay);
  return result;
}

/** SGD steps in one epoch (the last batch may be partial): the largest valid dispFreq. */
export function stepsPerEpoch(trainCount: number, batchSize: number): number {
  return Math.ceil(trainCount / batchSize);
}

/**
 * Trains one run of `cfg` on `data` and returns a row per epoch (the run CSV's rows).
 *
 * @example
 * ```ts ignore
 * const cfg = validateRunConfig({ epochs: 1, trainLimit: 1000, testLimit: 500, dispFreq: 10 });
 * const { rows } = await train(cfg, await loadMnist(cfg), { backend: "wasm" });
 * ```
 */
export async function train(
  cfg: RunConfig,
  data: MnistData,
  opts: TrainOptions = {},
): Promise<TrainResult> {
  const B = cfg.batchSize, nTrain = data.trainCount;
  const steps = stepsPerEpoch(nTrain, B);
  if (cfg.dispFreq > steps) {
    throw new ConfigError(
      `dispFreq = ${cfg.dispFreq}: expected at most the ${steps} steps of an epoch ` +
        `(${nTrain} samples / batch ${B}), so every epoch logs a training window`,
    );
  }
  const threads = opts.threads ?? 1;
  const arena = new Arena(Mlp.arenaCapacity(cfg) + datasetArenaSize(data), {
    shared: threads > 1,
  });
  await loadTanh(); // (GELU's tanh is synchronous: fetched first when imported from a URL)
  const kernels = await createKernels(opts.backend ?? "reference", arena, threads);
  try {
    const st = runState(cfg, data, arena, kernels);
    const rows: EpochRow[] = [];
    for (let epoch = 0; epoch < cfg.epochs; epoch++) {
      const { row, diverged } = runEpoch(st, epoch, opts);
      rows.push(row);
      opts.onEpoch?.(row);
      if (diverged) return { rows, diverged };
      // Let the event loop run (a SIGINT handler, a progress timer) between epochs.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (!Number.isFinite(row.testLoss)) {
        return {
          rows,
          diverged: { epoch, step: st.steps, reason: `test loss became ${row.testLoss}` },
        };
      }
    }
    return { rows, diverged: null };
  } finally {
    kernels.dispose?.();
  }
}

/** What the epochs of one run share: the network, its batches and the per-epoch buffers. */
interface RunState {
  cfg: RunConfig;
  net: Mlp;
  rng: RandomState;
  spec: LossSpec;
  /** the training order, reshuffled each epoch */
  idx: Int32Array;
  trainFeed: BatchFeeder;
  testFeed: BatchFeeder;
  steps: number;
  /** a batch's labels */
  labels: Uint8Array;
  stepResult: LossResult;
  /** per step of the current window, per window of the epoch, per test batch */
  stepLoss: Float64Array;
  stepAcc: Float64Array;
  winLoss: Float64Array;
  winAcc: Float64Array;
  testLoss: Float64Array;
  testAcc: Float64Array;
}

/** The network (its weights drawn from cfg.seed), the data on `arena`, and the buffers. */
function runState(cfg: RunConfig, data: MnistData, arena: Arena, kernels: Kernels): RunState {
  const B = cfg.batchSize, steps = stepsPerEpoch(data.trainCount, B);
  const rng = new RandomState(cfg.seed);
  const net = new Mlp(cfg, arena, kernels, rng);
  const ds = placeDataset(arena, data);
  const windows = Math.floor(steps / cfg.dispFreq), testBatches = Math.ceil(data.testCount / B);
  return {
    cfg,
    net,
    rng,
    spec: { loss: cfg.loss, profile: cfg.profile, margin: cfg.margin },
    idx: ds.order,
    trainFeed: new BatchFeeder(net, {
      images: ds.trainImages,
      labels: ds.trainLabels,
      idx: ds.order,
      table: ds.table,
    }),
    testFeed: new BatchFeeder(net, {
      images: ds.testImages,
      labels: ds.testLabels,
      idx: null,
      table: ds.table,
    }),
    steps,
    labels: new Uint8Array(B),
    stepResult: { value: 0, correct: 0 },
    stepLoss: new Float64Array(cfg.dispFreq),
    stepAcc: new Float64Array(cfg.dispFreq),
    winLoss: new Float64Array(windows),
    winAcc: new Float64Array(windows),
    testLoss: new Float64Array(testBatches),
    testAcc: new Float64Array(testBatches),
  };
}

/**
 * One epoch: the steps over a fresh shuffle, then the test pass. Its row, and where it diverged
 * when a training loss was not finite (the row then holds that loss alone).
 */
function runEpoch(
  st: RunState,
  epoch: number,
  opts: TrainOptions,
): { row: EpochRow; diverged: Divergence | null } {
  const { cfg, net, spec, idx, trainFeed, steps, labels, stepResult } = st;
  const { stepLoss, stepAcc, winLoss, winAcc } = st;
  const B = cfg.batchSize, nTrain = idx.length;
  for (let i = 0; i < nTrain; i++) idx[i] = i;
  st.rng.shuffle(idx);
  const t0 = performance.now();
  let inWindow = 0, windows = 0;
  for (let s = 0; s < steps; s++) {
    const from = s * B, n = Math.min(B, nTrain - from);
    trainFeed.load(from, n, labels);
    const prefetch = trainFeed.prefetchNext;
    const { value, correct } = trainStep(net, spec, cfg, labels, n, stepResult, prefetch);
    if (!Number.isFinite(value)) {
      const row: EpochRow = {
        epoch,
        trainLoss: NaN,
        trainAcc: NaN,
        windowLoss: value,
        windowAcc: NaN,
        testLoss: NaN,
        testAcc: NaN,
        seconds: secondsSince(t0),
      };
      return {
        row,
        diverged: { epoch, step: s + 1, reason: `training loss became ${value}` },
      };
    }
    stepLoss[inWindow] = value;
    stepAcc[inWindow] = correct / n;
    if (++inWindow === cfg.dispFreq) {
      winLoss[windows] = npMean(stepLoss);
      winAcc[windows] = npMean(stepAcc);
      windows++;
      inWindow = 0;
    }
    opts.onStep?.(epoch, s + 1, steps);
  }
  const seconds = secondsSince(t0);
  testPass(st);
  const row: EpochRow = {
    epoch,
    trainLoss: npMean(winLoss),
    trainAcc: npMean(winAcc),
    windowLoss: winLoss[windows - 1],
    windowAcc: winAcc[windows - 1],
    testLoss: npMean(st.testLoss),
    testAcc: npMean(st.testAcc),
    seconds,
  };
  return { row, diverged: null };
}

/** The test set, batch by batch: each batch's loss and accuracy into st.testLoss, testAcc. */
function testPass(st: RunState): void {
  const { net, spec, testFeed, labels, stepResult, testLoss, testAcc } = st;
  const B = st.cfg.batchSize, nTest = testFeed.rows;
  for (let s = 0, from = 0; from < nTest; s++, from += B) {
    const n = Math.min(B, nTest - from);
    testFeed.load(from, n, labels);
    const { value, correct } = lossForwardBackward(
      spec,
      net.forward(n),
      labels,
      n,
      null,
      stepResult,
    );
    testLoss[s] = value;
    testAcc[s] = correct / n;
  }
}

/** Wall-clock seconds, kept to 0.1 ms (machine time; never compared). */
function secondsSince(t0: number): number {
  return Math.round((performance.now() - t0) * 10) / 10000;
}
