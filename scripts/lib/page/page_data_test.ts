import assert from "node:assert/strict";
import { buildChartJobs } from "../figures.ts";
import { loadResults } from "../results_tree.ts";
import { loadTemplates } from "../templates.ts";
import { buildPageData, defaultPreset, finiteOrNull, type PageInputs } from "./page_data.ts";
import { buildPresets } from "./presets.ts";

const FIX = new URL("../../testdata/", import.meta.url).pathname;

async function inputs(over: Partial<PageInputs> = {}): Promise<PageInputs> {
  const tree = await loadResults(`${FIX}results_small`, `${FIX}report_tables_small.csv`);
  return {
    tree,
    presets: buildPresets(buildChartJobs(tree, await loadTemplates()), tree),
    manifest: null,
    verdicts: new Map([["one_hidden/relu-hinge", "different"]]),
    resultsLabel: "results_small/",
    referenceLabel: "results/",
    bundles: { vega: "1.0.0" },
    ...over,
  };
}

Deno.test("buildPageData: one row per run with config, final, peak, report and status", async () => {
  const data = buildPageData(await inputs());
  assert.deepEqual(data.runs.map((r) => r.id), [
    "one_hidden/relu-hinge",
    "one_hidden/gelu-softmax_ce",
    "two_hidden/gelu-softmax_ce",
    "sweep_lr/lr=0.1",
    "sweep_lr/lr=0.01",
    "stability/relu-hinge-lr=0.1",
  ]);
  const r = data.runs[1];
  assert.equal(r.label, "GELU + softmax CE");
  assert.equal(r.network, "784-128-10");
  assert.deepEqual([r.activation, r.loss, r.hidden, r.learningRate, r.batchSize], [
    "gelu",
    "softmax_ce",
    "128",
    0.1,
    100,
  ]);
  assert.equal(r.epochs, 6);
  assert.equal(r.status, "ok");
  assert.ok(r.peakTestAcc! >= r.finalTestAcc!);
  assert.ok(
    r.csv.startsWith(
      "epoch,train_loss,train_acc,window_loss,window_acc,test_loss,test_acc,seconds\n",
    ),
  );
  assert.equal(data.runs[0].reference, "different");
  assert.equal(r.reference, "no reference");
  assert.equal(r.configHash, null);
  assert.deepEqual(data.sections.map((s) => s.id), [
    "one_hidden",
    "two_hidden",
    "sweep_lr",
    "stability",
  ]);
  assert.equal(data.defaultPreset, "one_hidden/overlay-test_acc");
  assert.equal(data.timing[0].network, "One hidden (784-128-10)");
  assert.deepEqual(data.provenance.bundles, { vega: "1.0.0" });
});

Deno.test("buildPageData: the report's numbers only for runs comparable with it", async () => {
  const data = buildPageData(await inputs());
  const report = (id: string) => data.runs.find((r) => r.id === id)!.report;
  // relu-hinge: same config as the report's row (100 epochs); the others' rows say 4 or 6 epochs.
  assert.deepEqual(report("one_hidden/relu-hinge"), {
    trainAcc: 0.9996,
    trainLoss: 0.0008,
    testAcc: 0.9715,
    testLoss: 0.66439,
  });
  assert.equal(report("one_hidden/gelu-softmax_ce"), null);
  assert.equal(report("stability/relu-hinge-lr=0.1"), null);
});

Deno.test("buildPageData: manifest facts reach the runs and the provenance", async () => {
  const base = await inputs();
  const id = "sweep_lr/lr=0.01";
  const entry = {
    config: base.tree.runs.find((r) => r.spec.name === id)!.spec.config,
    configHash: "h1",
    engineVersion: "1",
    denoVersion: "2.9.6",
    backend: "wasm" as const,
    wallSeconds: 3,
    status: "ok" as const,
    sameAs: "one_hidden/gelu-softmax_ce",
  };
  const data = buildPageData({
    ...base,
    manifest: {
      engineVersion: "1",
      quick: false,
      studyHash: "s",
      denoVersion: "2.9.6",
      runs: { [id]: entry },
    },
  });
  const r = data.runs.find((x) => x.id === id)!;
  assert.deepEqual([r.configHash, r.backend, r.sameAs], [
    "h1",
    "wasm",
    "one_hidden/gelu-softmax_ce",
  ]);
  assert.deepEqual([data.provenance.studyHash, data.provenance.denoVersion], ["s", "2.9.6"]);
});

Deno.test("finiteOrNull and defaultPreset", () => {
  assert.deepEqual([
    finiteOrNull(1),
    finiteOrNull(NaN),
    finiteOrNull(-Infinity),
    finiteOrNull(undefined),
  ], [1, null, null, null]);
  assert.equal(defaultPreset([]), "");
});
