/**
 * manifest.json of a results folder: what produced each run CSV (config, hash, engine, backend,
 * machine time). Reading never throws for a damaged file: the caller gets the problem as text
 * and rebuilds the entries from the CSVs (see integrity.ts), so a bad manifest never blocks a run
 * and never orphans good CSVs.
 */
import { join } from "node:path";
import type { RunConfig } from "../../core/config.ts";
import type { Backend } from "../../core/kernels/select.ts";
import { ENGINE_VERSION } from "../../core/version.ts";
import { writeTextAtomic } from "./atomic.ts";

export type RunStatus = "ok" | "diverged" | "failed";

export interface ManifestRun {
  config: RunConfig;
  configHash: string;
  engineVersion: string;
  denoVersion: string;
  backend: Backend;
  /** Training wall time of the computation this CSV came from (machine time). */
  wallSeconds: number;
  status: RunStatus;
  divergedEpoch?: number;
  divergedReason?: string;
  error?: string;
  /** Results folder relative path of the CSV. */
  csv?: string;
  /** Set when this run's config equals an earlier run's: the CSV is a copy of that run's. */
  sameAs?: string;
  /** Set when the entry was rebuilt from its CSV after the manifest was lost or damaged. */
  rebuilt?: true;
}

/** How the folder was produced: machine-level facts, left out of every comparison. */
export interface StudyBlock {
  /** Wall time of the invocation that computed the folder's runs (max over merged shards). */
  wallSeconds: number;
  /** Sum of the training wall times of all distinct runs in the manifest. */
  runWallSeconds: number;
  denoVersion: string;
  jobs: number;
  /** The shard this folder was computed as (`--shard index/count`), if any. */
  shard?: ShardTag;
  /** Merged folders: the shards they came from. */
  shards?: (ShardTag & { wallSeconds: number })[];
}

/** A shard's identity: which part of which selection. */
export interface ShardTag {
  index: number;
  count: number;
  /** The --only pattern the plan was made from (absent: the whole study). */
  only?: string;
}

export interface Manifest {
  engineVersion: string;
  quick: boolean;
  /** Hash of the study's expanded runs (names and config hashes): "one study" for merge. */
  studyHash: string;
  study: StudyBlock;
  runs: Record<string, ManifestRun>;
}

/** A manifest as read: the parsed value, or why it could not be used. */
export type ManifestRead =
  | { manifest: Manifest; problem?: undefined }
  | { manifest?: undefined; problem: string };

export const MANIFEST = "manifest.json";

/** Reads `<dir>/manifest.json`; a missing, unparsable or malformed file is a problem, not a throw. */
export async function readManifest(dir: string): Promise<ManifestRead> {
  let text: string;
  try {
    text = await Deno.readTextFile(join(dir, MANIFEST));
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return { problem: "missing" };
    throw err;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { problem: `not valid JSON (${(err as Error).message})` };
  }
  const problem = manifestProblem(value);
  return problem === undefined ? { manifest: value as Manifest } : { problem };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** What is wrong with a parsed manifest, or undefined when every entry has the fields we use. */
export function manifestProblem(value: unknown): string | undefined {
  if (!isObject(value)) return "expected a JSON object";
  if (!isObject(value.runs)) return "no runs object";
  for (const [name, e] of Object.entries(value.runs)) {
    if (!isObject(e)) return `runs.${name}: expected an object`;
    for (const key of ["configHash", "engineVersion", "status"]) {
      if (typeof e[key] !== "string") return `runs.${name}.${key}: expected a string`;
    }
    if (!isObject(e.config)) return `runs.${name}.config: expected an object`;
    if (typeof e.wallSeconds !== "number") return `runs.${name}.wallSeconds: expected a number`;
  }
  return undefined;
}

/** Rounds machine times to the millisecond, as stored. */
export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Sum of the training times of the distinct computations among `runs` (copies counted once). */
export function distinctRunSeconds(runs: Iterable<ManifestRun>): number {
  const distinct = new Map<string, number>();
  for (const e of runs) if (!e.sameAs) distinct.set(e.configHash, e.wallSeconds);
  return round3([...distinct.values()].reduce((a, b) => a + b, 0));
}

/**
 * The manifest of a folder: entries in study order (`order`), then any entries of runs no
 * longer in the experiment files (kept, not lost).
 */
export function buildManifest(
  entries: ReadonlyMap<string, ManifestRun>,
  order: readonly string[],
  head: { quick: boolean; studyHash: string; study: Omit<StudyBlock, "runWallSeconds"> },
): Manifest {
  const runs: Record<string, ManifestRun> = {};
  for (const name of order) if (entries.has(name)) runs[name] = entries.get(name)!;
  for (const [k, v] of entries) if (!(k in runs)) runs[k] = v;
  const { shard, shards, ...rest } = head.study;
  return {
    engineVersion: ENGINE_VERSION,
    quick: head.quick,
    studyHash: head.studyHash,
    study: {
      ...rest,
      runWallSeconds: distinctRunSeconds(Object.values(runs)),
      ...(shard ? { shard } : {}),
      ...(shards ? { shards } : {}),
    },
    runs,
  };
}

/** Writes the manifest atomically. */
export function writeManifest(dir: string, m: Manifest): Promise<void> {
  return writeTextAtomic(join(dir, MANIFEST), JSON.stringify(m, null, 2) + "\n");
}
