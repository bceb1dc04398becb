/**
 * The claims file: well-formed entries, every run it names exists in the main study, and on the
 * committed results/ each claim gets the verdict REPORT.md shows (a change there is deliberate).
 */
import assert from "node:assert/strict";
import { loadExperimentFiles } from "../mod.ts";
import CLAIMS from "./claims.ts";
import type { Ref } from "./schema.ts";
import { expandStudy } from "../../scripts/lib/experiments.ts";
import { loadResults } from "../../scripts/lib/results_tree.ts";
import { claimData } from "../../scripts/lib/claims/inputs.ts";
import { evaluateClaim } from "../../scripts/lib/claims/checks.ts";

const refs = (r: Ref): string[] => (typeof r === "string" ? [r] : [r.from, r.to]);

Deno.test("claims: unique ids, the report's words in both languages, a section, checks", () => {
  assert.equal(new Set(CLAIMS.map((c) => c.id)).size, CLAIMS.length);
  for (const c of CLAIMS) {
    assert.ok(/[\u4e00-\u9fff]/.test(c.zh) && /\.$/.test(c.en), c.id);
    assert.ok(c.section.startsWith("§") && c.checks.length > 0, c.id);
  }
});

Deno.test("claims: every run a check names is a run of the main study", async () => {
  const names = new Set(expandStudy(await loadExperimentFiles()).runs.map((r) => r.name));
  for (const c of CLAIMS) {
    for (const check of c.checks) {
      const all = check.kind === "threshold"
        ? check.runs
        : check.groups.flatMap((g) => [...g.runs, ...(g.expect ?? [])]);
      for (const name of all.flatMap(refs)) assert.ok(names.has(name), `${c.id}: ${name}`);
    }
  }
});

Deno.test("claims: their verdicts on the committed author-profile results", async () => {
  const root = new URL("../../", import.meta.url).pathname;
  const tree = await loadResults(`${root}results`, `${root}experiments/report_tables.csv`);
  const got = Object.fromEntries(
    CLAIMS.map((c) => [c.id, evaluateClaim(c, claimData(tree)).verdict]),
  );
  const holds = Object.keys(got).filter((id) => got[id] === "holds");
  const not = Object.keys(got).filter((id) => got[id] === "does not hold");
  assert.deepEqual(Object.values(got).filter((v) => v === "not computed"), []);
  assert.deepEqual(not, ["gelu-converges-slowest", "batch-large-smoother"]);
  assert.deepEqual(holds, [
    "gelu-slowest-epoch",
    "hinge-fastest-loss",
    "hinge-stable",
    "depth-relu-euclidean-largest",
    "depth-others-no-gain",
    "depth-slower",
    "lr-0.01-best",
    "lr-0.1-oscillates",
    "lr-small-lower-train",
    "batch-100-best",
    "momentum-0.9-best",
    "momentum-0.99-oscillates",
    "momentum-small-lower",
    "weight-decay-small-best",
    "weight-decay-large-worse",
    "stability-softmax-over-euclidean",
    "stability-hinge-no-convergence",
  ]);
});
