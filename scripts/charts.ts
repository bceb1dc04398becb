/**
 * `deno task charts`: renders every figure a results folder allows (results/ by default; any
 * folder of the same layout, such as a reproduce work folder) into <folder>/charts/ (<id>.svg via
 * vl2svg, <id>.png via resvg). The figures follow from the experiment files: a section the folder
 * holds gets its figures. Figures that the previous run left but this one did not produce are
 * deleted, so the folder always matches the results; but only when every input is there: a
 * missing run CSV of a section the folder holds stops the task (exit 2) before anything is
 * rendered or deleted.
 */
import { buildChartJobs, type ChartJob } from "./lib/figures.ts";
import { isRunPath, loadResults } from "./lib/results_tree.ts";
import { listFiles } from "./lib/walk.ts";
import { loadTemplates } from "./lib/templates.ts";
import { renderAll } from "./lib/render.ts";
import {
  type CommandDef,
  onInterrupt,
  parseCommand,
  parseJobs,
  preflightDir,
  runMain,
  UsageError,
} from "./lib/cli.ts";

/** `deno task charts`'s flags, defaults and examples (its --help). */
export const CHARTS_COMMAND: CommandDef = {
  name: "deno task charts",
  summary: "Renders every figure (Vega-Lite → SVG + PNG) from the run CSVs, summary.csv and " +
    "timing.csv of a results folder, and removes figures no longer produced.",
  flags: {
    results: {
      type: "string",
      help: "results folder to read",
      default: "results",
      placeholder: "DIR",
    },
    out: { type: "string", help: "figures folder (default: <results>/charts)", placeholder: "DIR" },
    jobs: { type: "string", help: "vl2svg processes at a time", default: "2", placeholder: "N" },
    only: {
      type: "string",
      help: "render only figures whose id contains this",
      placeholder: "TEXT",
    },
    "allow-missing": {
      type: "boolean",
      help: "render what the inputs allow when some are missing (then nothing is removed)",
    },
  },
  examples: [
    "deno task charts",
    "deno task charts --only sweep_lr --jobs 1",
    "deno task charts --results /tmp/my_results --out /tmp/my_charts",
  ],
};

/** "a, b, c and 7 more". */
function listSome(items: string[], n = 4): string {
  const head = items.slice(0, n).join(", ");
  return items.length > n ? `${head} and ${items.length - n} more` : head;
}

async function checkResultsDir(dir: string): Promise<void> {
  const st = await Deno.stat(dir).catch(() => undefined);
  if (!st?.isDirectory) {
    throw new UsageError(`--results ${dir}: ${st ? "a file, not a folder" : "no such folder"}`);
  }
}

/**
 * Deletes figures of `outDir` that no job produced, in the folders (sections, depth, timing) some
 * job rendered into: a folder whose inputs this results folder does not hold is left alone.
 */
async function removeStale(outDir: string, jobs: ChartJob[]): Promise<number> {
  const keep = new Set(jobs.flatMap((j) => [`${j.id}.svg`, `${j.id}.png`]));
  const folders = new Set(jobs.map((j) => j.id.split("/")[0]));
  let n = 0;
  for (const f of await listFiles(outDir)) {
    if (!/\.(svg|png)$/.test(f) || !folders.has(f.split("/")[0])) continue;
    if (!keep.has(f)) {
      await Deno.remove(`${outDir}/${f}`);
      console.error(`removed stale ${outDir}/${f}`);
      n++;
    }
  }
  return n;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseCommand(CHARTS_COMMAND, argv);
  const resultsDir = (values.results as string).replace(/\/$/, "");
  const outDir = (values.out as string | undefined) ?? `${resultsDir}/charts`;
  const concurrency = parseJobs(values.jobs as string);
  const only = values.only as string | undefined;
  await checkResultsDir(resultsDir);
  const tree = await loadResults(resultsDir);
  // Only run CSVs block: a folder without timing.csv (a reproduce work folder) has no timing
  // figures, and keeps any it had.
  const missing = tree.missing.filter(isRunPath);
  if (missing.length > 0 && !values["allow-missing"]) {
    throw new UsageError(
      `${resultsDir}/: missing input(s) ${listSome(missing)}: expected every run CSV of each ` +
        "section the folder holds; nothing was rendered or removed",
      "run `deno task reproduce` (and `deno task bench`) to produce them, or pass --allow-missing",
    );
  }
  let jobs = buildChartJobs(tree, await loadTemplates());
  if (only) jobs = jobs.filter((j) => j.id.includes(only));
  if (jobs.length === 0) {
    throw new UsageError(
      only
        ? `--only ${only}: no figure id contains it`
        : `no figures to render: no run CSVs under ${resultsDir}/`,
    );
  }
  await preflightDir("--out", outDir);
  let done = 0;
  const abort = new AbortController();
  const unregister = onInterrupt(
    () => abort.abort(),
    () =>
      `interrupted: ${done} of ${jobs.length} figures were rendered into ${outDir}/ and kept; ` +
      "nothing was removed; run the same command again to render them all",
  );
  const t0 = performance.now();
  await renderAll(jobs, outDir, concurrency, (id, d, total) => {
    done = d;
    if (d % 10 === 0 || d === total) console.error(`[${d}/${total}] ${id}`);
  }, abort.signal);
  unregister();
  const seconds = (performance.now() - t0) / 1000;
  // Stale figures are removed only when every input was there and every figure was rendered.
  if (!only && missing.length === 0) await removeStale(outDir, jobs);
  console.log(
    `rendered ${jobs.length} figures (SVG + PNG) into ${outDir}/ in ${seconds.toFixed(1)} s ` +
      `with ${concurrency} vl2svg process(es) at a time`,
  );
  if (missing.length > 0) {
    console.error(
      `warning: missing input(s) ${listSome(missing)}: their figures were not rendered`,
    );
  }
  return 0;
}

if (import.meta.main) await runMain(() => main(Deno.args));
