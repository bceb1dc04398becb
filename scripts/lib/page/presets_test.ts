import assert from "node:assert/strict";
import { buildChartJobs } from "../figures.ts";
import { loadResults } from "../results_tree.ts";
import { loadTemplates } from "../templates.ts";
import { buildPresets } from "./presets.ts";

const FIX = new URL("../../testdata/", import.meta.url).pathname;
const RESULTS = new URL("../../../results", import.meta.url).pathname;

Deno.test("one preset per figure of the report, in its order, with the figure's runs", async () => {
  const tree = await loadResults(`${FIX}results_small`, `${FIX}report_tables_small.csv`);
  const jobs = buildChartJobs(tree, await loadTemplates());
  const presets = buildPresets(jobs, tree);
  assert.deepEqual(presets.map((p) => p.id), jobs.map((j) => j.id));
  const by = (id: string) => presets.find((p) => p.id === id)!;
  assert.deepEqual(by("one_hidden/loss-relu-hinge").view, {
    chart: "curves",
    runs: ["one_hidden/relu-hinge"],
    metric: "loss",
    src: ["train", "test"],
    layout: "overlay",
    log: false,
    timing: "",
  });
  assert.deepEqual(by("sweep_lr/panels-acc").view.runs, ["sweep_lr/lr=0.1", "sweep_lr/lr=0.01"]);
  assert.equal(by("sweep_lr/panels-acc").view.layout, "facet");
  const overlay = by("one_hidden/overlay-test_loss");
  assert.deepEqual([overlay.view.src, overlay.view.log], [["test"], true]);
  assert.deepEqual(by("depth/acc-gelu-softmax_ce").view.runs, [
    "one_hidden/gelu-softmax_ce",
    "two_hidden/gelu-softmax_ce",
  ]);
  assert.deepEqual([
    by("timing/epoch_s-wasm-t1").view.chart,
    by("timing/epoch_s-wasm-t1").view.timing,
  ], [
    "timing",
    "wasm-t1",
  ]);
  assert.equal(by("depth/acc-gelu-softmax_ce").group, "One vs two hidden layers");
  assert.equal(by("sweep_lr/panels-acc").figure, "charts/sweep_lr/panels-acc.svg");
});

Deno.test("the committed study: every figure of REPORT.md has a preset naming existing runs", async () => {
  const tree = await loadResults(RESULTS);
  const jobs = buildChartJobs(tree, await loadTemplates());
  const presets = buildPresets(jobs, tree);
  const report = await Deno.readTextFile(`${RESULTS}/REPORT.md`);
  const ids = new Set(tree.runs.map((r) => r.spec.name));
  for (const p of presets) {
    assert.ok(report.includes(`charts/${p.id}.`), `REPORT.md lacks figure ${p.id}`);
    for (const r of p.view.runs) assert.ok(ids.has(r), `${p.id}: unknown run ${r}`);
  }
  const figures = report.match(/charts\/[^)"]+\.(png|svg)/g) ?? [];
  assert.equal(new Set(figures.map((f) => f.replace(/\.(png|svg)$/, ""))).size, presets.length);
});
