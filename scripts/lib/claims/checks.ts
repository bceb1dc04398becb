/**
 * The claims' checks (experiments/claims/schema.ts Check) as plain functions over results: each
 * gives items (a group of runs, or one run) that hold or not, with the numbers behind them; a
 * claim's verdict combines its items.
 */
import type { Check, Claim, Group, Metric, Ref } from "../../../experiments/claims/schema.ts";
import { type ClaimData, refValue } from "./metrics.ts";

/** A claim's verdict. */
export type Verdict = "holds" | "does not hold" | "mixed" | "not computed";

/** One group or run of a check: whether it holds, and its values by label. */
export interface Item {
  label: string;
  /** null: some value is unavailable. */
  ok: boolean | null;
  /** `gain`: the value is a change (two hidden layers minus one). */
  values: { label: string; value: number | undefined; gain: boolean }[];
  metric: Metric;
}

/** A claim evaluated: its verdict, and each check's items. */
export interface ClaimResult {
  claim: Claim;
  verdict: Verdict;
  checks: { check: Check; items: Item[] }[];
}

/** A reference's short label: the run name without its section ("gelu-hinge", "lr=0.1"). */
export function refLabel(ref: Ref): string {
  const short = (name: string) => name.slice(name.indexOf("/") + 1);
  if (typeof ref === "string") return short(ref);
  return short(ref.to) === short(ref.from)
    ? short(ref.to)
    : `${short(ref.to)} − ${short(ref.from)}`;
}

function values(refs: readonly Ref[], metric: Metric, data: ClaimData) {
  return refs.map((r) => ({
    label: refLabel(r),
    value: refValue(r, metric, data),
    gain: typeof r !== "string",
  }));
}

const known = (vs: Item["values"]) => vs.every((v) => v.value !== undefined);

/** Whether the values run strictly down (descending) or up, in the listed order. */
export function inOrder(xs: readonly number[], direction: "descending" | "ascending"): boolean {
  return xs.every((x, i) =>
    i === 0 || (direction === "descending" ? xs[i - 1] > x : xs[i - 1] < x)
  );
}

/** Whether the values at `expect` indices are strictly above (max) or below (min) all others. */
export function atExtreme(xs: readonly number[], expect: readonly number[], which: "max" | "min") {
  const inside = xs.filter((_, i) => expect.includes(i));
  const outside = xs.filter((_, i) => !expect.includes(i));
  return which === "max"
    ? Math.min(...inside) > Math.max(...outside)
    : Math.max(...inside) < Math.min(...outside);
}

/** Whether `x op value`. */
export function passes(x: number, op: ">" | "<" | ">=" | "<=", value: number): boolean {
  return op === ">" ? x > value : op === "<" ? x < value : op === ">=" ? x >= value : x <= value;
}

function groupItem(g: Group, metric: Metric, data: ClaimData, test: (xs: number[]) => boolean) {
  const vs = values(g.runs, metric, data);
  const ok = known(vs) ? test(vs.map((v) => v.value!)) : null;
  return { label: g.label, ok, values: vs, metric };
}

/** The items of one check. */
export function checkItems(check: Check, data: ClaimData): Item[] {
  const m = check.metric;
  switch (check.kind) {
    case "order":
      return check.groups.map((g) => groupItem(g, m, data, (xs) => inOrder(xs, check.direction)));
    case "extreme":
      return check.groups.map((g) => {
        const at = (g.expect ?? []).map((e) =>
          g.runs.findIndex((r) => refLabel(r) === refLabel(e))
        );
        return groupItem(g, m, data, (xs) => atExtreme(xs, at, check.which));
      });
    case "threshold":
      return check.runs.map((r) => {
        const [v] = values([r], m, data);
        const ok = v.value === undefined ? null : passes(v.value, check.op, check.value);
        return { label: v.label, ok, values: [v], metric: m };
      });
  }
}

/** holds: every item holds; does not hold: none; mixed: some; not computed: any is unavailable. */
export function combine(items: readonly Item[]): Verdict {
  if (items.length === 0 || items.some((i) => i.ok === null)) return "not computed";
  const n = items.filter((i) => i.ok).length;
  return n === items.length ? "holds" : n === 0 ? "does not hold" : "mixed";
}

/** A claim evaluated on some results. */
export function evaluateClaim(claim: Claim, data: ClaimData): ClaimResult {
  const checks = claim.checks.map((check) => ({ check, items: checkItems(check, data) }));
  return { claim, verdict: combine(checks.flatMap((c) => c.items)), checks };
}
