/**
 * The results tree as data: strict CSV readers for the run, summary, timing and report-table
 * files (errors name file, line and column), the study's section/run layout, and pure functions
 * that turn runs into the long-format rows the Vega-Lite templates in scripts/specs/ plot.
 */

import { ACTIVATIONS, LOSSES } from "../../core/config.ts";
import { CsvError, type EpochRow, RUN_CSV_COLUMNS } from "../../core/csv.ts";
import { TIMING_COLUMNS } from "../bench_timing.ts";
import { REPORT_TABLE_COLUMNS, SUMMARY_COLUMNS } from "./summary.ts";

// The formats are defined where the files are written; re-exported for the chart/report code.
export {
  ACTIVATIONS,
  LOSSES,
  REPORT_TABLE_COLUMNS,
  RUN_CSV_COLUMNS,
  SUMMARY_COLUMNS,
  TIMING_COLUMNS,
};

/** One line of a run CSV. */
export type RunRow = EpochRow;

export interface Run {
  section: string;
  /** File stem, e.g. "gelu-softmax_ce" or "lr=0.1". */
  name: string;
  rows: RunRow[];
}

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

export interface ReportTableRow {
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

/** The run CSV's error class (core/csv.ts), so every malformed CSV is reported alike. */
export { CsvError };

// ---------------------------------------------------------------------------------------------
// Study layout

export type SectionKind = "depth" | "sweep" | "stability";

export interface SectionInfo {
  id: string;
  kind: SectionKind;
  title: string;
  /** Run names in the study's order (file stems under results/<id>/). */
  runs: string[];
  /** Sweeps: the summary/report key being varied and its short label. */
  sweepKey?: "learning_rate" | "batch_size" | "momentum" | "weight_decay";
  sweepLabel?: string;
}

const PAIRS = ACTIVATIONS.flatMap((a) => LOSSES.map((l) => `${a}-${l}`));

/** A sweep section; run files are named "<stem>=<value>" (e.g. "lr=0.01"). */
function sweep(
  id: string,
  key: NonNullable<SectionInfo["sweepKey"]>,
  stem: string,
  label: string,
  values: string[],
  title: string,
): SectionInfo {
  return {
    id,
    kind: "sweep",
    title,
    runs: values.map((v) => `${stem}=${v}`),
    sweepKey: key,
    sweepLabel: label,
  };
}

export const SECTIONS: readonly SectionInfo[] = [
  { id: "one_hidden", kind: "depth", title: "One hidden layer (784-128-10)", runs: PAIRS },
  { id: "two_hidden", kind: "depth", title: "Two hidden layers (784-256-128-10)", runs: PAIRS },
  sweep(
    "sweep_lr",
    "learning_rate",
    "lr",
    "lr",
    ["0.1", "0.01", "0.001", "0.0001"],
    "Learning rate",
  ),
  sweep(
    "sweep_batch_size",
    "batch_size",
    "batch_size",
    "batch size",
    ["10", "50", "100", "200"],
    "Batch size",
  ),
  sweep(
    "sweep_momentum",
    "momentum",
    "momentum",
    "momentum",
    ["0", "0.5", "0.9", "0.99"],
    "Momentum",
  ),
  sweep(
    "sweep_weight_decay",
    "weight_decay",
    "weight_decay",
    "weight decay",
    ["0", "0.0002", "0.002", "0.02"],
    "Weight decay",
  ),
  {
    id: "stability",
    kind: "stability",
    title: "Hinge loss at lr 0.1 (stability check)",
    runs: ACTIVATIONS.map((a) => `${a}-hinge-lr=0.1`),
  },
];

export function sectionInfo(id: string): SectionInfo {
  const s = SECTIONS.find((x) => x.id === id);
  if (!s) throw new Error(`unknown section "${id}": expected one of ${SECTIONS.map((x) => x.id)}`);
  return s;
}

/** "lr=0.01" → 0.01; throws when the name has no "=value" tail. */
export function sweepValue(runName: string): number {
  const m = /=([^=]+)$/.exec(runName);
  const v = m ? Number(m[1]) : NaN;
  if (!Number.isFinite(v)) throw new Error(`run name "${runName}": expected "<key>=<number>"`);
  return v;
}

/** "gelu-softmax_ce" (optionally with a "-lr=..." tail) → activation and loss. */
export function parsePair(runName: string): { activation: string; loss: string } {
  const [activation, loss] = runName.split("-");
  if (!ACTIVATIONS.includes(activation as never) || !LOSSES.includes(loss as never)) {
    throw new Error(`run name "${runName}": expected "<activation>-<loss>"`);
  }
  return { activation, loss };
}

/** Human label of a run inside its section: "GELU + softmax CE", "lr = 0.01". */
export function runLabel(section: string, name: string): string {
  const s = sectionInfo(section);
  if (s.kind === "sweep") return `${s.sweepLabel} = ${sweepValue(name)}`;
  const { activation, loss } = parsePair(name);
  return `${ACT_LABEL[activation]} + ${LOSS_LABEL[loss]}`;
}

export const ACT_LABEL: Record<string, string> = { sigmoid: "Sigmoid", relu: "ReLU", gelu: "GELU" };
export const LOSS_LABEL: Record<string, string> = {
  euclidean: "Euclidean",
  softmax_ce: "softmax CE",
  hinge: "hinge",
};

/** Runs sorted into the study's order: sections as in SECTIONS, runs as listed, extras last. */
export function sortRuns(runs: Run[]): Run[] {
  const key = (r: Run): [number, number, string] => {
    const si = SECTIONS.findIndex((s) => s.id === r.section);
    const ri = si < 0 ? -1 : SECTIONS[si].runs.indexOf(r.name);
    return [si < 0 ? SECTIONS.length : si, ri < 0 ? 1e9 : ri, r.name];
  };
  return [...runs].sort((a, b) => {
    const [a0, a1, a2] = key(a);
    const [b0, b1, b2] = key(b);
    return a0 - b0 || a1 - b1 || (a2 < b2 ? -1 : a2 > b2 ? 1 : 0);
  });
}

// ---------------------------------------------------------------------------------------------
// CSV reading

interface CsvTable {
  header: string[];
  /** Data rows with their 1-based line numbers in the file. */
  rows: { line: number; cells: string[] }[];
}

/** Plain comma-separated text with optional double-quoted fields; blank lines are skipped. */
export function readCsvTable(text: string, file: string): CsvTable {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const out: { line: number; cells: string[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    out.push({ line: i + 1, cells: splitCsvLine(lines[i], file, i + 1) });
  }
  if (out.length === 0) throw new CsvError(`${file}: empty file, expected a header line`);
  const [head, ...rows] = out;
  for (const r of rows) {
    if (r.cells.length !== head.cells.length) {
      throw new CsvError(
        `${file}:${r.line}: ${r.cells.length} fields, expected ${head.cells.length} (as in the header)`,
      );
    }
  }
  return { header: head.cells, rows };
}

function splitCsvLine(line: string, file: string, lineNo: number): string[] {
  const cells: string[] = [];
  let i = 0;
  while (true) {
    if (line[i] === '"') {
      let v = "";
      let j = i + 1;
      while (true) {
        if (j >= line.length) {
          throw new CsvError(`${file}:${lineNo}:${i + 1}: unterminated quoted field`);
        }
        if (line[j] === '"') {
          if (line[j + 1] === '"') {
            v += '"';
            j += 2;
            continue;
          }
          break;
        }
        v += line[j++];
      }
      cells.push(v);
      i = j + 1;
      if (i < line.length && line[i] !== ",") {
        throw new CsvError(`${file}:${lineNo}:${i + 1}: expected "," after a quoted field`);
      }
    } else {
      const j = line.indexOf(",", i);
      cells.push((j < 0 ? line.slice(i) : line.slice(i, j)).trim());
      i = j < 0 ? line.length : j;
    }
    if (i >= line.length) break;
    i++; // skip the comma
  }
  return cells;
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Strict number: decimal/exponent forms plus NaN and ±Infinity (how diverged runs are written). */
export function parseNumberCell(cell: string): number | undefined {
  if (NUMBER_RE.test(cell)) return Number(cell);
  if (cell === "NaN") return NaN;
  if (cell === "Infinity" || cell === "+Infinity" || cell === "inf") return Infinity;
  if (cell === "-Infinity" || cell === "-inf") return -Infinity;
  return undefined;
}

/** Accessor over one table that reports bad cells by file:line:column and column name. */
class Cells {
  private index = new Map<string, number>();
  constructor(private table: CsvTable, private file: string, required: readonly string[]) {
    table.header.forEach((h, i) => this.index.set(h, i));
    const missing = required.filter((c) => !this.index.has(c));
    if (missing.length > 0) {
      throw new CsvError(
        `${file}:1: header lacks column(s) ${missing.join(", ")}; expected ${required.join(",")}`,
      );
    }
  }
  private at(row: number, col: string): { cell: string; where: string } {
    const r = this.table.rows[row];
    const c = this.index.get(col)!;
    return { cell: r.cells[c], where: `${this.file}:${r.line}:${c + 1} (column "${col}")` };
  }
  str(row: number, col: string): string {
    return this.at(row, col).cell;
  }
  num(row: number, col: string): number {
    const { cell, where } = this.at(row, col);
    const v = parseNumberCell(cell);
    if (v === undefined) throw new CsvError(`${where}: "${cell}" is not a number`);
    return v;
  }
  optNum(row: number, col: string): number | null {
    return this.str(row, col) === "" ? null : this.num(row, col);
  }
  int(row: number, col: string, min: number): number {
    const { cell, where } = this.at(row, col);
    const v = this.num(row, col);
    if (!Number.isInteger(v) || v < min) {
      throw new CsvError(`${where}: "${cell}" is not an integer >= ${min}`);
    }
    return v;
  }
}

/** A run CSV; the header must be exactly RUN_CSV_COLUMNS and epochs must count 0, 1, 2, … */
export function parseRunCsv(text: string, file: string): RunRow[] {
  const table = readCsvTable(text, file);
  if (table.header.join(",") !== RUN_CSV_COLUMNS.join(",")) {
    throw new CsvError(
      `${file}:1: header "${table.header.join(",")}", expected "${RUN_CSV_COLUMNS.join(",")}"`,
    );
  }
  const c = new Cells(table, file, RUN_CSV_COLUMNS);
  return table.rows.map((r, i) => {
    const epoch = c.int(i, "epoch", 0);
    if (epoch !== i) {
      throw new CsvError(`${file}:${r.line}:1 (column "epoch"): ${epoch}, expected ${i}`);
    }
    return {
      epoch,
      trainLoss: c.num(i, "train_loss"),
      trainAcc: c.num(i, "train_acc"),
      windowLoss: c.num(i, "window_loss"),
      windowAcc: c.num(i, "window_acc"),
      testLoss: c.num(i, "test_loss"),
      testAcc: c.num(i, "test_acc"),
      seconds: c.num(i, "seconds"),
    };
  });
}

export function parseSummaryCsv(text: string, file: string): SummaryRow[] {
  const table = readCsvTable(text, file);
  const c = new Cells(table, file, SUMMARY_COLUMNS);
  return table.rows.map((_, i) => ({
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

export function parseTimingCsv(text: string, file: string): TimingRow[] {
  const table = readCsvTable(text, file);
  const c = new Cells(table, file, TIMING_COLUMNS);
  return table.rows.map((r, i) => {
    const hidden = c.str(i, "hidden");
    const widths = hidden.split(/[^0-9]+/).filter((s) => s !== "");
    if (widths.length < 1 || widths.length > 2) {
      const col = table.header.indexOf("hidden") + 1;
      throw new CsvError(
        `${file}:${r.line}:${col} (column "hidden"): "${hidden}", expected "128" or "256-128"`,
      );
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

export function parseReportTablesCsv(text: string, file: string): ReportTableRow[] {
  const table = readCsvTable(text, file);
  const c = new Cells(table, file, REPORT_TABLE_COLUMNS);
  return table.rows.map((_, i) => ({
    section: c.str(i, "section"),
    hidden: c.str(i, "hidden"),
    activation: c.str(i, "activation"),
    loss: c.str(i, "loss"),
    learningRate: c.num(i, "learning_rate"),
    batchSize: c.num(i, "batch_size"),
    momentum: c.num(i, "momentum"),
    weightDecay: c.num(i, "weight_decay"),
    epochs: c.num(i, "epochs"),
    trainAcc: c.num(i, "train_acc"),
    trainLoss: c.num(i, "train_loss"),
    testAcc: c.num(i, "test_acc"),
    testLoss: c.num(i, "test_loss"),
  }));
}

// ---------------------------------------------------------------------------------------------
// Loading a results tree (the only I/O in this file)

export interface ResultsTree {
  runs: Run[];
  summary: SummaryRow[] | null;
  timing: TimingRow[] | null;
  reportTables: ReportTableRow[] | null;
  /** Expected inputs that were absent, as paths relative to the results dir (or repo). */
  missing: string[];
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

/**
 * Reads results/<section>/*.csv for the known sections, summary.csv, timing.csv and the report's
 * own table. Absent files are listed in `missing`; malformed ones throw CsvError.
 */
export async function loadResults(
  resultsDir: string,
  reportTablesPath = "experiments/report_tables.csv",
): Promise<ResultsTree> {
  const missing: string[] = [];
  const runs: Run[] = [];
  for (const s of SECTIONS) {
    const names = new Set(s.runs);
    try {
      for await (const e of Deno.readDir(`${resultsDir}/${s.id}`)) {
        if (e.isFile && e.name.endsWith(".csv")) names.add(e.name.slice(0, -4));
      }
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    for (const name of names) {
      const rel = `${s.id}/${name}.csv`;
      const text = await readIfExists(`${resultsDir}/${rel}`);
      if (text === null) {
        missing.push(rel);
        continue;
      }
      runs.push({ section: s.id, name, rows: parseRunCsv(text, `${resultsDir}/${rel}`) });
    }
  }
  const load = async <T>(path: string, label: string, parse: (t: string, f: string) => T) => {
    const text = await readIfExists(path);
    if (text === null) {
      missing.push(label);
      return null;
    }
    return parse(text, path);
  };
  return {
    runs: sortRuns(runs),
    summary: await load(`${resultsDir}/summary.csv`, "summary.csv", parseSummaryCsv),
    timing: await load(`${resultsDir}/timing.csv`, "timing.csv", parseTimingCsv),
    reportTables: await load(reportTablesPath, reportTablesPath, parseReportTablesCsv),
    missing: missing.sort(),
  };
}

// ---------------------------------------------------------------------------------------------
// Chart data (long format: one object per plotted point)

export interface SeriesPoint {
  epoch: number;
  /** null where the run produced NaN/±Infinity (or ≤ 0 on a log axis): Vega-Lite leaves a gap. */
  value: number | null;
  series: string;
}

export interface PanelPoint extends SeriesPoint {
  panel: string;
}

export type Metric = "acc" | "loss";

/** Plottable number: non-finite (and non-positive on a log axis) becomes null. */
export function plottable(x: number, logAxis = false): number | null {
  if (!Number.isFinite(x)) return null;
  if (logAxis && x <= 0) return null;
  return x;
}

export const TRAIN_SERIES = "Train (mean of the epoch's windows)";
export const TEST_SERIES = "Test (10,000 images)";

/** Train (mean of the epoch's logged windows, as the report's curves) against test, per epoch. */
export function trainTestPoints(rows: RunRow[], metric: Metric): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  for (const r of rows) {
    const train = metric === "acc" ? r.trainAcc : r.trainLoss;
    const test = metric === "acc" ? r.testAcc : r.testLoss;
    out.push({ epoch: r.epoch, value: plottable(train), series: TRAIN_SERIES });
    out.push({ epoch: r.epoch, value: plottable(test), series: TEST_SERIES });
  }
  return out;
}

/** One test-metric series per run, labelled by `label`. */
export function overlayPoints(
  runs: Run[],
  metric: Metric,
  label: (r: Run) => string,
  logAxis = false,
): SeriesPoint[] {
  return runs.flatMap((run) =>
    run.rows.map((r) => ({
      epoch: r.epoch,
      value: plottable(metric === "acc" ? r.testAcc : r.testLoss, logAxis),
      series: label(run),
    }))
  );
}

/** Train-vs-test points of several runs, each in its own facet panel. */
export function panelPoints(runs: Run[], metric: Metric, label: (r: Run) => string): PanelPoint[] {
  return runs.flatMap((run) =>
    trainTestPoints(run.rows, metric).map((p) => ({ ...p, panel: label(run) }))
  );
}

export const DEPTH_LABEL: Record<number, string> = {
  1: "One hidden (784-128-10)",
  2: "Two hidden (784-256-128-10)",
};

/** Test and train curves of the same pair at both depths. */
export function depthPoints(one: Run, two: Run, metric: Metric): SeriesPoint[] {
  const tag = (pts: SeriesPoint[], depth: number) =>
    pts.map((p) => ({
      ...p,
      series: `${DEPTH_LABEL[depth]}, ${p.series === TEST_SERIES ? "test" : "train"}`,
    }));
  return [
    ...tag(trainTestPoints(one.rows, metric), 1),
    ...tag(trainTestPoints(two.rows, metric), 2),
  ];
}

export interface BarPoint {
  pair: string;
  depth: string;
  epoch_s: number;
  step_ms: number;
}

/** Per-epoch time bars of one backend/threads setting, pairs in the study's order. */
export function timingBars(timing: TimingRow[], backend: string, threads: number): BarPoint[] {
  const rows = timing.filter((t) => t.backend === backend && t.threads === threads);
  const order = (t: TimingRow) =>
    ACTIVATIONS.indexOf(t.activation as never) * 10 + LOSSES.indexOf(t.loss as never);
  return [...rows]
    .sort((a, b) => order(a) - order(b) || a.depth - b.depth)
    .map((t) => ({
      pair: `${ACT_LABEL[t.activation] ?? t.activation} + ${LOSS_LABEL[t.loss] ?? t.loss}`,
      depth: DEPTH_LABEL[t.depth],
      epoch_s: t.epochS,
      step_ms: t.stepMs,
    }));
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

// ---------------------------------------------------------------------------------------------
// Filling templates

/**
 * Replaces every string that is exactly "${key}" anywhere in `template` by `params[key]` (any
 * JSON value). Throws when a placeholder has no parameter or a parameter is unused, so templates
 * and callers cannot drift apart silently.
 */
export function fillTemplate(template: unknown, params: Record<string, unknown>, name = "spec") {
  const used = new Set<string>();
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      const m = /^\$\{(\w+)\}$/.exec(v);
      if (!m) return v;
      if (!(m[1] in params)) throw new Error(`${name}: placeholder "${v}" has no value`);
      used.add(m[1]);
      return params[m[1]];
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  const out = walk(template);
  const unused = Object.keys(params).filter((k) => !used.has(k));
  if (unused.length > 0) throw new Error(`${name}: template has no slot for ${unused.join(", ")}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The figure list

export interface Templates {
  lines: unknown;
  panels: unknown;
  bars: unknown;
}

const SPEC_DIR = new URL("../specs/", import.meta.url);

/** The committed Vega-Lite templates, scripts/specs/{lines,panels,bars}.vl.json. */
export async function loadTemplates(): Promise<Templates> {
  const read = async (name: string) =>
    JSON.parse(await Deno.readTextFile(new URL(`${name}.vl.json`, SPEC_DIR)));
  return { lines: await read("lines"), panels: await read("panels"), bars: await read("bars") };
}

export type ChartKind = "run" | "panels" | "overlay" | "depth" | "timing";

export interface ChartJob {
  /** Path under the charts dir without extension, e.g. "one_hidden/acc-gelu-softmax_ce". */
  id: string;
  kind: ChartKind;
  /** Section id; "depth" and "timing" for the cross-section figures. */
  section: string;
  /** Short caption for the report's image alt text. */
  caption: string;
  spec: unknown;
}

const LINEAR_Y = { type: "linear", zero: false };
/** Train orange, test dark blue (the same test blue as in the depth figures). */
const TRAIN_TEST_COLORS = ["#f28e2b", "#1f5f9e"];
/** Blues for one hidden layer, oranges for two: train light, test dark. */
const DEPTH_COLORS = ["#8fb8de", "#1f5f9e", "#f5b97a", "#c2570c"];

export const ACC_TITLE = "Accuracy (fraction of images correct)";

export function lossAxisTitle(loss: string): string {
  switch (loss) {
    case "euclidean":
      return "Euclidean loss (mean per image)";
    case "softmax_ce":
      return "Softmax cross-entropy (mean per image, nats)";
    case "hinge":
      return "Hinge loss (mean per image, margin 5)";
    default:
      return `${loss} loss (mean per image)`;
  }
}

/** The loss function a run was trained with (sweeps use softmax CE). */
export function runLoss(run: Run): string {
  return sectionInfo(run.section).kind === "sweep" ? "softmax_ce" : parsePair(run.name).loss;
}

/** First epoch whose values are not all finite, or null. */
export function firstNonFiniteEpoch(rows: RunRow[]): number | null {
  for (const r of rows) {
    const vals = [r.trainLoss, r.trainAcc, r.windowLoss, r.windowAcc, r.testLoss, r.testAcc];
    if (!vals.every(Number.isFinite)) return r.epoch;
  }
  return null;
}

function runSubtitle(run: Run): string[] {
  const last = run.rows[run.rows.length - 1];
  const lines = [
    `results/${run.section}/${run.name}.csv, ${run.rows.length} epochs` +
    (last ? `; final test accuracy ${fmtNum(last.testAcc, 5)}` : ""),
  ];
  const bad = firstNonFiniteEpoch(run.rows);
  if (bad !== null) lines.push(`Diverged: non-finite values from epoch ${bad} (not plotted)`);
  return lines;
}

/** Fixed decimals; NaN/Infinity spelled out. */
export function fmtNum(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

const METRIC_WORD: Record<Metric, string> = { acc: "Accuracy", loss: "Loss" };

/**
 * Every figure the results allow, in a fixed order: per-run train/test curves, sweep panels,
 * per-section overlays, one-vs-two-hidden comparisons and timing bars.
 */
export function buildChartJobs(tree: ResultsTree, t: Templates): ChartJob[] {
  const jobs: ChartJob[] = [];
  const add = (job: Omit<ChartJob, "spec">, template: unknown, params: Record<string, unknown>) =>
    jobs.push({ ...job, spec: fillTemplate(template, params, job.id) });
  const trainTest = [TRAIN_SERIES, TEST_SERIES];

  for (const s of SECTIONS) {
    const runs = tree.runs.filter((r) => r.section === s.id && r.rows.length > 0);
    if (runs.length === 0) continue;
    for (const run of runs) {
      const label = runLabel(s.id, run.name);
      for (const metric of ["acc", "loss"] as const) {
        add(
          {
            id: `${s.id}/${metric}-${run.name}`,
            kind: "run",
            section: s.id,
            caption: `${METRIC_WORD[metric]}, ${label}`,
          },
          t.lines,
          {
            title: `${METRIC_WORD[metric]}: ${label} — ${s.title}`,
            subtitle: runSubtitle(run),
            values: trainTestPoints(run.rows, metric),
            yTitle: metric === "acc" ? ACC_TITLE : lossAxisTitle(runLoss(run)),
            yScale: LINEAR_Y,
            legendTitle: "Series",
            seriesOrder: trainTest,
            colorScale: { domain: trainTest, range: TRAIN_TEST_COLORS },
            legendColumns: 2,
          },
        );
      }
    }
    const labelOf = (r: Run) => runLabel(s.id, r.name);
    if (s.kind === "sweep") {
      for (const metric of ["acc", "loss"] as const) {
        add(
          {
            id: `${s.id}/panels-${metric}`,
            kind: "panels",
            section: s.id,
            caption: `${METRIC_WORD[metric]} per ${s.sweepLabel} value`,
          },
          t.panels,
          {
            title: `${METRIC_WORD[metric]} per ${s.sweepLabel}: GELU + softmax CE, 784-128-10`,
            subtitle: `One panel per ${s.sweepLabel} value (results/${s.id}/); train vs test`,
            values: panelPoints(runs, metric, labelOf),
            panelOrder: runs.map(labelOf),
            yTitle: metric === "acc" ? "Accuracy (fraction)" : "Softmax CE (nats)",
            seriesOrder: trainTest,
            colorScale: { domain: trainTest, range: TRAIN_TEST_COLORS },
          },
        );
      }
    }
    const mixedLoss = new Set(runs.map(runLoss)).size > 1;
    for (const metric of ["acc", "loss"] as const) {
      const log = metric === "loss";
      add(
        {
          id: `${s.id}/overlay-test_${metric}`,
          kind: "overlay",
          section: s.id,
          caption: `Test ${METRIC_WORD[metric].toLowerCase()} of all runs`,
        },
        t.lines,
        {
          title: `Test ${METRIC_WORD[metric].toLowerCase()}, all runs — ${s.title}`,
          subtitle: [
            `${runs.length} runs from results/${s.id}/` + (log ? "; log scale" : ""),
            ...(log && mixedLoss ? ["Each run's loss is its own loss function"] : []),
          ],
          values: overlayPoints(runs, metric, labelOf, log),
          yTitle: metric === "acc"
            ? "Test accuracy (fraction of images correct)"
            : mixedLoss
            ? "Test loss (mean per image, log scale)"
            : `Test ${lossAxisTitle(runLoss(runs[0])).replace(/^./, (c) => c.toLowerCase())}`,
          yScale: log ? { type: "log" } : LINEAR_Y,
          legendTitle: "Run",
          seriesOrder: runs.map(labelOf),
          colorScale: { domain: runs.map(labelOf), scheme: "tableau10" },
          legendColumns: 3,
        },
      );
    }
  }

  for (const pair of PAIRS) {
    const one = tree.runs.find((r) => r.section === "one_hidden" && r.name === pair);
    const two = tree.runs.find((r) => r.section === "two_hidden" && r.name === pair);
    if (!one || !two || one.rows.length === 0 || two.rows.length === 0) continue;
    const label = runLabel("one_hidden", pair);
    const series = [1, 2].flatMap((d) => [`${DEPTH_LABEL[d]}, train`, `${DEPTH_LABEL[d]}, test`]);
    for (const metric of ["acc", "loss"] as const) {
      add(
        {
          id: `depth/${metric}-${pair}`,
          kind: "depth",
          section: "depth",
          caption: `${METRIC_WORD[metric]}, ${label}: one vs two hidden layers`,
        },
        t.lines,
        {
          title: `${METRIC_WORD[metric]}: ${label}, one vs two hidden layers`,
          subtitle: `results/one_hidden/${pair}.csv and results/two_hidden/${pair}.csv`,
          values: depthPoints(one, two, metric),
          yTitle: metric === "acc" ? ACC_TITLE : lossAxisTitle(parsePair(pair).loss),
          yScale: LINEAR_Y,
          legendTitle: "Network, series",
          seriesOrder: series,
          colorScale: { domain: series, range: DEPTH_COLORS },
          legendColumns: 2,
        },
      );
    }
  }

  if (tree.timing && tree.timing.length > 0) {
    for (const { backend, threads } of timingSettings(tree.timing)) {
      const values = timingBars(tree.timing, backend, threads);
      add(
        {
          id: `timing/epoch_s-${backend}-t${threads}`,
          kind: "timing",
          section: "timing",
          caption: `Time per epoch, backend ${backend}, ${threads} thread(s)`,
        },
        t.bars,
        {
          title: `Time per training epoch — backend ${backend}, ${threads} thread(s)`,
          subtitle: "results/timing.csv (deno bench); both network depths per activation/loss pair",
          values,
          pairOrder: [...new Set(values.map((v) => v.pair))],
          depthOrder: [DEPTH_LABEL[1], DEPTH_LABEL[2]],
          yTitle: "Time per epoch (seconds)",
        },
      );
    }
  }
  return jobs;
}
