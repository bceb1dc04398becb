/**
 * A results folder read into memory: the runs of every section of the study (sections and run
 * names come from the experiment files), summary.csv, timing.csv and the report's own numbers.
 * The only I/O of the chart and report code.
 */
import { type EpochRow, parseRunCsv } from "../../core/csv.ts";
import { loadExperimentFiles } from "../../experiments/mod.ts";
import { readTextIfExists } from "./atomic.ts";
import { expandStudy, type RunSpec, type SectionSpec } from "./experiments.ts";
import { parseReportTablesCsv, type ReportTableRow } from "./report_tables.ts";
import { parseSummaryCsv, type SummaryRow } from "./summary.ts";
import { parseTimingCsv, type TimingRow } from "./timing_csv.ts";
import { listFiles } from "./walk.ts";

/** One run read from its CSV. */
export interface Run {
  section: string;
  /** File stem, e.g. "gelu-softmax_ce" or "lr=0.1". */
  name: string;
  rows: EpochRow[];
  /** What the experiment files declare for it. */
  spec: RunSpec;
}

export interface ResultsTree {
  /** Every section of the study, in study order (some may have no runs in this folder). */
  sections: SectionSpec[];
  /** The runs found, in study order. */
  runs: Run[];
  summary: SummaryRow[] | null;
  timing: TimingRow[] | null;
  reportTables: ReportTableRow[] | null;
  /**
   * Expected inputs that are absent, as paths relative to the results folder (the report's
   * tables: as given): the run CSVs of every section the folder has a CSV of, summary.csv,
   * timing.csv. A section with no CSV at all is not computed here, not missing.
   */
  missing: string[];
}

/** Whether a `missing` entry is a run CSV ("<section>/<run>.csv"). */
export function isRunPath(path: string): boolean {
  return path.endsWith(".csv") && path.includes("/");
}

/** The runs of the study's sections that the folder holds; the absent ones of those sections. */
async function loadRuns(resultsDir: string, sections: SectionSpec[]) {
  const files = new Set(await listFiles(resultsDir));
  const runs: Run[] = [];
  const missing: string[] = [];
  for (const s of sections) {
    if (![...files].some((f) => f.startsWith(`${s.id}/`) && f.endsWith(".csv"))) continue;
    for (const spec of s.runs) {
      const rel = `${spec.name}.csv`;
      if (!files.has(rel)) {
        missing.push(rel);
        continue;
      }
      const path = `${resultsDir}/${rel}`;
      const rows = parseRunCsv(await Deno.readTextFile(path), path);
      runs.push({ section: s.id, name: spec.name.slice(s.id.length + 1), rows, spec });
    }
  }
  return { runs, missing };
}

/**
 * Reads a results folder. Absent inputs are listed in `missing`; a malformed CSV throws CsvError.
 * `files` (path -> default export) replaces the experiment files, for tests.
 */
export async function loadResults(
  resultsDir: string,
  reportTablesPath = "experiments/report_tables.csv",
  files?: Readonly<Record<string, unknown>>,
): Promise<ResultsTree> {
  const { sections } = expandStudy(files ?? await loadExperimentFiles());
  const { runs, missing } = await loadRuns(resultsDir, sections);
  const load = async <T>(path: string, label: string, parse: (t: string, f: string) => T) => {
    const text = await readTextIfExists(path);
    if (text === undefined) missing.push(label);
    return text === undefined ? null : parse(text, path);
  };
  return {
    sections,
    runs,
    summary: await load(`${resultsDir}/summary.csv`, "summary.csv", parseSummaryCsv),
    timing: await load(`${resultsDir}/timing.csv`, "timing.csv", parseTimingCsv),
    reportTables: await load(reportTablesPath, reportTablesPath, parseReportTablesCsv),
    missing: missing.sort(),
  };
}

/** The runs of one section that have at least one epoch row. */
export function sectionRuns(tree: ResultsTree, section: string): Run[] {
  return tree.runs.filter((r) => r.section === section && r.rows.length > 0);
}
