/**
 * results/summary.csv: one row per run with its final numbers next to the report's.
 * The report's "Train" column is the last training window of the last epoch and its "Test"
 * column the last test pass, so ours are taken from the last epoch row the same way.
 */
import { CsvCells, formatCsv, readCsvTable } from "../../core/csv.ts";
import type { RunSpec } from "./experiments.ts";
import {
  comparableToReport,
  findReportRow,
  type ReportTableRow,
  RUN_COLUMNS,
} from "./report_tables.ts";

export const SUMMARY_COLUMNS = [
  "run",
  ...RUN_COLUMNS,
  /** Samples kept ("" for all of MNIST): a reduced run must not read as a full one. */
  "train_limit",
  "test_limit",
  "status",
  "diverged_epoch",
  "window_acc",
  "window_loss",
  "test_acc",
  "test_loss",
  "report_train_acc",
  "report_train_loss",
  "report_test_acc",
  "report_test_loss",
  "diff_train_acc",
  "diff_train_loss",
  "diff_test_acc",
  "diff_test_loss",
] as const;

/** The fields of a run's last epoch row the summary needs (core/train.ts EpochRow has them). */
export interface LastRow {
  windowAcc: number;
  windowLoss: number;
  testAcc: number;
  testLoss: number;
}

export interface SummaryInput {
  run: RunSpec;
  status: "ok" | "diverged";
  /** Epoch at which NaN/Inf appeared (diverged runs only). */
  divergedEpoch?: number;
  /** Last epoch row written, or undefined when a run diverged before finishing one. */
  last?: LastRow;
}

/** Shortest round-trip form, as in the run CSVs; "" for a missing value. */
function fmt(x: number | undefined): string {
  return x === undefined ? "" : String(x);
}

/** The report's row of a run, only when the run is the report's own (not a reduced one). */
function comparableRow(run: RunSpec, table: readonly ReportTableRow[]) {
  const row = findReportRow(run, table);
  return row !== undefined && comparableToReport(run.config, row) ? row : undefined;
}

/** One summary.csv row (as cells) for a run. */
export function summaryRow(input: SummaryInput, table: readonly ReportTableRow[]): string[] {
  const { run, last } = input;
  const c = run.config;
  const rep = comparableRow(run, table);
  const diff = (ours: number | undefined, theirs: number | undefined) =>
    ours === undefined || theirs === undefined ? undefined : ours - theirs;
  return [
    run.name,
    run.section,
    c.hidden.join("-"),
    c.activation,
    c.loss,
    fmt(c.learningRate),
    fmt(c.batchSize),
    fmt(c.momentum),
    fmt(c.weightDecay),
    fmt(c.epochs),
    fmt(c.trainLimit),
    fmt(c.testLimit),
    input.status,
    input.status === "diverged" ? fmt(input.divergedEpoch) : "",
    fmt(last?.windowAcc),
    fmt(last?.windowLoss),
    fmt(last?.testAcc),
    fmt(last?.testLoss),
    fmt(rep?.trainAcc),
    fmt(rep?.trainLoss),
    fmt(rep?.testAcc),
    fmt(rep?.testLoss),
    fmt(diff(last?.windowAcc, rep?.trainAcc)),
    fmt(diff(last?.windowLoss, rep?.trainLoss)),
    fmt(diff(last?.testAcc, rep?.testAcc)),
    fmt(diff(last?.testLoss, rep?.testLoss)),
  ];
}

/** The whole summary.csv text; rows in the order given (the study's order). */
export function formatSummaryCsv(
  inputs: SummaryInput[],
  table: readonly ReportTableRow[],
): string {
  return formatCsv(SUMMARY_COLUMNS, inputs.map((input) => summaryRow(input, table)));
}

/** What the report reads back from summary.csv. */
export interface SummaryRow {
  run: string;
  section: string;
  status: string;
  divergedEpoch: number | null;
  windowAcc: number | null;
  windowLoss: number | null;
  testAcc: number | null;
  testLoss: number | null;
}

/** Parses summary.csv (extra columns are allowed); errors name the file, line and column. */
export function parseSummaryCsv(text: string, file: string): SummaryRow[] {
  const c = new CsvCells(readCsvTable(text, file), file, SUMMARY_COLUMNS);
  return c.table.rows.map((_, i) => ({
    run: c.str(i, "run"),
    section: c.str(i, "section"),
    status: c.str(i, "status"),
    divergedEpoch: c.optNum(i, "diverged_epoch"),
    windowAcc: c.optNum(i, "window_acc"),
    windowLoss: c.optNum(i, "window_loss"),
    testAcc: c.optNum(i, "test_acc"),
    testLoss: c.optNum(i, "test_loss"),
  }));
}
