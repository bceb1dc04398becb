/**
 * The I/O of the conclusions section: the results it evaluates the claims on (a results tree,
 * its textbook/ and envelope/ subfolders) read into plain data.
 */
import { parseRunCsv } from "../../../core/csv.ts";
import type { EpochRow } from "../../../core/csv.ts";
import { loadExperimentFiles } from "../../../experiments/mod.ts";
import { dirExists, readTextIfExists } from "../atomic.ts";
import { type EnvelopeRow, envelopeRows } from "../envelope.ts";
import { expandStudy, type RunSpec } from "../experiments.ts";
import { loadResults, type ResultsTree } from "../results_tree.ts";
import type { ClaimData } from "./metrics.ts";

/** What the conclusions section is built from. */
export interface ConclusionsInput {
  author: ClaimData;
  /** null: the folder has no textbook run yet. */
  textbook: ClaimData | null;
  /** Final test accuracy per run, author and textbook, for the side-by-side curves. */
  envelope: EnvelopeRow[];
  /** How the folders are named in the text ("results/"). */
  label: string;
}

/** The claims' view of a results tree. */
export function claimData(tree: ResultsTree): ClaimData {
  const runs = new Map(
    tree.runs.map((r) => [r.spec.name, { config: r.spec.config, rows: r.rows }]),
  );
  return { runs, timing: tree.timing };
}

/** The epochs of a run in `dir`, or undefined when its CSV is absent. */
async function readRows(dir: string, run: RunSpec): Promise<EpochRow[] | undefined> {
  const path = `${dir}/${run.name}.csv`;
  const text = await readTextIfExists(path);
  return text === undefined ? undefined : parseRunCsv(text, path);
}

/** Reads everything the section needs from `resultsDir` and its textbook/ and envelope/. */
export async function loadConclusions(
  tree: ResultsTree,
  resultsDir: string,
  label: string,
  reportTablesPath = "experiments/report_tables.csv",
): Promise<ConclusionsInput> {
  const tbDir = `${resultsDir}/textbook`;
  const tb = await dirExists(tbDir) ? await loadResults(tbDir, reportTablesPath) : null;
  const files = await loadExperimentFiles();
  const envSpecs = expandStudy(files, "envelope").runs;
  // Every run the study declares, whether this folder holds it or not.
  const main = tree.sections.flatMap((s) => s.runs);
  const envRows = new Map<string, EpochRow[] | undefined>();
  for (const e of envSpecs) envRows.set(e.name, await readRows(`${resultsDir}/envelope`, e));
  const rowsOf = (run: RunSpec, env: boolean) =>
    env ? envRows.get(run.name) : tree.runs.find((r) => r.spec.name === run.name)?.rows;
  return {
    author: claimData(tree),
    textbook: tb && tb.runs.length > 0 ? claimData(tb) : null,
    envelope: envelopeRows(envSpecs, main, tree.reportTables ?? [], rowsOf),
    label,
  };
}
