import assert from "node:assert/strict";
import { compile } from "vega-lite";
import { parseRunColumns } from "./csv.js";
import {
  curvePoints,
  curveSpec,
  describeCurves,
  facetColumns,
  reportValue,
  seriesNames,
  timingSettings,
  timingSpec,
} from "./spec.js";
import { defaultView } from "./state.js";
import { fakeRun } from "./fixture_test_util.ts";
import type { PageRun } from "../page_data.ts";

const series = (run: PageRun) => ({ run, cols: parseRunColumns(run.csv).columns });

Deno.test("seriesNames: the label, else with the network, else the id", () => {
  const a = fakeRun();
  const b = fakeRun({ id: "two_hidden/gelu-hinge", network: "784-256-128-10" });
  const c = fakeRun({ id: "x/gelu-hinge" });
  const d = fakeRun({ id: "sweep_lr/lr=0.1", label: "lr = 0.1" });
  assert.deepEqual([...seriesNames([a, d]).values()], ["GELU + hinge", "lr = 0.1"]);
  assert.deepEqual([...seriesNames([a, b, c]).values()], [
    "one_hidden/gelu-hinge",
    "GELU + hinge, 784-256-128-10",
    "x/gelu-hinge",
  ]);
});

Deno.test("curvePoints: one point per epoch and curve, the report's value at the last epoch", () => {
  const view = { ...defaultView(), src: ["test" as const, "train" as const, "window" as const] };
  const pts = curvePoints([series(fakeRun())], view);
  assert.equal(pts.filter((p) => p.kind === "curve").length, 9);
  const rep = pts.filter((p) => p.kind === "report");
  // test → the report's test value; last window → its train value; epoch mean → none.
  assert.deepEqual(rep.map((p) => [p.source, p.epoch, p.value]), [
    ["test", 2, 0.89],
    ["train (last window)", 2, 0.95],
  ]);
  assert.equal(reportValue(fakeRun({ report: null }), "acc", "test"), null);
});

Deno.test("curvePoints: log axis drops ≤ 0 and non-finite values to gaps; smoothing keeps raw", () => {
  const run = fakeRun({
    csv: "epoch,test_loss,test_acc\n0,0,1\n1,NaN,1\n2,2,1\n3,4,1\n",
    report: null,
  });
  const view = { ...defaultView(), metric: "loss" as const, log: true, smooth: 0.5 };
  const pts = curvePoints([series(run)], view);
  assert.deepEqual(pts.map((p) => p.raw), [null, null, 2, 4]);
  assert.equal(pts[2].value, 2);
  assert.ok(pts[3].value! > 2 && pts[3].value! < 4);
});

Deno.test("curveSpec: overlay and facet compile with vega-lite; the description is the text alternative", () => {
  const runs = [series(fakeRun()), series(fakeRun({ id: "b/x", label: "lr = 0.1" }))];
  for (const layout of ["overlay", "facet"] as const) {
    for (const smooth of [0, 0.6]) {
      const view = { ...defaultView(), layout, smooth, src: ["test" as const, "window" as const] };
      const spec = curveSpec(runs, view, { width: 700 });
      const vg = compile(spec as never).spec;
      assert.ok(vg.marks && vg.marks.length > 0);
      assert.equal(spec.description, describeCurves(runs, view));
    }
  }
  const text = describeCurves(runs, { ...defaultView() });
  assert.match(text, /^Accuracy per epoch of 2 run\(s\), test\./);
  assert.match(
    text,
    /GELU \+ hinge, test: 0\.9000 after 3 epochs, best 0\.9100 at epoch 1; report 0\.8900\./,
  );
  assert.match(describeCurves([], defaultView()), /No runs selected/);
});

Deno.test("timingSpec: one setting's bars, compiles, described", () => {
  const row = (backend: string, threads: number, network: string, epochS: number) => ({
    backend,
    threads,
    pair: "GELU + hinge",
    network,
    epochS,
    stepMs: epochS * 1.6,
  });
  const timing = [
    row("wasm", 1, "One hidden", 1.5),
    row("wasm", 1, "Two hidden", 4),
    row("wasm", 2, "One hidden", 1),
  ];
  assert.deepEqual(timingSettings(timing), ["wasm-t1", "wasm-t2"]);
  const spec = timingSpec(timing, "wasm-t1");
  assert.equal((spec.data as { values: unknown[] }).values.length, 2);
  compile(spec as never);
  assert.match(
    String(spec.description),
    /Fastest: GELU \+ hinge, One hidden \(1\.50 s\); slowest: GELU \+ hinge, Two hidden \(4\.00 s\)/,
  );
});

Deno.test("facetColumns balances the rows", () => {
  assert.deepEqual([1, 2, 3, 4, 5, 9].map((n) => facetColumns(n, 3)), [1, 2, 3, 2, 3, 3]);
  assert.equal(facetColumns(4, 0), 1);
});
