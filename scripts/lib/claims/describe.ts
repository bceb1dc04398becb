/**
 * Words for the claims' checks: what a check measures, and an item's numbers, as REPORT.md
 * prints them. Pure.
 */
import type { Check, Metric, Ref } from "../../../experiments/claims/schema.ts";
import type { Item } from "./checks.ts";
import { TIMING_SETTING } from "./metrics.ts";

/** What a metric measures, in words. */
export function describeMetric(m: Metric): string {
  if (typeof m === "object") {
    return "epochsToTestAcc" in m
      ? `first epoch with test accuracy ≥ ${m.epochsToTestAcc}`
      : `first epoch whose mean training loss is ≤ ${m.epochsToLossFraction * 100} % of epoch 0's`;
  }
  const words: Record<typeof m, string> = {
    finalTestAcc: "final test accuracy",
    finalTrainAcc: "final train accuracy (last training window)",
    finalTrainLoss: "last epoch's mean training loss",
    testJitter: "RMS epoch-to-epoch change of test accuracy over the 2nd half",
    trainJitter: "RMS epoch-to-epoch change of the epoch's mean train accuracy over the 2nd half",
    timingEpochSeconds:
      `our engine's seconds per epoch in timing.csv (${TIMING_SETTING.backend}, ${TIMING_SETTING.threads} thread)`,
    medianEpochSeconds: "median seconds per epoch in the run CSV (our engine, as computed)",
    nonFiniteEpochs: "number of epochs with a NaN or infinite loss",
  };
  return words[m];
}

const isGain = (refs: readonly Ref[]) => refs.some((r) => typeof r !== "string");

/** What a check measures and what it asks of it. */
export function describeCheck(c: Check): string {
  const refs = c.kind === "threshold" ? c.runs : c.groups.flatMap((g) => g.runs);
  const metric = (isGain(refs) ? "change from one to two hidden layers of the " : "") +
    describeMetric(c.metric);
  if (c.kind === "threshold") {
    return `${metric} ${c.op} ${c.value}${c.meaning ? ` (${c.meaning})` : ""}, for each run`;
  }
  const where = c.groups.length > 1
    ? `, in each of: ${c.groups.map((g) => g.label).join(", ")}`
    : "";
  if (c.kind === "order") {
    return `${metric}, strictly ${c.direction === "descending" ? "falling" : "rising"} in the ` +
      `claimed order${where}`;
  }
  return `${metric}: the claimed run(s) strictly ${
    c.which === "max" ? "highest" : "lowest"
  }${where}`;
}

/** A metric value as printed: accuracies 5 decimals, RMS in pp, seconds, epochs, counts. */
export function formatValue(m: Metric, x: number | undefined, signed = false): string {
  if (x === undefined) return "—";
  if (Number.isNaN(x)) return "n/a";
  if (x === Infinity) return typeof m === "object" ? "never" : "∞";
  const sign = signed && x >= 0 ? "+" : "";
  if (typeof m === "object" || m === "nonFiniteEpochs") return `${sign}${x}`;
  if (m === "testJitter" || m === "trainJitter") return `${sign}${(x * 100).toFixed(3)} pp`;
  if (m === "timingEpochSeconds" || m === "medianEpochSeconds") return `${sign}${x.toFixed(3)} s`;
  if (m === "finalTrainLoss") return `${sign}${x.toFixed(2)}`;
  return `${sign}${x.toFixed(5)}`;
}

/** An item's numbers: "Euclidean: gelu-euclidean 0.97390, relu-euclidean 0.95190 ✗". */
export function formatItem(item: Item): string {
  const vs = item.values.map((v) => `${v.label} ${formatValue(item.metric, v.value, v.gain)}`);
  const mark = item.ok === null ? "(not computed)" : item.ok ? "✓" : "✗";
  const head = vs.length === 1 && item.label === item.values[0].label ? "" : `${item.label}: `;
  return `${head}${vs.join(", ")} ${mark}`;
}
