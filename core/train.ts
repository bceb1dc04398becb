/**
 * One training run exactly as the study's loop ran it: weights drawn first, then per epoch a
 * fresh shuffle of [0 … n-1], batches in order (short last batch), forward → loss → backward →
 * update, accuracy of the pre-update output, a logged window every dispFreq steps (partial
 * windows are dropped, the counter restarts each epoch), and a test pass after every epoch.
 */
import { ConfigError, type RunConfig } from "./config.ts";
import { IMAGE_SIZE, type MnistData, PIXEL_VALUES } from "./data/mnist.ts";
import { type EpochRow } from "./csv.ts";
import { Arena } from "./kernels/arena.ts";
import { type Backend, createKernels } from "./kernels/select.ts";
import { lossForwardBackward, type LossResult, type LossSpec } from "./losses.ts";
import { Mlp } from "./network.ts";
import { RandomState } from "./rng.ts";
import { npMean } from "./stats.ts";

export type { Backend, EpochRow };

export interface TrainOptions {
  backend?: Backend;
  threads?: 1 | 2;
  onEpoch?: (row: EpochRow) => void;
  onStep?: (epoch: number, step: number, stepsPerEpoch: number) => void;
}

export interface Divergence {
  epoch: number;
  /** 1-based step within the epoch. */
  step: number;
  reason: string;
}

export interface TrainResult {
  rows: EpochRow[];
  diverged: Divergence | null;
}

/** Copies rows idx[from … from+n-1] of the images into x as (p-128)/255, and their labels. */
export function gather(
  images: Uint8Array,
  labels: Uint8Array,
  idx: Int32Array | null,
  from: number,
  n: number,
  x: Float64Array,
  y: Uint8Array,
): void {
  for (let r = 0; r < n; r++) {
    const s = idx ? idx[from + r] : from + r;
    const src = s * IMAGE_SIZE, dst = r * IMAGE_SIZE;
    for (let p = 0; p < IMAGE_SIZE; p++) x[dst + p] = PIXEL_VALUES[images[src + p]];
    y[r] = labels[s];
  }
}

/**
 * One SGD step on the batch already in net.x (first n rows) with its labels: forward, loss and
 * its gradient, backward, update. Returns the loss value and the number of correct argmaxes
 * (of the output computed before the update), or stops before backward when the loss is not
 * finite.
 */
export function trainStep(
  net: Mlp,
  spec: LossSpec,
  cfg: RunConfig,
  labels: Uint8Array,
  n: number,
  result: LossResult = { value: 0, correct: 0 },
): LossResult {
  const y = net.forward(n);
  lossForwardBackward(spec, y, labels, n, net.outputGrad, result);
  if (!Number.isFinite(result.value)) return result;
  net.backward(n);
  net.update(cfg.learningRate, cfg.momentum, cfg.weightDecay);
  return result;
}

export async function train(
  cfg: RunConfig,
  data: MnistData,
  opts: TrainOptions = {},
): Promise<TrainResult> {
  const B = cfg.batchSize;
  const nTrain = data.trainCount, nTest = data.testCount;
  const steps = Math.ceil(nTrain / B);
  if (cfg.dispFreq > steps) {
    throw new ConfigError(
      `dispFreq = ${cfg.dispFreq}: expected at most the ${steps} steps of an epoch ` +
        `(${nTrain} samples / batch ${B}), so every epoch logs a training window`,
    );
  }
  const threads = opts.threads ?? 1;
  const arena = new Arena(Mlp.arenaCapacity(cfg), { shared: threads > 1 });
  const kernels = await createKernels(opts.backend ?? "reference", arena, threads);
  try {
    const rng = new RandomState(cfg.seed);
    const net = new Mlp(cfg, arena, kernels, rng);
    const spec: LossSpec = { loss: cfg.loss, profile: cfg.profile, margin: cfg.margin };
    const labels = new Uint8Array(B);
    const idx = new Int32Array(nTrain);
    const stepLoss = new Float64Array(cfg.dispFreq), stepAcc = new Float64Array(cfg.dispFreq);
    const windowsPerEpoch = Math.floor(steps / cfg.dispFreq);
    const winLoss = new Float64Array(windowsPerEpoch), winAcc = new Float64Array(windowsPerEpoch);
    const testLoss = new Float64Array(Math.ceil(nTest / B));
    const testAcc = new Float64Array(testLoss.length);
    const rows: EpochRow[] = [];
    const stepResult: LossResult = { value: 0, correct: 0 };

    for (let epoch = 0; epoch < cfg.epochs; epoch++) {
      for (let i = 0; i < nTrain; i++) idx[i] = i;
      rng.shuffle(idx);
      const t0 = performance.now();
      let inWindow = 0, windows = 0;
      for (let s = 0; s < steps; s++) {
        const from = s * B, n = Math.min(B, nTrain - from);
        gather(data.trainImages, data.trainLabels, idx, from, n, net.x, labels);
        const { value, correct } = trainStep(net, spec, cfg, labels, n, stepResult);
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
          rows.push(row);
          opts.onEpoch?.(row);
          return {
            rows,
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

      for (let s = 0, from = 0; from < nTest; s++, from += B) {
        const n = Math.min(B, nTest - from);
        gather(data.testImages, data.testLabels, null, from, n, net.x, labels);
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
      const row: EpochRow = {
        epoch,
        trainLoss: npMean(winLoss),
        trainAcc: npMean(winAcc),
        windowLoss: winLoss[windows - 1],
        windowAcc: winAcc[windows - 1],
        testLoss: npMean(testLoss),
        testAcc: npMean(testAcc),
        seconds,
      };
      rows.push(row);
      opts.onEpoch?.(row);
      if (!Number.isFinite(row.testLoss)) {
        return {
          rows,
          diverged: { epoch, step: steps, reason: `test loss became ${row.testLoss}` },
        };
      }
    }
    return { rows, diverged: null };
  } finally {
    kernels.dispose?.();
  }
}

/** Wall-clock seconds, kept to 0.1 ms (machine time; never compared). */
function secondsSince(t0: number): number {
  return Math.round((performance.now() - t0) * 10) / 10000;
}
