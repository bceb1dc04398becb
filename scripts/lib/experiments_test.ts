import assert from "node:assert/strict";
import { expandExperiments, expandStudy, matchesOnly, quickConfig } from "./experiments.ts";
import { loadExperimentFiles } from "../../experiments/mod.ts";
import { DEFAULT_CONFIG } from "../../core/config.ts";
import { comparableToReport, findReportRow, loadReportTables } from "./report_tables.ts";

const runs = expandExperiments(await loadExperimentFiles());
const byName = new Map(runs.map((r) => [r.name, r]));

Deno.test("the study has the report's 34 runs plus 3 stability runs, with stable names", () => {
  assert.equal(runs.length, 9 + 9 + 16 + 3);
  for (
    const name of [
      "one_hidden/gelu-softmax_ce",
      "two_hidden/relu-hinge",
      "sweep_lr/lr=0.001",
      "sweep_lr/lr=0.0001",
      "sweep_batch_size/batch_size=10",
      "sweep_momentum/momentum=0.99",
      "sweep_momentum/momentum=0",
      "sweep_weight_decay/weight_decay=0.0002",
      "stability/gelu-hinge-lr=0.1",
    ]
  ) assert.ok(byName.has(name), name);
  assert.deepEqual(runs.slice(0, 3).map((r) => r.name), [
    "one_hidden/sigmoid-euclidean",
    "one_hidden/sigmoid-softmax_ce",
    "one_hidden/sigmoid-hinge",
  ]);
});

Deno.test("configs carry the study's values: hinge lr 1e-4, sweeps around lr 0.01 / 50 epochs", () => {
  const h = byName.get("two_hidden/relu-hinge")!.config;
  assert.deepEqual(h.hidden, [256, 128]);
  assert.equal(h.learningRate, 1e-4);
  assert.equal(h.epochs, 100);
  assert.equal(byName.get("one_hidden/relu-softmax_ce")!.config.learningRate, 0.1);
  const s = byName.get("sweep_batch_size/batch_size=10")!.config;
  assert.deepEqual([s.activation, s.loss, s.learningRate, s.batchSize, s.epochs], [
    "gelu",
    "softmax_ce",
    0.01,
    10,
    50,
  ]);
  const st = byName.get("stability/sigmoid-hinge-lr=0.1")!.config;
  assert.deepEqual([st.loss, st.learningRate, st.epochs], ["hinge", 0.1, 20]);
  for (const r of runs) {
    assert.equal(r.config.seed, 42);
    assert.equal(r.config.initStd, DEFAULT_CONFIG.initStd);
    assert.equal(r.config.margin, 5);
    assert.equal(r.config.dispFreq, 100);
    assert.equal(r.config.profile, "author");
    assert.equal(r.config.trainLimit, undefined);
  }
});

Deno.test("every row of experiments/report_tables.csv is the report row of exactly one run", async () => {
  const rows = await loadReportTables();
  assert.equal(rows.length, 34);
  for (const row of rows) {
    const hits = runs.filter((r) => findReportRow(r, rows) === row);
    assert.equal(hits.length, 1, JSON.stringify(row));
    assert.ok(comparableToReport(hits[0].config, row), `${hits[0].name}: the report's epochs`);
  }
});

Deno.test("an unknown key in a run config names file, run, key, value and expectation", () => {
  const bad = {
    "experiments/sweeps.ts": [{
      kind: "sweep",
      section: "sweep_lr",
      name: "lr={learningRate}",
      base: {},
      key: "learningRate",
      values: [0.1, -1],
    }],
  };
  assert.throws(
    () => expandExperiments(bad),
    {
      message: "experiments/sweeps.ts run sweep_lr/lr=-1: learningRate = -1: expected a number > 0",
    },
  );
  const typo = {
    "experiments/x.ts": [{
      kind: "grid",
      section: "s",
      name: "{activation}",
      base: { learningrate: 0.1 },
      axes: { activation: ["gelu"] },
    }],
  };
  assert.throws(
    () => expandExperiments(typo),
    /experiments\/x\.ts .*section s: base: key learningrate = 0\.1: expected one of hidden/,
  );
  const wrongType = {
    "experiments/x.ts": [{
      kind: "grid",
      section: "s",
      name: "{activation}",
      base: { batchSize: "100" },
      axes: { activation: ["gelu"] },
    }],
  };
  assert.throws(
    () => expandExperiments(wrongType),
    { message: 'experiments/x.ts run s/gelu: batchSize = "100": expected an integer >= 1' },
  );
});

Deno.test("structure errors: unknown experiment keys, kinds, placeholders, duplicates", () => {
  const one = (exp: unknown) => expandExperiments({ "experiments/x.ts": [exp] });
  const grid = {
    kind: "grid",
    section: "s",
    name: "{activation}",
    base: {},
    axes: { activation: ["gelu"] },
  };
  assert.throws(
    () => one({ ...grid, axis: {} }),
    /experiments\/x\.ts experiment 0: key axis = \{\}: expected one of kind, section, name, base, axes, overrides/,
  );
  assert.throws(() => one({ ...grid, kind: "table" }), /kind = "table": expected grid\|sweep/);
  assert.throws(
    () => one({ ...grid, name: "{act}" }),
    /name placeholder = "\{act\}": expected a config key/,
  );
  assert.throws(
    () => one({ ...grid, axes: { activation: [] } }),
    /axes\.activation = \[\]: expected a non-empty list/,
  );
  assert.throws(
    () => one({ ...grid, axes: { activation: ["gelu", "gelu"] } }),
    /run s\/gelu: run name = "s\/gelu": expected a name not already used/,
  );
  assert.throws(
    () => one({ ...grid, overrides: [{ when: { loss: "hinge" }, then: {} }] }),
    /overrides\[0\]: key then/,
  );
  assert.throws(
    () => one({ ...grid, axes: { activation: ["tanh"] } }),
    /run s\/tanh: activation = "tanh": expected one of sigmoid\|relu\|gelu/,
  );
  assert.throws(
    () => one({ kind: "sweep", section: "s", name: "x", base: {}, key: "lr", values: [1] }),
    /key = "lr": expected a config key/,
  );
});

Deno.test("quickConfig shrinks the problem and keeps a full window in every epoch", () => {
  const q = quickConfig(byName.get("sweep_batch_size/batch_size=200")!.config);
  assert.deepEqual([q.trainLimit, q.testLimit, q.epochs, q.dispFreq, q.batchSize], [
    6000,
    2000,
    2,
    20,
    200,
  ]);
  const tiny = quickConfig({ ...byName.get("one_hidden/gelu-hinge")!.config, batchSize: 1000 });
  assert.equal(tiny.dispFreq, 6);
  assert.equal(tiny.learningRate, 1e-4);
});

Deno.test("matchesOnly: substring, glob and comma lists", () => {
  assert.ok(matchesOnly("sweep_lr/lr=0.1", "sweep_lr"));
  assert.ok(matchesOnly("one_hidden/gelu-hinge", "one_*/*hinge"));
  assert.ok(!matchesOnly("two_hidden/gelu-hinge", "one_*"));
  assert.ok(matchesOnly("two_hidden/gelu-hinge", "one_*, two_hidden/gelu"));
  assert.ok(!matchesOnly("sweep_lr/lr=0.1", "sweep_lr/lr=0.?1"));
  assert.ok(matchesOnly("sweep_lr/lr=0.01", "sweep_lr/lr=0.?1"));
});

Deno.test("sections carry the experiment's metadata, with defaults", async () => {
  const { sections } = expandStudy(await loadExperimentFiles());
  assert.deepEqual(sections.map((s) => s.id), [
    "one_hidden",
    "two_hidden",
    "sweep_lr",
    "sweep_batch_size",
    "sweep_momentum",
    "sweep_weight_decay",
    "stability",
  ]);
  const bs = sections[3];
  assert.deepEqual([bs.kind, bs.title, bs.label, bs.keys, bs.reportTable], [
    "sweep",
    "Batch size",
    "batch size",
    ["batchSize"],
    "sweep_batch_size",
  ]);
  assert.equal(sections[1].comparesDepthWith, "one_hidden");
  assert.equal(sections[6].reportTable, undefined);
  assert.equal(sections[6].runs[0].reportTable, undefined);
  const plain = expandStudy({
    "experiments/x.ts": [{
      kind: "sweep",
      section: "s",
      name: "m={momentum}",
      key: "momentum",
      values: [0],
    }],
  }).sections[0];
  assert.deepEqual([plain.title, plain.label], ["s", "momentum"]);
});

Deno.test("metadata errors: bad title, duplicate section, depth comparison with no grid", () => {
  const grid = { kind: "grid", section: "s", name: "{activation}", axes: { activation: ["gelu"] } };
  assert.throws(
    () => expandStudy({ "experiments/x.ts": [{ ...grid, title: "" }] }),
    /x\.ts experiment 0 section s: title = "": expected a non-empty string/,
  );
  assert.throws(
    () => expandStudy({ "experiments/x.ts": [{ ...grid, label: "a" }] }),
    /key label = "a": expected one of/,
  );
  assert.throws(
    () => expandStudy({ "experiments/x.ts": [grid], "experiments/y.ts": [{ ...grid, name: "b" }] }),
    /experiments\/y\.ts: section = "s": expected a section not already used \(also in experiments\/x\.ts\)/,
  );
  assert.throws(
    () => expandStudy({ "experiments/x.ts": [{ ...grid, comparesDepthWith: "t" }] }),
    /section s: comparesDepthWith = "t": expected the id of a grid section/,
  );
});
