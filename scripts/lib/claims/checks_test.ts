/** The check kinds on hand-made results whose verdicts are known: each verdict at least once. */
import assert from "node:assert/strict";
import type { Check, Claim, Ref } from "../../../experiments/claims/schema.ts";
import { atExtreme, combine, evaluateClaim, inOrder, type Item, passes } from "./checks.ts";
import { data, rowsOf, run } from "./test_data.ts";

/** Three groups ("p", "q", "r") of runs a, b, c with these final test accuracies. */
const results = data({
  "s/a-p": run(rowsOf([0.9])),
  "s/b-p": run(rowsOf([0.8])),
  "s/c-p": run(rowsOf([0.7])),
  "s/a-q": run(rowsOf([0.7])),
  "s/b-q": run(rowsOf([0.8])),
  "s/c-q": run(rowsOf([0.9])),
  "t/a-p": run(rowsOf([0.95])),
});
const group = (g: string, expect?: string) => ({
  label: g,
  runs: ["a", "b", "c"].map((x) => `s/${x}-${g}`),
  ...(expect ? { expect: [`s/${expect}-${g}`] } : {}),
});
const claim = (...checks: Check[]): Claim => ({ id: "x", section: "§0", zh: "", en: "", checks });
const verdict = (...checks: Check[]) => evaluateClaim(claim(...checks), results).verdict;
const order = (groups: string[], direction: "descending" | "ascending" = "descending"): Check => ({
  kind: "order",
  metric: "finalTestAcc",
  direction,
  groups: groups.map((g) => group(g)),
});

Deno.test("inOrder, atExtreme, passes: strict comparisons", () => {
  assert.ok(inOrder([3, 2, 1], "descending") && !inOrder([3, 3, 1], "descending"));
  assert.ok(inOrder([1, 2, 3], "ascending") && !inOrder([1, 3, 2], "ascending"));
  assert.ok(atExtreme([1, 5, 2], [1], "max") && !atExtreme([5, 5, 2], [1], "max"));
  assert.ok(atExtreme([4, 1, 2, 9], [1, 2], "min") && !atExtreme([1, 3, 2], [0, 1], "min"));
  assert.ok(passes(2, ">", 1) && !passes(1, ">", 1) && passes(1, ">=", 1) && passes(0, "<", 1));
  assert.ok(!passes(NaN, "<", 1) && !passes(NaN, ">=", 1) && passes(Infinity, ">=", 45));
});

Deno.test("order: holds in every group, in none, in some", () => {
  assert.equal(verdict(order(["p"])), "holds");
  assert.equal(verdict(order(["q"])), "does not hold");
  assert.equal(verdict(order(["p", "q"])), "mixed");
  assert.equal(verdict(order(["q"], "ascending")), "holds");
});

Deno.test("extreme: the expected runs strictly highest or lowest", () => {
  const ex = (which: "max" | "min", ...groups: [string, string][]): Check => ({
    kind: "extreme",
    metric: "finalTestAcc",
    which,
    groups: groups.map(([g, e]) => group(g, e)),
  });
  assert.equal(verdict(ex("max", ["p", "a"], ["q", "c"])), "holds");
  assert.equal(verdict(ex("min", ["p", "a"], ["q", "c"])), "does not hold");
  assert.equal(verdict(ex("max", ["p", "a"], ["q", "a"])), "mixed");
  const two: Check = {
    kind: "extreme",
    metric: "finalTestAcc",
    which: "max",
    groups: [{ label: "p", runs: group("p").runs, expect: ["s/a-p", "s/b-p"] }],
  };
  assert.equal(verdict(two), "holds");
});

Deno.test("threshold: per run, and on a change between runs", () => {
  const th = (op: ">" | "<", value: number, runs: Ref[]): Check =>
    ({ kind: "threshold", metric: "finalTestAcc", op, value, runs }) as Check;
  assert.equal(verdict(th(">", 0.75, ["s/a-p", "s/b-p"])), "holds");
  assert.equal(verdict(th("<", 0.5, ["s/a-p", "s/b-p"])), "does not hold");
  assert.equal(verdict(th(">", 0.85, ["s/a-p", "s/b-p"])), "mixed");
  assert.equal(verdict(th(">", 0.04, [{ from: "s/a-p", to: "t/a-p" }])), "holds");
});

Deno.test("a missing run makes the claim not computed; several checks combine their items", () => {
  const missing: Check = { ...order(["p"]), groups: [group("z")] } as Check;
  assert.equal(verdict(order(["p"]), missing), "not computed");
  assert.equal(verdict(order(["p"]), order(["q"])), "mixed");
  const r = evaluateClaim(claim(order(["p"]), order(["q"])), results);
  assert.deepEqual(r.checks.map((c) => c.items.map((i) => i.ok)), [[true], [false]]);
  assert.deepEqual(r.checks[0].items[0].values.map((v) => v.label), ["a-p", "b-p", "c-p"]);
});

Deno.test("combine: the four verdicts", () => {
  const item = (ok: boolean | null): Item => ({
    label: "",
    ok,
    values: [],
    metric: "finalTestAcc",
  });
  assert.equal(combine([item(true), item(true)]), "holds");
  assert.equal(combine([item(false)]), "does not hold");
  assert.equal(combine([item(true), item(false)]), "mixed");
  assert.equal(combine([item(true), item(null)]), "not computed");
  assert.equal(combine([]), "not computed");
});
