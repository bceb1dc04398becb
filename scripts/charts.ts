/**
 * `deno task charts`: renders every figure of the study from results/ into results/charts/
 * (<id>.svg via vl2svg, <id>.png via resvg). Figures that the previous run left but this one did
 * not produce are deleted, so the folder always matches the results.
 *
 *   deno run -A scripts/charts.ts [--results DIR] [--out DIR] [--jobs N] [--only SUBSTRING]
 */
import { parseArgs } from "node:util";
import { buildChartJobs, loadResults, loadTemplates } from "./lib/chart_data.ts";
import { renderAll } from "./lib/render.ts";

async function listFigures(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (e.isDirectory) out.push(...await listFigures(`${dir}/${e.name}`, `${prefix}${e.name}/`));
      else if (/\.(svg|png)$/.test(e.name)) out.push(`${prefix}${e.name}`);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return out;
}

async function main() {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      results: { type: "string", default: "results" },
      out: { type: "string" },
      jobs: { type: "string", default: "2" },
      only: { type: "string" },
    },
  });
  const resultsDir = values.results!.replace(/\/$/, "");
  const outDir = values.out ?? `${resultsDir}/charts`;
  const concurrency = Number(values.jobs);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`--jobs ${values.jobs}: expected a positive integer`);
  }
  const tree = await loadResults(resultsDir);
  if (tree.missing.length > 0) console.error(`missing inputs: ${tree.missing.join(", ")}`);
  let jobs = buildChartJobs(tree, await loadTemplates());
  if (values.only) jobs = jobs.filter((j) => j.id.includes(values.only!));
  if (jobs.length === 0) {
    console.error(`no figures to render: no run CSVs under ${resultsDir}/`);
    return;
  }
  const t0 = performance.now();
  await renderAll(jobs, outDir, concurrency, (id, done, total) => {
    if (done % 10 === 0 || done === total) console.error(`[${done}/${total}] ${id}`);
  });
  const seconds = (performance.now() - t0) / 1000;
  if (!values.only) {
    const keep = new Set(jobs.flatMap((j) => [`${j.id}.svg`, `${j.id}.png`]));
    for (const f of await listFigures(outDir)) {
      if (!keep.has(f)) {
        await Deno.remove(`${outDir}/${f}`);
        console.error(`removed stale ${outDir}/${f}`);
      }
    }
  }
  console.log(
    `rendered ${jobs.length} figures (SVG + PNG) into ${outDir}/ in ${seconds.toFixed(1)} s ` +
      `with ${concurrency} vl2svg process(es) at a time`,
  );
}

if (import.meta.main) {
  try {
    await main();
  } catch (e) {
    // CSV errors already name the file, line and column: print just that.
    console.error(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    Deno.exit(1);
  }
}
