/**
 * results/REPORT.md as a pure function of the parsed results: the report's tables rebuilt with
 * our numbers beside the report's, computed statements per section, the timing table and the
 * figures. No clock, no randomness: the same inputs give the same text byte for byte.
 */
import { ACTIVATIONS, LOSSES } from "../../core/config.ts";
import type { EpochRow } from "../../core/csv.ts";
import { type ChartJob, depthPairs } from "./figures.ts";
import {
  ACT_LABEL,
  depthLabel,
  fmtNum,
  LOSS_LABEL,
  pairLabel,
  runLabel,
  sweepValueLabel,
} from "./labels.ts";
import { formatNameValue, type SectionSpec } from "./experiments.ts";
import { findReportRow, type ReportTableRow } from "./report_tables.ts";
import { isRunPath, type ResultsTree, type Run, sectionRuns } from "./results_tree.ts";
import { firstNonFiniteEpoch } from "./series.ts";
import { type MarkdownAlign, markdownTable } from "./text_table.ts";
import { type TimingRow, timingSettings } from "./timing_csv.ts";

type RunRow = EpochRow;

/** Test accuracy a run must reach for the "fastest to 97 %" statement. */
export const TARGET_ACC = 0.97;
/**
 * A curve is "unstable" when the root mean square of its epoch-to-epoch test-accuracy changes
 * over the second half of training exceeds this (0.25 percentage points).
 */
export const UNSTABLE_RMS = 0.0025;

// ---------------------------------------------------------------------------------------------
// Statistics of one run

export interface RunStats {
  run: Run;
  label: string;
  last: RunRow | undefined;
  /** Highest finite test accuracy and its epoch. */
  peakAcc: number;
  peakEpoch: number;
  /** First epoch with test accuracy ≥ TARGET_ACC, or null when never reached. */
  reachEpoch: number | null;
  /** RMS of epoch-to-epoch test-accuracy changes over the second half; NaN if < 2 such epochs. */
  jitter: number;
  divergedEpoch: number | null;
}

/** First epoch whose test accuracy is at least `target`, or null. */
export function firstEpochReaching(rows: RunRow[], target: number): number | null {
  for (const r of rows) if (r.testAcc >= target) return r.epoch;
  return null;
}

/**
 * Root mean square of a[e] − a[e−1] (test accuracy) for e in the second half of the run
 * (e ≥ ⌊E/2⌋, E epochs), so the early climb does not count as instability. NaN when fewer than
 * two epochs are in range or any value there is non-finite.
 */
export function epochJitter(rows: RunRow[]): number {
  const start = Math.max(1, Math.floor(rows.length / 2));
  let sum = 0;
  let n = 0;
  for (let e = start; e < rows.length; e++) {
    const d = rows[e].testAcc - rows[e - 1].testAcc;
    sum += d * d;
    n++;
  }
  return n < 2 ? NaN : Math.sqrt(sum / n);
}

/** The statistics of one run of section `s`. */
export function runStats(s: SectionSpec, run: Run): RunStats {
  let peakAcc = -Infinity;
  let peakEpoch = -1;
  for (const r of run.rows) {
    if (Number.isFinite(r.testAcc) && r.testAcc > peakAcc) {
      peakAcc = r.testAcc;
      peakEpoch = r.epoch;
    }
  }
  return {
    run,
    label: runLabel(s, run.spec),
    last: run.rows[run.rows.length - 1],
    peakAcc,
    peakEpoch,
    reachEpoch: firstEpochReaching(run.rows, TARGET_ACC),
    jitter: epochJitter(run.rows),
    divergedEpoch: firstNonFiniteEpoch(run.rows),
  };
}

// ---------------------------------------------------------------------------------------------
// Formatting

/** Signed difference with fixed decimals ("+0.0012", "-0.0300"); "n/a" when not finite. */
export function fmtDiff(x: number, digits: number): string {
  if (!Number.isFinite(x)) return "n/a";
  const s = Math.abs(x).toFixed(digits);
  return (x < 0 && Number(s) !== 0 ? "-" : "+") + s;
}

/** A Markdown table; `align` defaults to the first column left, the others right. */
function table(head: string[], rows: string[][], align?: MarkdownAlign[]): string {
  return markdownTable(head, rows, align ?? head.map((_, i) => (i === 0 ? ":--" : "--:")));
}

function list(items: string[]): string {
  return items.map((s) => `- ${s}`).join("\n");
}

const pp = (x: number) => `${(x * 100).toFixed(3)} pp`;

// ---------------------------------------------------------------------------------------------
// Matching our runs to the report's rows

interface Compared {
  ours: string;
  report: string;
  diff: string;
}

/** Ours vs report for one metric; the difference only when the run has the report's epochs. */
function compare(
  ours: number | undefined,
  report: number | undefined,
  digits: number,
  comparable: boolean,
): Compared {
  return {
    ours: ours === undefined ? "—" : fmtNum(ours, digits),
    report: report === undefined ? "—" : report.toFixed(digits),
    diff: ours === undefined || report === undefined
      ? "—"
      : comparable
      ? fmtDiff(ours - report, digits)
      : "n/a†",
  };
}

// ---------------------------------------------------------------------------------------------
// Sections

export interface ReportOptions {
  /** Figure ids (ChartJob.id) whose PNG is missing under the charts dir. */
  missingCharts: string[];
  /** How the results dir is named in the text, e.g. "results/". */
  resultsLabel: string;
  /** The last section, "Do the report's conclusions hold?", numbered n (scripts/lib/claims/). */
  conclusions?: (n: number) => string[];
}

function img(job: ChartJob, width?: number): string {
  const src = `charts/${job.id}.png`;
  return width === undefined
    ? `![${job.caption}](${src})`
    : `<img src="${src}" alt="${job.caption}" width="${width}">`;
}

/** A grid's axes other than activation and loss (each gets its own column). */
function otherAxes(s: SectionSpec) {
  return s.keys.filter((k) => k !== "activation" && k !== "loss");
}

/** The first columns of a section's tables, naming each run. */
function runColumns(s: SectionSpec): { head: string[]; cells: (run: Run) => string[] } {
  if (s.kind === "sweep") return { head: [s.label], cells: (r) => [sweepValueLabel(s, r.spec)] };
  const others = otherAxes(s);
  return {
    head: ["Activation", "Loss", ...others],
    cells: (r) => {
      const c = r.spec.config;
      return [
        ACT_LABEL[c.activation],
        LOSS_LABEL[c.loss],
        ...others.map((k) => formatNameValue(c[k])),
      ];
    },
  };
}

function comparisonTables(s: SectionSpec, stats: RunStats[], rep: ReportTableRow[] | null) {
  const { head: firstCols, cells } = runColumns(s);
  const rowHead = (st: RunStats) => cells(st.run);
  let footnote = false;
  const build = (which: "train" | "test") => {
    const digits = which === "train" ? 4 : 5;
    const rows = stats.map((st) => {
      const r = rep ? findReportRow(st.run.spec, rep) : undefined;
      const comparable = r === undefined || st.run.rows.length === r.epochs;
      if (!comparable) footnote = true;
      const acc = compare(
        which === "train" ? st.last?.windowAcc : st.last?.testAcc,
        which === "train" ? r?.trainAcc : r?.testAcc,
        digits,
        comparable,
      );
      const loss = compare(
        which === "train" ? st.last?.windowLoss : st.last?.testLoss,
        which === "train" ? r?.trainLoss : r?.testLoss,
        digits,
        comparable,
      );
      return [
        ...rowHead(st),
        String(st.run.rows.length),
        acc.ours,
        acc.report,
        acc.diff,
        loss.ours,
        loss.report,
        loss.diff,
      ];
    });
    const W = which === "train" ? "Train" : "Test";
    return table(
      [
        ...firstCols,
        "Epochs",
        `${W} acc (ours)`,
        `${W} acc (report)`,
        "Δ acc",
        `${W} loss (ours)`,
        `${W} loss (report)`,
        "Δ loss",
      ],
      rows,
      [
        ...firstCols.map((): MarkdownAlign => ":--"),
        "--:",
        "--:",
        "--:",
        "--:",
        "--:",
        "--:",
        "--:",
      ],
    );
  };
  const train = build("train");
  const test = build("test");
  const out = [
    `**Train** (last training window of the last epoch):\n\n${train}`,
    `**Test** (all 10,000 test images after the last epoch):\n\n${test}`,
  ];
  if (footnote) {
    out.push(
      "† The run's epoch count differs from the report's (e.g. a reduced run), so no difference " +
        "is computed.",
    );
  }
  return out.join("\n\n");
}

function statsTable(s: SectionSpec, stats: RunStats[]): string {
  return table(
    [
      s.kind === "sweep" ? s.label : "Run",
      "Final test acc",
      "Peak test acc (epoch)",
      `First epoch ≥ ${TARGET_ACC * 100} %`,
      "RMS Δ test acc, 2nd half",
      "Unstable",
    ],
    stats.map((st) => [
      st.label,
      st.last ? fmtNum(st.last.testAcc, 5) : "—",
      st.peakEpoch >= 0 ? `${st.peakAcc.toFixed(5)} (${st.peakEpoch})` : "—",
      st.reachEpoch === null ? "never" : String(st.reachEpoch),
      Number.isFinite(st.jitter) ? pp(st.jitter) : "n/a",
      st.divergedEpoch !== null
        ? `diverged (epoch ${st.divergedEpoch})`
        : !Number.isFinite(st.jitter)
        ? "n/a"
        : st.jitter > UNSTABLE_RMS
        ? "yes"
        : "no",
    ]),
    [":--", "--:", "--:", "--:", "--:", ":--"],
  );
}

/** Names joined as "a, b and c". */
function joinNames(xs: string[]): string {
  return xs.length <= 1 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;
}

function statements(s: SectionSpec, stats: RunStats[]): string[] {
  const out: string[] = [];
  const what = s.kind === "sweep" ? `${s.label} value` : "activation/loss pair";
  const finite = stats.filter((st) => st.last && Number.isFinite(st.last.testAcc));
  if (finite.length > 0) {
    const best = Math.max(...finite.map((st) => st.last!.testAcc));
    const top = finite.filter((st) => st.last!.testAcc === best).map((st) => st.label);
    const worst = Math.min(...finite.map((st) => st.last!.testAcc));
    const bottom = finite.filter((st) => st.last!.testAcc === worst).map((st) => st.label);
    if (best === worst) {
      out.push(
        `Final test accuracy ${best.toFixed(5)} for ${joinNames(top)}` +
          (finite.length < stats.length ? " (the only run(s) with a finite value)." : "."),
      );
    } else {
      out.push(
        `Best ${what} on final test accuracy: ${joinNames(top)} (${best.toFixed(5)}); ` +
          `lowest: ${joinNames(bottom)} (${worst.toFixed(5)}), a spread of ${pp(best - worst)}.`,
      );
    }
  }
  const reached = stats.filter((st) => st.reachEpoch !== null);
  const never = stats.filter((st) => st.reachEpoch === null).map((st) => st.label);
  if (reached.length > 0) {
    const first = Math.min(...reached.map((st) => st.reachEpoch!));
    const fastest = reached.filter((st) => st.reachEpoch === first).map((st) => st.label);
    out.push(
      `Fastest to reach ${TARGET_ACC * 100} % test accuracy: ${joinNames(fastest)} at epoch ` +
        `${first}` +
        (never.length > 0 ? `; never reached by ${joinNames(never)}.` : "; every run reached it."),
    );
  } else {
    out.push(`No run reached ${TARGET_ACC * 100} % test accuracy.`);
  }
  const diverged = stats.filter((st) => st.divergedEpoch !== null);
  const unstable = stats.filter((st) =>
    st.divergedEpoch === null && Number.isFinite(st.jitter) && st.jitter > UNSTABLE_RMS
  );
  const stable = stats.filter((st) =>
    st.divergedEpoch === null && Number.isFinite(st.jitter) && st.jitter <= UNSTABLE_RMS
  );
  if (unstable.length > 0) {
    const sorted = [...unstable].sort((a, b) => b.jitter - a.jitter);
    out.push(
      `Unstable test-accuracy curves (RMS epoch-to-epoch change > ${pp(UNSTABLE_RMS)}): ` +
        `${joinNames(sorted.map((st) => `${st.label} (${pp(st.jitter)})`))}.`,
    );
  } else if (stable.length > 0) {
    out.push(
      `No test-accuracy curve is unstable (every RMS epoch-to-epoch change ≤ ${pp(UNSTABLE_RMS)}).`,
    );
  }
  if (stable.length > 0) {
    const calm = stable.reduce((a, b) => (b.jitter < a.jitter ? b : a));
    out.push(`Smoothest test-accuracy curve: ${calm.label} (${pp(calm.jitter)}).`);
  }
  if (diverged.length > 0) {
    out.push(
      `Diverged (NaN or infinite values): ${
        joinNames(diverged.map((st) => `${st.label} at epoch ${st.divergedEpoch}`))
      }; ` +
        `${stats.length - diverged.length} of ${stats.length} runs stayed finite.`,
    );
  } else {
    out.push(
      `${stats.length === 1 ? "The run" : `All ${stats.length} runs`} stayed finite ` +
        "(no NaN or infinite values).",
    );
  }
  return out;
}

/** Two-hidden minus one-hidden final test accuracy per pair (the report's "(+0.0052)"). */
function depthTable(tree: ResultsTree, s: SectionSpec) {
  const rows: string[][] = [];
  const gains: { label: string; d: number }[] = [];
  for (const { one, two } of depthPairs(tree, s)) {
    const t1 = one.rows[one.rows.length - 1].testAcc;
    const t2 = two.rows[two.rows.length - 1].testAcc;
    const c = two.spec.config;
    const d = t2 - t1;
    if (Number.isFinite(d)) gains.push({ label: runLabel(s, two.spec), d });
    rows.push([
      ACT_LABEL[c.activation],
      LOSS_LABEL[c.loss],
      fmtNum(t1, 5),
      fmtNum(t2, 5),
      fmtDiff(d, 5),
    ]);
  }
  if (rows.length === 0) return null;
  const st: string[] = [];
  if (gains.length > 0) {
    const up = gains.filter((g) => g.d > 0).length;
    const best = gains.reduce((x, y) => (y.d > x.d ? y : x));
    const worst = gains.reduce((x, y) => (y.d < x.d ? y : x));
    st.push(
      `The second hidden layer raised final test accuracy for ${up} of ${gains.length} pairs; ` +
        `largest gain ${best.label} (${fmtDiff(best.d, 5)}), smallest ${worst.label} (${
          fmtDiff(worst.d, 5)
        }).`,
    );
  }
  return {
    text: table(
      ["Activation", "Loss", "Test acc, one hidden", "Test acc, two hidden", "Two − one"],
      rows,
      [":--", ":--", "--:", "--:", "--:"],
    ),
    statements: st,
  };
}

function timingSection(timing: TimingRow[] | null, jobs: ChartJob[]): string {
  if (timing === null) {
    return "> **Note:** results/timing.csv is missing, so there is no timing table yet. " +
      "It is written by the benchmark (deno bench); rerun `deno task report` afterwards.";
  }
  if (timing.length === 0) return "> **Note:** results/timing.csv has no rows.";
  const parts: string[] = [
    "Per-step and per-epoch training time of each activation/loss pair, from results/timing.csv " +
    "(deno bench). Ratio = two-hidden epoch time / one-hidden epoch time.",
  ];
  for (const { backend, threads } of timingSettings(timing)) {
    const rows = timing.filter((t) => t.backend === backend && t.threads === threads);
    const find = (a: string, l: string, d: number) =>
      rows.find((t) => t.activation === a && t.loss === l && t.depth === d);
    const body: string[][] = [];
    for (const a of ACTIVATIONS) {
      for (const l of LOSSES) {
        const one = find(a, l, 1);
        const two = find(a, l, 2);
        if (!one && !two) continue;
        body.push([
          ACT_LABEL[a],
          LOSS_LABEL[l],
          one ? one.stepMs.toFixed(3) : "—",
          one ? one.epochS.toFixed(3) : "—",
          two ? two.stepMs.toFixed(3) : "—",
          two ? two.epochS.toFixed(3) : "—",
          one && two ? (two.epochS / one.epochS).toFixed(2) : "—",
        ]);
      }
    }
    parts.push(`### Backend ${backend}, ${threads} thread(s)`);
    parts.push(table(
      [
        "Activation",
        "Loss",
        "One hidden: ms/step",
        "One hidden: s/epoch",
        "Two hidden: ms/step",
        "Two hidden: s/epoch",
        "Ratio",
      ],
      body,
      [":--", ":--", "--:", "--:", "--:", "--:", "--:"],
    ));
    const st: string[] = [];
    for (const d of [1, 2]) {
      const ds = rows.filter((t) => t.depth === d);
      if (ds.length === 0) continue;
      const fast = ds.reduce((x, y) => (y.epochS < x.epochS ? y : x));
      const slow = ds.reduce((x, y) => (y.epochS > x.epochS ? y : x));
      const name = (t: TimingRow) => pairLabel(t.activation, t.loss);
      st.push(
        `${depthLabel(ds[0].hidden)}: fastest ${name(fast)} (${
          fast.epochS.toFixed(3)
        } s/epoch), slowest ` +
          `${name(slow)} (${slow.epochS.toFixed(3)} s/epoch), ${
            (slow.epochS / fast.epochS).toFixed(2)
          }× apart.`,
      );
    }
    if (st.length > 0) parts.push(list(st));
    const chart = jobs.find((j) => j.id === `timing/epoch_s-${backend}-t${threads}`);
    if (chart) parts.push(img(chart));
  }
  return parts.join("\n\n");
}

// ---------------------------------------------------------------------------------------------
// The whole report

/** The report's title, provenance and the definitions of its terms. */
function intro(R: string): string[] {
  return [
    "# mlpbench results: our runs against the report",
    `Generated by \`deno task report\` (scripts/report.ts) from the CSV files under ${R} and the ` +
    "report's own numbers in experiments/report_tables.csv. Every number and statement below is " +
    "computed from those files; do not edit this file by hand, rerun the task instead.",
    list([
      "**Train** in the tables = the last training window (100 steps) of the last epoch, the " +
      "report's \"Train\" column; the train curves plot each epoch's mean of its windows, as the " +
      "report's figures did. **Test** = one pass over the 10,000 test images after the epoch.",
      "**Ours** = the last row of our run CSV; **report** = the study's published value; " +
      "**Δ** = ours − report. Accuracy is a fraction of images correct; loss is the mean per " +
      "image of the run's own loss function (Euclidean, softmax cross-entropy or hinge, margin 5).",
      "Epochs are numbered from 0, as in the CSV files.",
      `**First epoch ≥ ${TARGET_ACC * 100} %** = the first epoch whose test accuracy is at least ` +
      `${TARGET_ACC}; "never" if no epoch reaches it.`,
      "**RMS Δ test acc, 2nd half** = √(mean of (a[e] − a[e−1])²) over the epochs e of the second " +
      "half of the run (e ≥ ⌊E/2⌋ for E epochs), a[e] the test accuracy after epoch e: the " +
      "epoch-to-epoch variability once the initial climb is over. A curve is called **unstable** " +
      `when this exceeds ${pp(UNSTABLE_RMS)} (${UNSTABLE_RMS} in accuracy).`,
    ]),
  ];
}

/** "## Inputs": what was read, what is missing, whether summary.csv agrees. */
function inputNotes(tree: ResultsTree, jobs: ChartJob[], opts: ReportOptions): string {
  const notes: string[] = [];
  notes.push(`${tree.runs.length} run CSV file(s) read from ${opts.resultsLabel}.`);
  const missingRuns = tree.missing.filter(isRunPath);
  if (missingRuns.length > 0) {
    notes.push(
      `**Missing run CSVs (${missingRuns.length}):** ${
        missingRuns.map((m) => `\`${m}\``).join(", ")
      }. Their rows and figures are left out.`,
    );
  }
  for (const m of tree.missing.filter((m) => !isRunPath(m))) {
    notes.push(`**Missing input:** \`${m}\`.`);
  }
  if (tree.summary) {
    const mismatches = summaryMismatches(tree);
    notes.push(
      mismatches.length === 0
        ? "summary.csv agrees with the last row of every run CSV it lists."
        : `**summary.csv disagrees with the run CSVs for:** ${mismatches.join(", ")}.`,
    );
  }
  if (opts.missingCharts.length > 0) {
    notes.push(
      `**${opts.missingCharts.length} of ${jobs.length} figures are not rendered yet** ` +
        "(run `deno task charts`, then this task again).",
    );
  }
  return "## Inputs\n\n" + list(notes);
}

/** A section's figures: overlays and panels full width, then the per-run rows, then depth. */
function sectionFigures(s: SectionSpec, jobs: ChartJob[]): string[] {
  const sectionJobs = jobs.filter((j) => j.section === s.id);
  const figs: string[] = [];
  for (const kind of ["overlay", "panels"] as const) {
    for (const j of sectionJobs.filter((x) => x.kind === kind)) figs.push(img(j));
  }
  const per = sectionJobs.filter((j) => j.kind === "run");
  for (const metric of ["acc", "loss"]) {
    const row = per.filter((j) => j.id.startsWith(`${s.id}/${metric}-`));
    if (row.length > 0) figs.push(row.map((j) => img(j, 300)).join("\n"));
  }
  if (s.comparesDepthWith !== undefined) {
    const depth = jobs.filter((j) => j.kind === "depth");
    if (depth.length > 0) {
      figs.push(
        "One vs two hidden layers, per pair:\n\n" + depth.map((j) => img(j, 300)).join("\n"),
      );
    }
  }
  return figs;
}

/** Section `n` of the report: one experiment's tables, statements and figures. */
function sectionBlock(
  n: number,
  s: SectionSpec,
  tree: ResultsTree,
  jobs: ChartJob[],
  R: string,
): string[] {
  const out = [`## ${n}. ${s.title}`];
  const runs = sectionRuns(tree, s.id);
  if (runs.length === 0) return [...out, `> **Note:** no run CSVs under ${R}${s.id}/ yet.`];
  const stats = runs.map((r) => runStats(s, r));
  const compared = s.reportTable !== undefined;
  if (compared) {
    out.push(`### ${n}.1 Final numbers against the report`);
    out.push(comparisonTables(s, stats, tree.reportTables));
  }
  out.push(`### ${n}.${compared ? 2 : 1} Computed statements`);
  out.push(statsTable(s, stats));
  out.push(list(statements(s, stats)));
  const d = depthTable(tree, s);
  if (d) {
    out.push("**One vs two hidden layers** (final test accuracy):");
    out.push(d.text);
    if (d.statements.length > 0) out.push(list(d.statements));
  }
  const figs = sectionFigures(s, jobs);
  if (figs.length > 0) out.push(`### ${n}.${compared ? 3 : 2} Figures`, ...figs);
  return out;
}

/** The whole REPORT.md: a section per experiment of the study, then the timing section. */
export function buildReport(tree: ResultsTree, jobs: ChartJob[], opts: ReportOptions): string {
  const out = [...intro(opts.resultsLabel), inputNotes(tree, jobs, opts)];
  tree.sections.forEach((s, i) =>
    out.push(...sectionBlock(i + 1, s, tree, jobs, opts.resultsLabel))
  );
  out.push(`## ${tree.sections.length + 1}. Training time per activation/loss pair`);
  out.push(timingSection(tree.timing, jobs));
  if (opts.conclusions) out.push(...opts.conclusions(tree.sections.length + 2));
  return out.join("\n\n") + "\n";
}

/** Runs whose summary.csv numbers differ from the last row of their CSV. */
export function summaryMismatches(tree: ResultsTree): string[] {
  if (!tree.summary) return [];
  const same = (a: number | null, b: number | undefined) =>
    (a === null && b === undefined) ||
    (a !== null && b !== undefined && (a === b || (Number.isNaN(a) && Number.isNaN(b))));
  const out: string[] = [];
  for (const s of tree.summary) {
    const run = tree.runs.find((r) =>
      s.run === `${r.section}/${r.name}` || (s.section === r.section && s.run === r.name)
    );
    if (!run) continue;
    const last = run.rows[run.rows.length - 1];
    if (
      !same(s.windowAcc, last?.windowAcc) || !same(s.windowLoss, last?.windowLoss) ||
      !same(s.testAcc, last?.testAcc) || !same(s.testLoss, last?.testLoss)
    ) out.push(`${run.section}/${run.name}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// README summary

export const README_START = "<!-- summary:start (generated by deno task report) -->";
export const README_END = "<!-- summary:end -->";

/** The README's compact table: every run the report has, our final figures beside its own. */
export function readmeSummary(tree: ResultsTree): string {
  const rep = tree.reportTables ?? [];
  const rows: string[][] = [];
  for (const run of tree.runs) {
    const r = findReportRow(run.spec, rep);
    const last = run.rows[run.rows.length - 1];
    if (!r || !last) continue;
    const comparable = run.rows.length === r.epochs;
    const train = compare(last.windowAcc, r.trainAcc, 4, comparable);
    const test = compare(last.testAcc, r.testAcc, 5, comparable);
    const testLoss = compare(last.testLoss, r.testLoss, 5, comparable);
    rows.push([
      `${run.section}/${run.name}`,
      train.ours,
      train.report,
      train.diff,
      test.ours,
      test.report,
      test.diff,
      testLoss.ours,
      testLoss.report,
    ]);
  }
  if (rows.length === 0) return "_No results yet: run `deno task reproduce`._";
  return markdownTable(
    [
      "Run",
      "Train acc",
      "(report)",
      "Δ",
      "Test acc",
      "(report)",
      "Δ",
      "Test loss",
      "(report)",
    ],
    rows,
    [":--", "--:", "--:", "--:", "--:", "--:", "--:", "--:", "--:"],
    true,
  );
}

/** Replaces the text between the README markers (kept) with `content`. */
export function replaceReadmeSummary(readme: string, content: string): string {
  const a = readme.indexOf(README_START), b = readme.indexOf(README_END);
  if (a < 0 || b < a) {
    throw new Error(`README.md: expected the markers "${README_START}" and "${README_END}"`);
  }
  return readme.slice(0, a + README_START.length) + "\n\n" + content + "\n\n" + readme.slice(b);
}
