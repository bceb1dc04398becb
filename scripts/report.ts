/**
 * `deno task report`: writes <results>/REPORT.md from the run CSVs, summary.csv, timing.csv and
 * experiments/report_tables.csv. Missing inputs become notes in the report; a malformed CSV stops
 * with an error naming the file, line and column. For results/ it also refreshes the README's
 * summary table. It also writes <results>/index.html, the study as one interactive offline page
 * (scripts/lib/page/), and <results>/page.json. The sections follow from the experiment files; a results folder may hold only
 * some of them (a reproduce work folder): the others get a note.
 */
import { buildChartJobs } from "./lib/figures.ts";
import CLAIMS from "../experiments/claims/claims.ts";
import { loadConclusions } from "./lib/claims/inputs.ts";
import { conclusionsSection } from "./lib/claims/section.ts";
import { loadResults } from "./lib/results_tree.ts";
import { loadTemplates } from "./lib/templates.ts";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildReport, readmeSummary, replaceReadmeSummary } from "./lib/report_build.ts";
import { fileExists, writeTextAtomic } from "./lib/atomic.ts";
import { writePage } from "./lib/page/write_page.ts";
import { type CommandDef, parseCommand, preflightFile, runMain, UsageError } from "./lib/cli.ts";

/** `deno task report`'s flags, defaults and examples (its --help). */
export const REPORT_COMMAND: CommandDef = {
  name: "deno task report",
  summary: "Writes REPORT.md (every table beside the original's, every figure, computed " +
    "findings) and index.html (the interactive page, offline) from a results folder; missing " +
    "inputs become notes.",
  flags: {
    results: {
      type: "string",
      help: "results folder to read",
      default: "results",
      placeholder: "DIR",
    },
    out: {
      type: "string",
      help: "report file (default: <results>/REPORT.md)",
      placeholder: "FILE",
    },
    "report-tables": {
      type: "string",
      help: "the original report's numbers",
      default: "experiments/report_tables.csv",
      placeholder: "FILE",
    },
    readme: {
      type: "string",
      help: "README whose summary table is refreshed (only for --results results)",
      default: "README.md",
      placeholder: "FILE",
    },
    "no-readme": { type: "boolean", help: "leave the README alone" },
  },
  examples: ["deno task report", "deno task report --results /tmp/my_results --no-readme"],
};

async function main(argv: string[]): Promise<number> {
  const { values } = parseCommand(REPORT_COMMAND, argv);
  const resultsDir = (values.results as string).replace(/\/$/, "");
  const outFile = (values.out as string | undefined) ?? `${resultsDir}/REPORT.md`;
  const st = await Deno.stat(resultsDir).catch(() => undefined);
  if (!st?.isDirectory) {
    throw new UsageError(
      `--results ${resultsDir}: ${st ? "a file, not a folder" : "no such folder"}`,
    );
  }
  // Only the repository's own results/ refreshes the README, however the folder is spelled.
  const isRepoResults =
    resolve(resultsDir) === fileURLToPath(new URL("../results", import.meta.url));
  const readme = !values["no-readme"] && isRepoResults ? values.readme as string : null;
  await preflightFile("--out", outFile);
  if (readme) await preflightFile("--readme", readme);
  const tree = await loadResults(resultsDir, values["report-tables"] as string);
  const jobs = buildChartJobs(tree, await loadTemplates());
  const missingCharts: string[] = [];
  for (const j of jobs) {
    if (!(await fileExists(`${resultsDir}/charts/${j.id}.png`))) missingCharts.push(j.id);
  }
  const resultsLabel = isRepoResults ? "results/" : `${resultsDir}/`;
  const input = await loadConclusions(
    tree,
    resultsDir,
    resultsLabel,
    values["report-tables"] as string,
  );
  const conclusions = (n: number) => conclusionsSection(n, CLAIMS, input);
  const text = buildReport(tree, jobs, { missingCharts, resultsLabel, conclusions });
  await writeTextAtomic(outFile, text);
  // The interactive page of the same results: <results>/index.html (+ page.json).
  const page = await writePage(resultsDir, tree, jobs, resultsLabel);
  if (readme) {
    // The README's summary table comes from the same results (only for the real results tree).
    const before = await Deno.readTextFile(readme);
    await writeTextAtomic(readme, replaceReadmeSummary(before, readmeSummary(tree)));
  }
  console.log(
    `wrote ${outFile}: ${tree.runs.length} runs, ${jobs.length} figures referenced` +
      (missingCharts.length > 0 ? ` (${missingCharts.length} not rendered yet)` : "") +
      (tree.missing.length > 0 ? `; missing inputs: ${tree.missing.length}` : ""),
  );
  console.log(`wrote ${page.path}: ${page.meta.runs} runs, ${page.meta.presets} preset views`);
  return 0;
}

if (import.meta.main) await runMain(() => main(Deno.args));
