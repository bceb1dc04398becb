/**
 * What the results page embeds, as one JSON-able value: the study's sections, one row per run
 * (config, final/peak/report numbers, status, timing, provenance, the run's CSV text), the
 * timing rows, the preset views and the page's provenance. Pure: same inputs, same value, keys
 * always in the same order (so the page's bytes are reproducible).
 */
import { formatRunCsv } from "../../../core/csv.ts";
import type { ManifestRun } from "../manifest.ts";
import { depthLabel, networkLabel, pairLabel, runLabel } from "../labels.ts";
import { comparableToReport, findReportRow } from "../report_tables.ts";
import type { ResultsTree, Run } from "../results_tree.ts";
import { firstNonFiniteEpoch } from "../series.ts";
import type { PagePreset } from "./presets.ts";

/** One run as the page shows it. Numbers that were NaN/±Infinity are null. */
export interface PageRun {
  /** "<section>/<name>", as in results/ and `--only`. */
  id: string;
  section: string;
  name: string;
  /** The run's label within its section ("GELU + hinge", "lr = 0.01"). */
  label: string;
  /** "784-128-10". */
  network: string;
  activation: string;
  loss: string;
  /** Hidden widths, "256-128". */
  hidden: string;
  learningRate: number;
  batchSize: number;
  momentum: number;
  weightDecay: number;
  /** Epoch rows in the CSV. */
  epochs: number;
  status: string;
  divergedEpoch: number | null;
  finalTestAcc: number | null;
  finalTestLoss: number | null;
  peakTestAcc: number | null;
  peakEpoch: number | null;
  /** The original report's final numbers, where it has this run (and the run is comparable). */
  report: { trainAcc: number; trainLoss: number; testAcc: number; testLoss: number } | null;
  /** Mean of the CSV's per-epoch training seconds (machine time). */
  secondsPerEpoch: number | null;
  /** The CSV against the committed reference: identical, different, no reference. */
  reference: string;
  configHash: string | null;
  engineVersion: string | null;
  denoVersion: string | null;
  backend: string | null;
  /** The run whose CSV this one copies (same config), if any. */
  sameAs: string | null;
  /** The run's CSV, as results/ holds it. */
  csv: string;
}

/** One section (experiment) of the study. */
export interface PageSection {
  id: string;
  title: string;
  kind: string;
  runs: string[];
}

/** One row of timing.csv, labelled as the report labels it. */
export interface PageTiming {
  backend: string;
  threads: number;
  pair: string;
  network: string;
  epochS: number;
  stepMs: number;
}

/** Where the page's numbers come from. */
export interface PageProvenance {
  /** The folder as the report names it ("results/"). */
  results: string;
  /** What each run was compared with ("results/ (this folder)"). */
  reference: string;
  engineVersion: string | null;
  denoVersion: string | null;
  studyHash: string | null;
  quick: boolean;
  /** The command that regenerates the page. */
  command: string;
  /** npm package → version of the inlined browser bundles. */
  bundles: Record<string, string>;
}

/** Everything the page embeds. */
export interface PageData {
  title: string;
  sections: PageSection[];
  runs: PageRun[];
  timing: PageTiming[];
  presets: PagePreset[];
  /** The preset shown when the URL has no view. */
  defaultPreset: string;
  provenance: PageProvenance;
}

/** What the page is built from (read by page_inputs.ts). */
export interface PageInputs {
  tree: ResultsTree;
  presets: PagePreset[];
  /** manifest.json's runs by id, and its study facts (null: no usable manifest). */
  manifest: {
    engineVersion: string;
    quick: boolean;
    studyHash: string;
    denoVersion: string;
    runs: Record<string, ManifestRun>;
  } | null;
  /** Run id → verdict against the reference. */
  verdicts: ReadonlyMap<string, string>;
  resultsLabel: string;
  referenceLabel: string;
  bundles: Record<string, string>;
}

/** x if finite, else null (JSON has no NaN). */
export function finiteOrNull(x: number | undefined): number | null {
  return x !== undefined && Number.isFinite(x) ? x : null;
}

/** Best finite test accuracy and its epoch. */
export function peakTestAcc(run: Run): { acc: number | null; epoch: number | null } {
  let best: { acc: number | null; epoch: number | null } = { acc: null, epoch: null };
  for (const r of run.rows) {
    if (Number.isFinite(r.testAcc) && (best.acc === null || r.testAcc > best.acc)) {
      best = { acc: r.testAcc, epoch: r.epoch };
    }
  }
  return best;
}

/** Mean per-epoch seconds of the CSV, or null without rows. */
export function secondsPerEpoch(run: Run): number | null {
  if (run.rows.length === 0) return null;
  return finiteOrNull(run.rows.reduce((s, r) => s + r.seconds, 0) / run.rows.length);
}

/** ok/diverged and the epoch, from summary.csv, else the manifest, else the CSV itself. */
function runStatus(
  id: string,
  run: Run,
  inputs: PageInputs,
): { status: string; divergedEpoch: number | null } {
  const s = inputs.tree.summary?.find((x) => x.run === id);
  if (s) return { status: s.status, divergedEpoch: finiteOrNull(s.divergedEpoch ?? undefined) };
  const m = inputs.manifest?.runs[id];
  if (m) return { status: m.status, divergedEpoch: m.divergedEpoch ?? null };
  const bad = firstNonFiniteEpoch(run.rows);
  return { status: bad === null ? "ok" : "diverged", divergedEpoch: bad };
}

function reportOf(run: Run, inputs: PageInputs): PageRun["report"] {
  const row = findReportRow(run.spec, inputs.tree.reportTables ?? []);
  if (!row || !comparableToReport(run.spec.config, row)) return null;
  return {
    trainAcc: row.trainAcc,
    trainLoss: row.trainLoss,
    testAcc: row.testAcc,
    testLoss: row.testLoss,
  };
}

/** One run's row of the page. */
export function pageRun(run: Run, inputs: PageInputs): PageRun {
  const id = run.spec.name;
  const c = run.spec.config;
  const section = inputs.tree.sections.find((s) => s.id === run.section)!;
  const last = run.rows[run.rows.length - 1];
  const peak = peakTestAcc(run);
  const m = inputs.manifest?.runs[id];
  return {
    id,
    section: run.section,
    name: run.name,
    label: runLabel(section, run.spec),
    network: networkLabel(c),
    activation: c.activation,
    loss: c.loss,
    hidden: c.hidden.join("-"),
    learningRate: c.learningRate,
    batchSize: c.batchSize,
    momentum: c.momentum,
    weightDecay: c.weightDecay,
    epochs: run.rows.length,
    ...runStatus(id, run, inputs),
    finalTestAcc: finiteOrNull(last?.testAcc),
    finalTestLoss: finiteOrNull(last?.testLoss),
    peakTestAcc: peak.acc,
    peakEpoch: peak.epoch,
    report: reportOf(run, inputs),
    secondsPerEpoch: secondsPerEpoch(run),
    reference: inputs.verdicts.get(id) ?? "no reference",
    configHash: m?.configHash ?? null,
    engineVersion: m?.engineVersion ?? null,
    denoVersion: m?.denoVersion ?? null,
    backend: m?.backend ?? null,
    sameAs: m?.sameAs ?? null,
    csv: formatRunCsv(run.rows),
  };
}

/** The page's whole data. */
export function buildPageData(inputs: PageInputs): PageData {
  const { tree } = inputs;
  const have = new Set(tree.runs.map((r) => r.section));
  const m = inputs.manifest;
  return {
    title: m?.quick ? "mlpbench — quick study results" : "mlpbench — study results",
    sections: tree.sections.filter((s) => have.has(s.id)).map((s) => ({
      id: s.id,
      title: s.title,
      kind: s.kind,
      runs: tree.runs.filter((r) => r.section === s.id).map((r) => r.spec.name),
    })),
    runs: tree.runs.map((r) => pageRun(r, inputs)),
    timing: (tree.timing ?? []).map((t) => ({
      backend: t.backend,
      threads: t.threads,
      pair: pairLabel(t.activation, t.loss),
      network: depthLabel(t.hidden),
      epochS: t.epochS,
      stepMs: t.stepMs,
    })),
    presets: inputs.presets,
    defaultPreset: defaultPreset(inputs.presets),
    provenance: {
      results: inputs.resultsLabel,
      reference: inputs.referenceLabel,
      engineVersion: m?.engineVersion ?? null,
      denoVersion: m?.denoVersion ?? null,
      studyHash: m?.studyHash ?? null,
      quick: m?.quick ?? false,
      command: "deno task report",
      bundles: inputs.bundles,
    },
  };
}

/** The first section overlay of test accuracy (the study at a glance), else the first preset. */
export function defaultPreset(presets: readonly PagePreset[]): string {
  return (presets.find((p) => p.id.endsWith("/overlay-test_acc")) ?? presets[0])?.id ?? "";
}
