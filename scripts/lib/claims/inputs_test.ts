/** loadConclusions on the committed results/: no textbook study yet, the envelope declared. */
import assert from "node:assert/strict";
import { loadResults } from "../results_tree.ts";
import { loadConclusions } from "./inputs.ts";

const root = new URL("../../../", import.meta.url).pathname;

Deno.test("loadConclusions: results/textbook/quick/ is not a textbook study; 10 envelopes of 4", async () => {
  const tables = `${root}experiments/report_tables.csv`;
  const tree = await loadResults(`${root}results`, tables);
  const input = await loadConclusions(tree, `${root}results`, "results/", tables);
  assert.equal(input.textbook, null);
  assert.equal(input.author.runs.size, 37);
  assert.ok(input.author.timing !== null);
  assert.equal(input.envelope.length, 10);
  assert.ok(input.envelope.every((r) => r.declared === 4 && r.report && r.ours));
  // the envelope runs are computed later; until then the table says so
  assert.ok(input.envelope.every((r) => r.computed.length === 0 || r.acc !== undefined));
});
