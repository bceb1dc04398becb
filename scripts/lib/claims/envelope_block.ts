/**
 * The noise envelope's part of the conclusions section: per run whose final test figures differ
 * from the report's digits, the report's value, ours, the band over k = 0…K, and whether the
 * report's value lies inside. Pure.
 */
import { type Band, type EnvelopeRow, insideBand, TEST_DIGITS } from "../envelope.ts";
import { markdownTable } from "../text_table.ts";

const NOT_YET = "not computed yet";

function fmt(x: number | undefined): string {
  return x === undefined ? "—" : Number.isFinite(x) ? x.toFixed(TEST_DIGITS) : String(x);
}

function bandCells(b: Band | undefined, report: number | undefined, ours: number | undefined) {
  const band = b ? `${fmt(b.min)} … ${fmt(b.max)}` : NOT_YET;
  const inside = b && report !== undefined ? (insideBand(report, b) ? "inside" : "outside") : "—";
  return [fmt(report), fmt(ours), band, inside];
}

function table(rows: readonly EnvelopeRow[]): string {
  return markdownTable(
    [
      "Run",
      "Perturbations computed",
      "Test acc (report)",
      "Test acc (ours, k = 0)",
      "Test acc band",
      "Report's acc",
      "Test loss (report)",
      "Test loss (ours, k = 0)",
      "Test loss band",
      "Report's loss",
    ],
    rows.map((r) => [
      r.source.name,
      `${r.computed.length} of ${r.declared}`,
      ...bandCells(r.acc, r.report?.testAcc, r.ours?.testAcc),
      ...bandCells(r.loss, r.report?.testLoss, r.ours?.testLoss),
    ]),
    [":--", "--:", "--:", "--:", "--:", ":--", "--:", "--:", "--:", ":--"],
  );
}

/** Sentences and table; `command` computes the envelope. */
export function envelopeBlock(rows: readonly EnvelopeRow[], R: string, command: string): string[] {
  if (rows.length === 0) return ["No experiment declares the envelope study."];
  const declared = rows.reduce((s, r) => s + r.declared, 0);
  const computed = rows.reduce((s, r) => s + r.computed.length, 0);
  const ks = [...new Set(rows.map((r) => r.declared))].join(" or ");
  const out = [
    `For each of the ${rows.length} runs whose final test accuracy or loss differs from the ` +
    `report's printed digits, the same run with every initial weight scaled by (1 + k·2⁻⁵²), ` +
    `k = 1…${ks} (experiments/envelope.ts; CSVs under ${R}envelope/): rounding-level changes, ` +
    "the size of the differences between NumPy's BLAS and our kernels. The band spans our run " +
    "(k = 0) and its perturbed copies; the report's value is **inside** when it lies in the band " +
    `rounded to ${TEST_DIGITS} decimals.`,
  ];
  if (computed === 0) {
    out.push(`None of the ${declared} perturbed runs is computed yet: \`${command}\`.`);
  } else {
    const inAcc = rows.filter((r) => r.acc && r.report && insideBand(r.report.testAcc, r.acc));
    const inLoss = rows.filter((r) => r.loss && r.report && insideBand(r.report.testLoss, r.loss));
    const banded = rows.filter((r) => r.acc).length;
    const short = rows.filter((r) => r.computed.length < r.declared).map((r) => r.source.name);
    out.push(
      `${computed} of the ${declared} perturbed runs are computed` +
        (computed < declared
          ? ` (the rest: \`${command}\`; fewer than declared, for the machine's time, on ` +
            `${short.join(", ")})`
          : "") +
        `. The report's test accuracy lies inside the band for ${inAcc.length} of ${banded} ` +
        `runs, its test loss for ${inLoss.length}.`,
    );
  }
  out.push(table(rows));
  return out;
}
