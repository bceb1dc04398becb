/** loadConclusions on the committed results/: the textbook study and the whole envelope. */
import assert from "node:assert/strict";
import { loadResults } from "../results_tree.ts";
import { loadConclusions } from "./inputs.ts";

const root = new URL("../../../", import.meta.url).pathname;

Deno.test("loadConclusions: the committed textbook study; 10 envelopes of 4, two-hidden ones at 2", async () => {
  const tables = `${root}experiments/report_tables.csv`;
  const tree = await loadResults(`${root}results`, tables);
  const input = await loadConclusions(tree, `${root}results`, "results/", tables);
  assert.equal(input.author.runs.size, 37);
  assert.ok(input.author.timing !== null);
  assert.equal(input.textbook?.runs.size, 37);
  assert.ok(input.textbook?.timing !== null, "results/textbook/timing.csv");
  assert.equal(input.envelope.length, 10);
  assert.ok(input.envelope.every((r) => r.declared === 4 && r.report && r.ours));
  // the whole envelope is computed: k = 1…4 of every run, each with its band
  assert.ok(input.envelope.every((r) => r.computed.length === 4 && r.acc !== undefined));
});
