/** results/timing.csv read back (it is written by scripts/bench_timing.ts). */
import { CsvCells, CsvError, readCsvTable } from "../../core/csv.ts";
import { TIMING_COLUMNS } from "../bench_timing.ts";

export interface TimingRow {
  /** 1 or 2 hidden layers, read from the `hidden` field ("128", "256-128"). */
  depth: number;
  hidden: string;
  activation: string;
  loss: string;
  backend: string;
  threads: number;
  stepMs: number;
  epochS: number;
}

/** Parses timing.csv; errors name the file, line and column. */
export function parseTimingCsv(text: string, file: string): TimingRow[] {
  const c = new CsvCells(readCsvTable(text, file), file, TIMING_COLUMNS);
  return c.table.rows.map((_, i) => {
    const hidden = c.str(i, "hidden");
    const widths = hidden.split(/[^0-9]+/).filter((s) => s !== "");
    if (widths.length < 1 || widths.length > 2) {
      throw new CsvError(`${c.where(i, "hidden")}: "${hidden}", expected "128" or "256-128"`);
    }
    return {
      depth: widths.length,
      hidden: widths.join("-"),
      activation: c.str(i, "activation"),
      loss: c.str(i, "loss"),
      backend: c.str(i, "backend"),
      threads: c.int(i, "threads", 1),
      stepMs: c.num(i, "step_ms"),
      epochS: c.num(i, "epoch_s"),
    };
  });
}

/** Distinct backend/threads settings in first-seen order. */
export function timingSettings(timing: TimingRow[]): { backend: string; threads: number }[] {
  const seen = new Map<string, { backend: string; threads: number }>();
  for (const t of timing) {
    const k = `${t.backend}/${t.threads}`;
    if (!seen.has(k)) seen.set(k, { backend: t.backend, threads: t.threads });
  }
  return [...seen.values()];
}
