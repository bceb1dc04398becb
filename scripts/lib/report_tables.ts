/**
 * experiments/report_tables.csv: the original report's published numbers, one row per run, and
 * the one rule that finds a run's row (used by summary.csv, REPORT.md and the README).
 */
import type { RunConfig } from "../../core/config.ts";
import { readCsvExact } from "../../core/csv.ts";

/** A run's section and configuration, as both report_tables.csv and summary.csv spell them. */
export const RUN_COLUMNS = [
  "section",
  "hidden",
  "activation",
  "loss",
  "learning_rate",
  "batch_size",
  "momentum",
  "weight_decay",
  "epochs",
] as const;

/** experiments/report_tables.csv's columns. */
export const REPORT_TABLE_COLUMNS = [
  ...RUN_COLUMNS,
  "train_acc",
  "train_loss",
  "test_acc",
  "test_loss",
] as const;

/** One published run: its table, its config and its final numbers. */
export interface ReportTableRow {
  /** The table (the `reportTable` of an experiment, e.g. "sweep_lr"). */
  section: string;
  hidden: string;
  activation: string;
  loss: string;
  learningRate: number;
  batchSize: number;
  momentum: number;
  weightDecay: number;
  epochs: number;
  trainAcc: number;
  trainLoss: number;
  testAcc: number;
  testLoss: number;
}

/** Parses the report's tables; errors name the file, line and column. */
export function parseReportTablesCsv(text: string, file: string): ReportTableRow[] {
  const c = readCsvExact(text, file, REPORT_TABLE_COLUMNS);
  return c.table.rows.map((_, i) => ({
    section: c.str(i, "section"),
    hidden: c.str(i, "hidden"),
    activation: c.str(i, "activation"),
    loss: c.str(i, "loss"),
    learningRate: c.num(i, "learning_rate"),
    batchSize: c.int(i, "batch_size", 1),
    momentum: c.num(i, "momentum"),
    weightDecay: c.num(i, "weight_decay"),
    epochs: c.int(i, "epochs", 1),
    trainAcc: c.num(i, "train_acc"),
    trainLoss: c.num(i, "train_loss"),
    testAcc: c.num(i, "test_acc"),
    testLoss: c.num(i, "test_loss"),
  }));
}

/** The repository's experiments/report_tables.csv. */
export async function loadReportTables(): Promise<ReportTableRow[]> {
  const url = new URL("../../experiments/report_tables.csv", import.meta.url);
  return parseReportTablesCsv(await Deno.readTextFile(url), "experiments/report_tables.csv");
}

/** What the matcher needs of a run: its experiment's table and its config. */
export interface ReportMatchable {
  reportTable?: string;
  config: RunConfig;
}

/**
 * The published row of a run: same table, network, activation, loss and optimiser settings.
 * Epochs and data limits are left out on purpose: a shorter run still has the report's row, but
 * is not comparable with it (see comparableToReport).
 */
export function findReportRow(
  run: ReportMatchable,
  rows: readonly ReportTableRow[],
): ReportTableRow | undefined {
  if (run.reportTable === undefined) return undefined;
  const c = run.config;
  return rows.find((r) =>
    r.section === run.reportTable && r.hidden === c.hidden.join("-") &&
    r.activation === c.activation && r.loss === c.loss && r.learningRate === c.learningRate &&
    r.batchSize === c.batchSize && r.momentum === c.momentum && r.weightDecay === c.weightDecay
  );
}

/** Whether a config is the report's run itself: all of MNIST, the report's epochs. */
export function comparableToReport(config: RunConfig, row: ReportTableRow): boolean {
  return config.trainLimit === undefined && config.testLimit === undefined &&
    config.epochs === row.epochs;
}
