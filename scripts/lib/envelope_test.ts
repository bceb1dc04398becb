/** The noise envelope's logic on hand-made runs. */
import assert from "node:assert/strict";
import { validateRunConfig } from "../../core/config.ts";
import type { RunSpec } from "./experiments.ts";
import { band, differingRuns, envelopeRows, insideBand, sourceRun } from "./envelope.ts";
import type { ReportTableRow } from "./report_tables.ts";
import { rowsOf } from "./claims/test_data.ts";

const spec = (name: string, patch: Record<string, unknown> = {}): RunSpec => ({
  name,
  section: name.split("/")[0],
  file: "x.ts",
  config: validateRunConfig({ epochs: 1, ...patch }),
  reportTable: "t",
});
const report = (testAcc: number, testLoss: number): ReportTableRow => ({
  section: "t",
  hidden: "128",
  activation: "gelu",
  loss: "softmax_ce",
  learningRate: 0.1,
  batchSize: 100,
  momentum: 0.9,
  weightDecay: 2e-4,
  epochs: 1,
  trainAcc: 0,
  trainLoss: 0,
  testAcc,
  testLoss,
});

Deno.test("differingRuns: a test figure differs at the report's 5 digits", () => {
  const run = spec("s/a");
  assert.deepEqual(
    differingRuns([{ run, testAcc: 0.975104, testLoss: 0.085434 }], [report(0.9751, 0.08543)]),
    [],
  );
  assert.deepEqual(
    differingRuns([{ run, testAcc: 0.97512, testLoss: 0.08543 }], [report(0.9751, 0.08543)]),
    ["s/a"],
  );
  assert.deepEqual(
    differingRuns([{ run, testAcc: 0.9751, testLoss: 0.0855 }], [report(0.9751, 0.08543)]),
    ["s/a"],
  );
});

Deno.test("sourceRun: the main run with the same config but perturb", () => {
  const main = [spec("s/a"), spec("s/b", { momentum: 0.5 })];
  assert.equal(sourceRun(spec("e/k=1", { momentum: 0.5, perturb: 1 }), main)?.name, "s/b");
  assert.equal(sourceRun(spec("e/k=1", { momentum: 0.6, perturb: 1 }), main), undefined);
});

Deno.test("band and insideBand: rounded to the printed digits; non-finite widens", () => {
  assert.deepEqual(band([0.97, 0.975, 0.972]), { min: 0.97, max: 0.975 });
  assert.deepEqual(band([0.97, NaN]), { min: 0.97, max: Infinity });
  assert.ok(Number.isNaN(band([]).min));
  assert.ok(insideBand(0.9751, { min: 0.975096, max: 0.976 }));
  assert.ok(!insideBand(0.9749, { min: 0.975, max: 0.976 }));
});

Deno.test("envelopeRows: our run and the computed perturbations make the band", () => {
  const main = [spec("s/a")];
  const env = [1, 2, 3].map((k) => spec(`e/k=${k}`, { perturb: k }));
  const rows = new Map([["s/a", rowsOf([0.97])], ["e/k=1", rowsOf([0.96])], [
    "e/k=3",
    rowsOf([0.98]),
  ]]);
  const [row] = envelopeRows(env, main, [report(0.975, 0.03)], (r) => rows.get(r.name));
  assert.deepEqual([row.source.name, row.declared, row.computed], ["s/a", 3, [1, 3]]);
  assert.deepEqual(row.acc, { min: 0.96, max: 0.98 });
  assert.equal(row.report?.testAcc, 0.975);
  const [none] = envelopeRows(
    env,
    main,
    [],
    (r) => (r.name === "s/a" ? rows.get("s/a") : undefined),
  );
  assert.deepEqual([none.computed, none.acc], [[], undefined]);
  assert.throws(
    () => envelopeRows([spec("e/x", { momentum: 0.1, perturb: 1 })], main, [], () => undefined),
    /no run of the main study/,
  );
});
