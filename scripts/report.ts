/**
 * `deno task report`: writes <results>/REPORT.md from the run CSVs, summary.csv, timing.csv and
 * experiments/report_tables.csv. Missing inputs become notes in the report; a malformed CSV stops
 * with an error naming the file, line and column.
 *
 *   deno run -A scripts/report.ts [--results DIR] [--out FILE] [--report-tables FILE]
 *       [--readme README.md | --no-readme]   (the README's summary table, for results/ only)
 */
import { parseArgs } from "node:util";
import { buildChartJobs, loadResults, loadTemplates } from "./lib/chart_data.ts";
import { buildReport, readmeSummary, replaceReadmeSummary } from "./lib/report_build.ts";
import { fileExists, writeTextAtomic } from "./lib/atomic.ts";

async function main() {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      results: { type: "string", default: "results" },
      out: { type: "string" },
      "report-tables": { type: "string", default: "experiments/report_tables.csv" },
      readme: { type: "string", default: "README.md" },
      "no-readme": { type: "boolean", default: false },
    },
  });
  const resultsDir = values.results!.replace(/\/$/, "");
  const outFile = values.out ?? `${resultsDir}/REPORT.md`;
  const tree = await loadResults(resultsDir, values["report-tables"]);
  const jobs = buildChartJobs(tree, await loadTemplates());
  const missingCharts: string[] = [];
  for (const j of jobs) {
    if (!(await fileExists(`${resultsDir}/charts/${j.id}.png`))) missingCharts.push(j.id);
  }
  const text = buildReport(tree, jobs, { missingCharts, resultsLabel: "results/" });
  await writeTextAtomic(outFile, text);
  if (!values["no-readme"] && resultsDir === "results") {
    // The README's summary table comes from the same results (only for the real results tree).
    const readme = await Deno.readTextFile(values.readme!);
    await writeTextAtomic(values.readme!, replaceReadmeSummary(readme, readmeSummary(tree)));
  }
  console.log(
    `wrote ${outFile}: ${tree.runs.length} runs, ${jobs.length} figures referenced` +
      (missingCharts.length > 0 ? ` (${missingCharts.length} not rendered yet)` : "") +
      (tree.missing.length > 0 ? `; missing inputs: ${tree.missing.length}` : ""),
  );
}

if (import.meta.main) {
  try {
    await main();
  } catch (e) {
    // CSV/config errors already name the file, line and column: print just that.
    console.error(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    Deno.exit(1);
  }
}
