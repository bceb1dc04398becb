/**
 * Golden check: runs the quick study into a temp folder and compares every number of every
 * run CSV and of summary.csv with the committed results/quick/, exactly (float64 values; NaN
 * equals NaN). Exits 1 on any difference, listing run | column | epoch | golden | new | change.
 * The `seconds` column and the manifest's wall times measure the machine and are not compared.
 *
 *   deno run -A scripts/golden.ts [--update] [--jobs N] [--backend wasm|reference|openblas]
 *
 * --update replaces results/quick/ with the fresh results on purpose (prints what changed).
 */
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type Backend, BACKENDS } from "../core/kernels/select.ts";
import { writeTextAtomic } from "./lib/atomic.ts";
import {
  diffResults,
  formatDifferences,
  IGNORED_COLUMNS,
  type ResultSet,
} from "./lib/golden_diff.ts";
import { reproduce } from "./reproduce.ts";

const GOLDEN_DIR = fileURLToPath(new URL("../results/quick", import.meta.url));

/** Every file under `dir` (relative paths with "/"), without temp files. */
async function listFiles(dir: string, sub = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(join(dir, sub))) {
    const rel = sub === "" ? e.name : `${sub}/${e.name}`;
    if (e.isDirectory) out.push(...await listFiles(dir, rel));
    else if (e.isFile && !e.name.endsWith(".tmp")) out.push(rel);
  }
  return out.sort();
}

/** Run CSVs (by run name) and summary.csv of one results folder. */
export async function readResultSet(dir: string): Promise<ResultSet> {
  const runs = new Map<string, string>();
  let summary: string | undefined;
  for (const rel of await listFiles(dir)) {
    if (rel === "summary.csv") summary = await Deno.readTextFile(join(dir, rel));
    else if (rel.endsWith(".csv")) {
      runs.set(rel.slice(0, -4), await Deno.readTextFile(join(dir, rel)));
    }
  }
  return { runs, summary };
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isDirectory;
  } catch {
    return false;
  }
}

/** Makes `dst` hold exactly the files of `src` (each write atomic; stale files removed). */
async function replaceTree(src: string, dst: string) {
  const keep = new Set(await listFiles(src));
  for (const rel of keep) {
    await writeTextAtomic(join(dst, rel), await Deno.readTextFile(join(src, rel)));
  }
  if (await isDir(dst)) {
    for (const rel of await listFiles(dst)) {
      if (!keep.has(rel)) await Deno.remove(join(dst, rel));
    }
  }
}

/** The CLI; returns the exit code. */
export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      update: { type: "boolean", default: false },
      jobs: { type: "string" },
      backend: { type: "string", default: "wasm" },
    },
    strict: true,
  });
  const jobs = values.jobs === undefined ? navigator.hardwareConcurrency || 1 : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) {
    console.error(`--jobs ${values.jobs}: expected an integer >= 1`);
    return 2;
  }
  if (!(BACKENDS as readonly string[]).includes(values.backend)) {
    console.error(`--backend ${values.backend}: expected one of ${BACKENDS.join("|")}`);
    return 2;
  }
  const hasGolden = await isDir(GOLDEN_DIR);
  if (!hasGolden && !values.update) {
    console.error(
      `${GOLDEN_DIR}: no golden results: expected a committed results/quick/ ` +
        `(create it with: deno run -A scripts/golden.ts --update)`,
    );
    return 1;
  }
  const tmp = await Deno.makeTempDir({ prefix: "mlpbench-golden-" });
  let code = 0;
  try {
    const out = await reproduce({
      quick: true,
      jobs,
      force: true,
      out: tmp,
      backend: values.backend as Backend,
    });
    const fresh = join(tmp, "quick");
    if (out.failed.length > 0) {
      for (const f of out.failed) console.error(`FAILED ${f.name}: ${f.error}`);
      console.error("golden: the quick study did not complete: nothing compared");
      return 1; // the finally below still removes the temp folder
    }
    const diffs = hasGolden
      ? diffResults(await readResultSet(GOLDEN_DIR), await readResultSet(fresh))
      : [];
    const golden = relative(Deno.cwd(), GOLDEN_DIR).split(sep).join("/");
    const count = out.ran.length + out.copied.length;
    console.log(
      `golden: compared ${count} runs and summary.csv with ${golden}/ ` +
        `exactly (float64, NaN = NaN); not compared: the ${IGNORED_COLUMNS.join(", ")} column ` +
        `and manifest wall times (machine time)`,
    );
    if (values.update) {
      await replaceTree(fresh, GOLDEN_DIR);
      console.log(
        hasGolden
          ? `golden: updated ${golden}/ (${diffs.length} differences replaced)`
          : `golden: created ${golden}/`,
      );
      if (diffs.length > 0) console.log(formatDifferences(diffs));
    } else if (diffs.length > 0) {
      console.error(`golden: ${diffs.length} differences\n${formatDifferences(diffs)}`);
      console.error(
        "golden: if the change is intended, run: deno run -A scripts/golden.ts --update",
      );
      code = 1;
    } else {
      console.log("golden: no differences");
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
  return code;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
