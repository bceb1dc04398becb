/**
 * The envelope file declares exactly the runs it should: every run whose committed final test
 * figures (results/summary.csv) differ from the report's printed digits, each perturbed k = 1…K,
 * each envelope run the config of one main-study run plus `perturb`, none in the main study.
 */
import assert from "node:assert/strict";
import { loadExperimentFiles } from "./mod.ts";
import { ENVELOPE_K } from "./envelope.ts";
import { expandStudy } from "../scripts/lib/experiments.ts";
import { differingRuns, sourceRun } from "../scripts/lib/envelope.ts";
import { loadReportTables } from "../scripts/lib/report_tables.ts";
import { parseSummaryCsv } from "../scripts/lib/summary.ts";

const files = await loadExperimentFiles();
const main = expandStudy(files).runs;
const envelope = expandStudy(files, "envelope").runs;

Deno.test("envelope: its sources are the runs whose test figures differ from the report's digits", async () => {
  const path = new URL("../results/summary.csv", import.meta.url);
  const summary = parseSummaryCsv(await Deno.readTextFile(path), "results/summary.csv");
  const finals = summary.flatMap((s) => {
    const run = main.find((r) => r.name === s.run);
    return run && s.testAcc !== null && s.testLoss !== null
      ? [{ run, testAcc: s.testAcc, testLoss: s.testLoss }]
      : [];
  });
  const expected = differingRuns(finals, await loadReportTables());
  const sources = [...new Set(envelope.map((e) => sourceRun(e, main)?.name))];
  assert.deepEqual([...sources].sort(), [...expected].sort());
  assert.equal(expected.length, 10);
});

Deno.test("envelope: k = 1…K of the source's exact config, in its own study and folders", () => {
  for (const e of envelope) {
    const source = sourceRun(e, main);
    assert.ok(source, `${e.name}: no source run`);
    assert.equal(e.section, "env_" + source.name.replace(/[^a-z0-9]+/g, "_"));
  }
  assert.equal(envelope.length % ENVELOPE_K, 0);
  assert.deepEqual(
    [...new Set(envelope.map((e) => e.config.perturb))],
    Array.from({ length: ENVELOPE_K }, (_, i) => i + 1),
  );
  assert.equal(main.length, 37);
  assert.ok(main.every((r) => r.config.perturb === undefined));
});
