/**
 * Finds the experiment files: every experiments/*.ts except this file, schema.ts, tests and
 * helpers (names starting with "_"). Nothing is registered by hand: a new file is part of the
 * study as soon as it exists.
 */
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * The study's order for the files that were there first (the report's order: summary rows,
 * report sections); any other file follows, in name order.
 */
export const FIRST_FILES = ["one_hidden.ts", "two_hidden.ts", "sweeps.ts", "stability.ts"];

const EXPERIMENTS_DIR = dirname(fileURLToPath(import.meta.url));

/** Whether a file name in experiments/ is an experiment file. */
export function isExperimentFile(name: string): boolean {
  return name.endsWith(".ts") && !name.endsWith("_test.ts") && !name.startsWith("_") &&
    name !== "mod.ts" && name !== "schema.ts";
}

/** Experiment file names in study order: FIRST_FILES that exist, then the rest by name. */
export function studyOrder(names: readonly string[]): string[] {
  const first = FIRST_FILES.filter((f) => names.includes(f));
  const rest = names.filter((f) => !FIRST_FILES.includes(f)).sort();
  return [...first, ...rest];
}

/**
 * Every experiment file's default export, in study order, keyed by its path relative to the
 * repository ("experiments/one_hidden.ts", as error messages name it). Validation is
 * scripts/lib/experiments.ts's job.
 */
export async function loadExperimentFiles(
  dir = EXPERIMENTS_DIR,
): Promise<Record<string, unknown>> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && isExperimentFile(e.name)) names.push(e.name);
  }
  const files: Record<string, unknown> = {};
  for (const name of studyOrder(names)) {
    const path = join(dir, name);
    const mod = await import(pathToFileURL(path).href);
    files[relative(dirname(dir), path)] = mod.default;
  }
  return files;
}
