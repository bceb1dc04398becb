/** The envelope table: "not computed yet" until the runs exist, then bands and inside/outside. */
import assert from "node:assert/strict";
import { validateRunConfig } from "../../../core/config.ts";
import type { EnvelopeRow } from "../envelope.ts";
import type { ReportTableRow } from "../report_tables.ts";
import { envelopeBlock } from "./envelope_block.ts";
import { rowsOf } from "./test_data.ts";

const source = { name: "s/a", section: "s", file: "x.ts", config: validateRunConfig({}) };
const report = { testAcc: 0.975, testLoss: 0.08 } as ReportTableRow;
const ours = rowsOf([0.97], [{ testLoss: 0.09 }])[0];
const row = (computed: number[], acc?: [number, number]): EnvelopeRow => ({
  source,
  report,
  ours,
  computed,
  declared: 4,
  ...(acc ? { acc: { min: acc[0], max: acc[1] }, loss: { min: 0.085, max: 0.09 } } : {}),
});

Deno.test("envelopeBlock: nothing computed yet names the command, never a number for the band", () => {
  const text = envelopeBlock([row([])], "results/", "CMD").join("\n");
  assert.ok(text.includes("None of the 4 perturbed runs is computed yet: `CMD`."));
  assert.ok(text.includes("| s/a | 0 of 4 | 0.97500 | 0.97000 | not computed yet | — |"));
});

Deno.test("envelopeBlock: bands and whether the report's value is inside", () => {
  const text = envelopeBlock([row([1, 2, 3, 4], [0.97, 0.976])], "results/", "CMD").join("\n");
  assert.ok(text.includes("4 of the 4 perturbed runs are computed. The report's test accuracy"));
  assert.ok(text.includes("inside the band for 1 of 1 runs, its test loss for 0."));
  assert.ok(text.includes("| 0.97000 … 0.97600 | inside |"));
  assert.ok(text.includes("| 0.08500 … 0.09000 | outside |"));
  const partial = envelopeBlock([row([1], [0.96, 0.97])], "results/", "CMD").join("\n");
  assert.ok(
    partial.includes(
      "1 of the 4 perturbed runs are computed (the rest: `CMD`; fewer than declared, for the " +
        "machine's time, on s/a)",
    ),
  );
  assert.ok(partial.includes("| outside |"));
});
