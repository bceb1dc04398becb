/** A PageRun for the client tests, with the fields a test cares about. */
import type { PageRun } from "../page_data.ts";

/** A run of the page with plain defaults, overridden by `over`. */
export function fakeRun(over: Partial<PageRun> = {}): PageRun {
  return {
    id: "one_hidden/gelu-hinge",
    section: "one_hidden",
    name: "gelu-hinge",
    label: "GELU + hinge",
    network: "784-128-10",
    activation: "gelu",
    loss: "hinge",
    hidden: "128",
    learningRate: 0.0001,
    batchSize: 100,
    momentum: 0.9,
    weightDecay: 0.0002,
    epochs: 3,
    status: "ok",
    divergedEpoch: null,
    finalTestAcc: 0.9,
    finalTestLoss: 0.5,
    peakTestAcc: 0.91,
    peakEpoch: 1,
    report: { trainAcc: 0.95, trainLoss: 0.2, testAcc: 0.89, testLoss: 0.6 },
    secondsPerEpoch: 2,
    reference: "identical",
    configHash: "abc",
    engineVersion: "1",
    denoVersion: "2.9.6",
    backend: "wasm",
    sameAs: null,
    csv: "epoch,train_loss,train_acc,window_loss,window_acc,test_loss,test_acc,seconds\n" +
      "0,1,0.8,0.9,0.85,0.7,0.88,2\n1,0.8,0.9,0.6,0.92,0.6,0.91,2\n2,0.7,0.93,0.5,0.95,0.5,0.9,2\n",
    ...over,
  };
}
