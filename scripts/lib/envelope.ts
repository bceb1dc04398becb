/**
 * The noise envelope (experiments/envelope.ts, study "envelope"): which runs need one, which
 * committed run each envelope run perturbs, and the band of final test figures over k = 0…K.
 */
import type { EpochRow } from "../../core/csv.ts";
import { canonicalJson } from "./hash.ts";
import type { RunSpec } from "./experiments.ts";
import { findReportRow, type ReportTableRow } from "./report_tables.ts";

/** Digits the report prints its test figures with. */
export const TEST_DIGITS = 5;

/** A run's final test figures. */
export interface FinalTest {
  run: RunSpec;
  testAcc: number;
  testLoss: number;
}

/** Names of the runs whose final test accuracy or loss, at the report's digits, is not its value. */
export function differingRuns(finals: readonly FinalTest[], report: readonly ReportTableRow[]) {
  const round = (x: number) => x.toFixed(TEST_DIGITS);
  return finals.filter((f) => {
    const r = findReportRow(f.run, report);
    return r !== undefined &&
      (round(f.testAcc) !== round(r.testAcc) || round(f.testLoss) !== round(r.testLoss));
  }).map((f) => f.run.name);
}

/** The main-study run an envelope run perturbs: the same config once `perturb` is removed. */
export function sourceRun(env: RunSpec, main: readonly RunSpec[]): RunSpec | undefined {
  const key = canonicalJson({ ...env.config, perturb: undefined });
  return main.find((r) => r.config.perturb === undefined && canonicalJson(r.config) === key);
}

/** Lowest and highest of some finite values (NaN when there are none). */
export interface Band {
  min: number;
  max: number;
}

/** The band of `values`; non-finite values widen it to ±Infinity. */
export function band(values: readonly number[]): Band {
  if (values.length === 0) return { min: NaN, max: NaN };
  const v = values.map((x) => (Number.isNaN(x) ? Infinity : x));
  return { min: Math.min(...v), max: Math.max(...v) };
}

/** Whether a printed value lies in the band, both rounded to `digits`. */
export function insideBand(printed: number, b: Band, digits = TEST_DIGITS): boolean {
  const r = (x: number) => Number.isFinite(x) ? Number(x.toFixed(digits)) : x;
  return r(b.min) <= printed && printed <= r(b.max);
}

/** One row of the envelope table: a committed run, its perturbed copies found, the bands. */
export interface EnvelopeRow {
  source: RunSpec;
  report: ReportTableRow | undefined;
  ours: EpochRow | undefined;
  /** The k of the perturbed runs that exist, ascending. */
  computed: number[];
  /** Declared perturbations (K). */
  declared: number;
  /** Over k = 0 (ours) and every computed k; undefined when none is computed. */
  acc?: Band;
  loss?: Band;
}

/**
 * The envelope table: one row per source run, in the envelope file's order. `rowsOf` gives a
 * run's epochs (undefined: not computed); the band spans our run (k = 0) and its perturbed copies.
 */
export function envelopeRows(
  envelope: readonly RunSpec[],
  main: readonly RunSpec[],
  report: readonly ReportTableRow[],
  rowsOf: (run: RunSpec, env: boolean) => EpochRow[] | undefined,
): EnvelopeRow[] {
  const rows = new Map<string, EnvelopeRow>();
  for (const e of envelope) {
    const source = sourceRun(e, main);
    if (source === undefined) throw new Error(`${e.name}: no run of the main study has its config`);
    const ours = rowsOf(source, false)?.at(-1);
    const row = rows.get(source.name) ??
      { source, report: findReportRow(source, report), ours, computed: [], declared: 0 };
    row.declared++;
    const last = rowsOf(e, true)?.at(-1);
    if (last !== undefined && ours !== undefined) {
      row.computed.push(e.config.perturb ?? 0);
      row.acc = band([ours.testAcc, ...(row.acc ? [row.acc.min, row.acc.max] : []), last.testAcc]);
      row.loss = band([
        ours.testLoss,
        ...(row.loss ? [row.loss.min, row.loss.max] : []),
        last.testLoss,
      ]);
    }
    rows.set(source.name, row);
  }
  return [...rows.values()];
}
