/**
 * results/summary.csv: one row per run with its final numbers next to the report's.
 * The report's "Train" column is the last training window of the last epoch and its "Test"
 * column the last test pass, so ours are taken from the last epoch row the same way.
 */
import type { RunSpec } from "./experiments.ts";

export const SUMMARY_COLUMNS = [
  "run",
  "section",
  "hidden",
  "activation",
  "loss",
  "learning_rate",
  "batch_size",
  "momentum",
  "weight_decay",
  "epochs",
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

export interface ReportNumbers {
  trainAcc: number;
  trainLoss: number;
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

function reportKey(
  section: string,
  hidden: string,
  activation: string,
  loss: string,
  nums: number[],
): string {
  return [section, hidden, activation, loss, ...nums.map(String)].join("|");
}

function runKey(run: RunSpec): string | undefined {
  const c = run.config;
  // A reduced (--quick) run is not the report's run: no comparison.
  if (c.trainLimit !== undefined || c.testLimit !== undefined) return undefined;
  return reportKey(run.section, c.hidden.join("-"), c.activation, c.loss, [
    c.learningRate,
    c.batchSize,
    c.momentum,
    c.weightDecay,
    c.epochs,
  ]);
}

/** experiments/report_tables.csv: the report's numbers, one row per run. */
export const REPORT_TABLE_COLUMNS = [
  "section",
  "hidden",
  "activation",
  "loss",
  "learning_rate",
  "batch_size",
  "momentum",
  "weight_decay",
  "epochs",
  "train_acc",
  "train_loss",
  "test_acc",
  "test_loss",
] as const;

/** Parses experiments/report_tables.csv (plain comma-separated, no quoting) into a lookup. */
export function parseReportTables(text: string, name = "report_tables.csv") {
  const lines = text.trim().split(/\r?\n/);
  const head = lines[0].split(",");
  if (head.join(",") !== REPORT_TABLE_COLUMNS.join(",")) {
    throw new Error(`${name}: header ${lines[0]}: expected ${REPORT_TABLE_COLUMNS.join(",")}`);
  }
  const table = new Map<string, ReportNumbers>();
  lines.slice(1).forEach((line, i) => {
    const v = line.split(",");
    const num = (col: string) => {
      const x = Number(v[head.indexOf(col)]);
      if (!Number.isFinite(x)) {
        throw new Error(
          `${name} line ${i + 2}: ${col} = ${v[head.indexOf(col)]}: expected a number`,
        );
      }
      return x;
    };
    const key = reportKey(v[0], v[1], v[2], v[3], [
      num("learning_rate"),
      num("batch_size"),
      num("momentum"),
      num("weight_decay"),
      num("epochs"),
    ]);
    table.set(key, {
      trainAcc: num("train_acc"),
      trainLoss: num("train_loss"),
      testAcc: num("test_acc"),
      testLoss: num("test_loss"),
    });
  });
  return table;
}

export type ReportTable = ReturnType<typeof parseReportTables>;

export async function loadReportTables(): Promise<ReportTable> {
  const url = new URL("../../experiments/report_tables.csv", import.meta.url);
  return parseReportTables(await Deno.readTextFile(url), "experiments/report_tables.csv");
}

export function findReport(table: ReportTable, run: RunSpec): ReportNumbers | undefined {
  const key = runKey(run);
  return key === undefined ? undefined : table.get(key);
}

/** Shortest round-trip form, as in the run CSVs; "" for a missing value. */
function fmt(x: number | undefined): string {
  return x === undefined ? "" : String(x);
}

export function summaryRow(input: SummaryInput, table: ReportTable): string[] {
  const { run, last } = input;
  const c = run.config;
  const rep = findReport(table, run);
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
export function formatSummaryCsv(inputs: SummaryInput[], table: ReportTable): string {
  const lines = [SUMMARY_COLUMNS.join(",")];
  for (const input of inputs) lines.push(summaryRow(input, table).join(","));
  return lines.join("\n") + "\n";
}
