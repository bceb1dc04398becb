/** The conclusions section on hand-made inputs: before and after the textbook study exists. */
import assert from "node:assert/strict";
import type { Claim } from "../../../experiments/claims/schema.ts";
import {
  conclusionsSection,
  ENVELOPE_COMMAND,
  TEXTBOOK_COMMAND,
  verdictCounts,
} from "./section.ts";
import type { ConclusionsInput } from "./inputs.ts";
import { data, rowsOf, run } from "./test_data.ts";
import { evaluateClaim } from "./checks.ts";

const claims: Claim[] = [{
  id: "a-beats-b",
  section: "§1",
  zh: "甲优于乙",
  en: "A beats B.",
  checks: [{
    kind: "order",
    metric: "finalTestAcc",
    direction: "descending",
    groups: [{ label: "G", runs: ["s/a", "s/b"] }],
  }],
}];
const author = data({ "s/a": run(rowsOf([0.9])), "s/b": run(rowsOf([0.8])) });
const textbook = data({ "s/a": run(rowsOf([0.7])), "s/b": run(rowsOf([0.8])) });
const input = (tb: ConclusionsInput["textbook"]): ConclusionsInput => ({
  author,
  textbook: tb,
  envelope: [],
  label: "results/",
});

Deno.test("without textbook runs: its column says how to compute them; no side-by-side curves", () => {
  const text = conclusionsSection(9, claims, input(null)).join("\n\n");
  assert.ok(text.startsWith("## 9. Do the report's conclusions hold?"));
  assert.ok(text.includes("With our author-profile runs: 1 hold."));
  assert.ok(text.includes("| **holds**: G: a 0.90000, b 0.80000 ✓ |"));
  assert.ok(text.includes(`not computed yet: \`${TEXTBOOK_COMMAND}\``));
  assert.ok(text.includes("### 9.1 Noise envelope"));
  assert.ok(!text.includes("Author against textbook"));
});

Deno.test("with textbook runs: their verdicts, and the changed run's curves side by side", () => {
  const text = conclusionsSection(9, claims, input(textbook)).join("\n\n");
  assert.ok(text.includes("With the textbook runs: 1 do not hold."));
  assert.ok(text.includes("**does not hold**: G: a 0.70000, b 0.80000 ✗"));
  assert.ok(text.includes("### 9.2 Author against textbook curves"));
  assert.ok(text.includes("s/a (author 0.90000, textbook 0.70000, -0.20000)"));
  assert.ok(text.includes('<img src="textbook/charts/s/acc-a.png"'));
  assert.ok(text.includes("No experiment declares the envelope study."));
  assert.ok(!text.includes(ENVELOPE_COMMAND));
});

Deno.test("verdictCounts: only the verdicts that occur, in a fixed order", () => {
  const r = evaluateClaim(claims[0], author);
  const n = evaluateClaim(claims[0], textbook);
  assert.equal(verdictCounts([n, r, r]), "2 hold, 1 do not hold");
});
