/**
 * The figure list: every figure a results tree allows, derived from the study's sections (the
 * experiment files) — per-run train/test curves, sweep panels, per-section overlays, depth
 * comparisons and timing bars — each as a filled Vega-Lite spec. Pure.
 */
import type { SectionSpec } from "./experiments.ts";
import {
  ACC_TITLE,
  depthLabel,
  fmtNum,
  lossAxisTitle,
  networkLabel,
  pairLabel,
  panelLossTitle,
  runLabel,
} from "./labels.ts";
import { type ResultsTree, type Run, sectionRuns } from "./results_tree.ts";
import {
  depthPoints,
  depthSeries,
  firstNonFiniteEpoch,
  type Metric,
  overlayPoints,
  panelPoints,
  TEST_SERIES,
  timingBars,
  TRAIN_SERIES,
  trainTestPoints,
} from "./series.ts";
import { fillTemplate, type Templates } from "./templates.ts";
import { type TimingRow, timingSettings } from "./timing_csv.ts";

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

const METRICS = ["acc", "loss"] as const;
const METRIC_WORD: Record<Metric, string> = { acc: "Accuracy", loss: "Loss" };
const LINEAR_Y = { type: "linear", zero: false };
const TRAIN_TEST = [TRAIN_SERIES, TEST_SERIES];
/** Train orange, test dark blue (the same test blue as in the depth figures). */
const TRAIN_TEST_COLORS = ["#f28e2b", "#1f5f9e"];
/** Blues for one hidden layer, oranges for two: train light, test dark. */
const DEPTH_COLORS = ["#8fb8de", "#1f5f9e", "#f5b97a", "#c2570c"];

function job(
  head: Omit<ChartJob, "spec">,
  template: unknown,
  params: Record<string, unknown>,
): ChartJob {
  return { ...head, spec: fillTemplate(template, params, head.id) };
}

/** A run's label within its section. */
function labelOf(s: SectionSpec): (r: Run) => string {
  return (r) => runLabel(s, r.spec);
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

/** Train against test, accuracy and loss, for each run of a section. */
function runFigures(s: SectionSpec, runs: Run[], t: Templates): ChartJob[] {
  return runs.flatMap((run) =>
    METRICS.map((metric) => {
      const label = runLabel(s, run.spec);
      return job(
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
          yTitle: metric === "acc" ? ACC_TITLE : lossAxisTitle(run.spec.config.loss),
          yScale: LINEAR_Y,
          legendTitle: "Series",
          seriesOrder: TRAIN_TEST,
          colorScale: { domain: TRAIN_TEST, range: TRAIN_TEST_COLORS },
          legendColumns: 2,
        },
      );
    })
  );
}

/** What a sweep holds fixed, e.g. "GELU + softmax CE, 784-128-10". */
function sweepBase(s: SectionSpec, run: Run): string {
  const c = run.spec.config;
  const key = s.keys[0];
  const pair = key === "activation" || key === "loss" ? [] : [pairLabel(c.activation, c.loss)];
  return [...pair, ...(key === "hidden" ? [] : [networkLabel(c)])].join(", ");
}

/** A sweep's runs side by side, one facet panel per value. */
function panelFigures(s: SectionSpec, runs: Run[], t: Templates): ChartJob[] {
  const label = labelOf(s);
  const loss = s.keys[0] === "loss"
    ? "Loss (each run's own)"
    : panelLossTitle(runs[0].spec.config.loss);
  return METRICS.map((metric) =>
    job(
      {
        id: `${s.id}/panels-${metric}`,
        kind: "panels",
        section: s.id,
        caption: `${METRIC_WORD[metric]} per ${s.label} value`,
      },
      t.panels,
      {
        title: `${METRIC_WORD[metric]} per ${s.label}: ${sweepBase(s, runs[0])}`,
        subtitle: `One panel per ${s.label} value (results/${s.id}/); train vs test`,
        values: panelPoints(runs, metric, label),
        panelOrder: runs.map(label),
        yTitle: metric === "acc" ? "Accuracy (fraction)" : loss,
        seriesOrder: TRAIN_TEST,
        colorScale: { domain: TRAIN_TEST, range: TRAIN_TEST_COLORS },
      },
    )
  );
}

/** The test curves of every run of a section in one figure (loss on a log axis). */
function overlayFigures(s: SectionSpec, runs: Run[], t: Templates): ChartJob[] {
  const label = labelOf(s);
  const losses = new Set(runs.map((r) => r.spec.config.loss));
  const mixedLoss = losses.size > 1;
  const lossTitle = mixedLoss
    ? "Test loss (mean per image, log scale)"
    : `Test ${lossAxisTitle([...losses][0]).replace(/^./, (c) => c.toLowerCase())}`;
  return METRICS.map((metric) => {
    const log = metric === "loss";
    const word = METRIC_WORD[metric].toLowerCase();
    return job(
      {
        id: `${s.id}/overlay-test_${metric}`,
        kind: "overlay",
        section: s.id,
        caption: `Test ${word} of all runs`,
      },
      t.lines,
      {
        title: `Test ${word}, all runs — ${s.title}`,
        subtitle: [
          `${runs.length} runs from results/${s.id}/` + (log ? "; log scale" : ""),
          ...(log && mixedLoss ? ["Each run's loss is its own loss function"] : []),
        ],
        values: overlayPoints(runs, metric, label, log),
        yTitle: log ? lossTitle : "Test accuracy (fraction of images correct)",
        yScale: log ? { type: "log" } : LINEAR_Y,
        legendTitle: "Run",
        seriesOrder: runs.map(label),
        colorScale: { domain: runs.map(label), scheme: "tableau10" },
        legendColumns: 3,
      },
    );
  });
}

/** Pairs of runs with the same name in a section and the one it `comparesDepthWith`. */
export function depthPairs(tree: ResultsTree, s: SectionSpec): { one: Run; two: Run }[] {
  const other = s.comparesDepthWith;
  if (other === undefined) return [];
  const ones = sectionRuns(tree, other);
  return sectionRuns(tree, s.id).flatMap((two) => {
    const one = ones.find((r) => r.name === two.name);
    return one ? [{ one, two }] : [];
  });
}

/** The same run on both networks of a depth comparison, train and test. */
function depthFigures(tree: ResultsTree, s: SectionSpec, t: Templates): ChartJob[] {
  return depthPairs(tree, s).flatMap(({ one, two }) => {
    const label = runLabel(s, two.spec);
    const networks: [string, string] = [
      depthLabel(one.spec.config.hidden),
      depthLabel(two.spec.config.hidden),
    ];
    const series = depthSeries(networks);
    return METRICS.map((metric) =>
      job(
        {
          id: `depth/${metric}-${two.name}`,
          kind: "depth",
          section: "depth",
          caption: `${METRIC_WORD[metric]}, ${label}: one vs two hidden layers`,
        },
        t.lines,
        {
          title: `${METRIC_WORD[metric]}: ${label}, one vs two hidden layers`,
          subtitle:
            `results/${one.section}/${one.name}.csv and results/${two.section}/${two.name}.csv`,
          values: depthPoints(one, two, metric, networks),
          yTitle: metric === "acc" ? ACC_TITLE : lossAxisTitle(two.spec.config.loss),
          yScale: LINEAR_Y,
          legendTitle: "Network, series",
          seriesOrder: series,
          colorScale: { domain: series, range: DEPTH_COLORS },
          legendColumns: 2,
        },
      )
    );
  });
}

/** Time per epoch of every pair and network, one figure per backend/threads setting. */
function timingFigures(timing: TimingRow[], t: Templates): ChartJob[] {
  const networks = [...new Set([...timing].sort((a, b) => a.depth - b.depth).map((r) => r.hidden))];
  return timingSettings(timing).map(({ backend, threads }) => {
    const values = timingBars(timing, backend, threads);
    return job(
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
        depthOrder: networks.map(depthLabel),
        yTitle: "Time per epoch (seconds)",
      },
    );
  });
}

/** Every figure the results allow, in a fixed order (sections in study order, then depth, timing). */
export function buildChartJobs(tree: ResultsTree, t: Templates): ChartJob[] {
  const jobs: ChartJob[] = [];
  for (const s of tree.sections) {
    const runs = sectionRuns(tree, s.id);
    if (runs.length === 0) continue;
    jobs.push(...runFigures(s, runs, t));
    if (s.kind === "sweep") jobs.push(...panelFigures(s, runs, t));
    jobs.push(...overlayFigures(s, runs, t));
  }
  for (const s of tree.sections) jobs.push(...depthFigures(tree, s, t));
  if (tree.timing && tree.timing.length > 0) jobs.push(...timingFigures(tree.timing, t));
  return jobs;
}
