/**
 * Merging shard folders into one: checks they are the shards of one study (one engine version,
 * one study hash, one shard count, each index exactly once), takes every whole run from them (a
 * run found in two must carry the same numbers), and writes the run CSVs, manifest and summary in
 * the experiments' order: the files an unsharded run gives, machine times aside.
 */
import { dirExists, writeTextAtomic } from "./atomic.ts";
import { UsageError } from "./cli.ts";
import { diffResults } from "./golden_diff.ts";
import { checkRun } from "./integrity.ts";
import {
  buildManifest,
  type Manifest,
  type ManifestRun,
  readManifest,
  type ShardTag,
  writeManifest,
} from "./manifest.ts";
import { checkAll, csvPath, readCsv, type Study, writeSummary } from "./study.ts";

/** One input folder with its manifest and the shard it says it is. */
export interface ShardFolder {
  dir: string;
  manifest: Manifest;
  tag: ShardTag;
}

/** Reads each folder's manifest; a folder without a usable one is an input error. */
export async function readShardFolders(dirs: readonly string[]): Promise<ShardFolder[]> {
  const out: ShardFolder[] = [];
  for (const dir of dirs) {
    if (!(await dirExists(dir))) {
      throw new UsageError(`${dir}: not a folder: expected a shard's --out folder`);
    }
    const read = await readManifest(dir);
    if (read.manifest === undefined) {
      throw new UsageError(
        `${dir}/manifest.json: ${read.problem}: expected a folder written by reproduce`,
        `rerun its \`deno task reproduce --shard i/n --out ${dir}\`: it rebuilds the manifest`,
      );
    }
    out.push({
      dir,
      manifest: read.manifest,
      tag: read.manifest.study?.shard ?? { index: 1, count: 1 },
    });
  }
  return out;
}

function same<T>(shards: ShardFolder[], what: string, get: (s: ShardFolder) => T): void {
  const first = get(shards[0]);
  const other = shards.find((s) => get(s) !== first);
  if (other !== undefined) {
    throw new UsageError(
      `${other.dir}: ${what} ${JSON.stringify(get(other))}, but ${shards[0].dir} has ` +
        `${JSON.stringify(first)}: expected the shards of one study`,
    );
  }
}

/**
 * Checks the folders are the shards of `study`, each present once; returns them by index.
 * A missing shard is an error naming it unless `allowPartial`.
 */
export function checkShards(
  shards: ShardFolder[],
  study: Study,
  engineVersion: string,
  allowPartial: boolean,
): ShardFolder[] {
  same(shards, "engine version", (s) => s.manifest.engineVersion);
  same(shards, "quick", (s) => s.manifest.quick);
  same(shards, "study hash", (s) => s.manifest.studyHash);
  same(shards, "shard count", (s) => s.tag.count);
  same(shards, "--only", (s) => s.tag.only);
  const first = shards[0];
  if (first.manifest.engineVersion !== engineVersion) {
    throw new UsageError(
      `${first.dir}: engine version ${first.manifest.engineVersion}: expected ${engineVersion}, ` +
        `this engine's: recompute the shards`,
    );
  }
  if (first.manifest.studyHash !== study.studyHash) {
    throw new UsageError(
      `${first.dir}: study hash ${first.manifest.studyHash}: expected ${study.studyHash}, ` +
        `today's experiment files: recompute the shards`,
    );
  }
  const byIndex = new Map<number, ShardFolder>();
  for (const s of shards) {
    const twin = byIndex.get(s.tag.index);
    if (twin !== undefined) {
      throw new UsageError(
        `shard ${s.tag.index}/${s.tag.count} given twice: ${twin.dir} and ${s.dir}`,
      );
    }
    byIndex.set(s.tag.index, s);
  }
  const count = first.tag.count;
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0 && !allowPartial) {
    throw new UsageError(
      `shard ${missing.map((i) => `${i}/${count}`).join(", ")} missing: expected the ` +
        `--out folder of every \`reproduce --shard i/${count}\``,
      "merge what is there with --allow-partial",
    );
  }
  return [...byIndex.keys()].sort((a, b) => a - b).map((i) => byIndex.get(i)!);
}

/** A run, the folder it is taken from and its entry. */
interface Source {
  dir: string;
  text: string;
  entry: ManifestRun;
}

/** Every whole run of the study among the shards; a run in two must carry the same numbers. */
export async function collectRuns(
  shards: readonly ShardFolder[],
  study: Study,
): Promise<Map<string, Source>> {
  const out = new Map<string, Source>();
  for (const r of study.runs) {
    for (const s of shards) {
      const entry = s.manifest.runs[r.name];
      const text = await readCsv(s.dir, r.name);
      if (!checkRun(r, study.hashes.get(r.name)!, entry, text).done) continue;
      const had = out.get(r.name);
      if (had === undefined) {
        out.set(r.name, { dir: s.dir, text: text!, entry: entry! });
        continue;
      }
      const diffs = diffResults(
        { runs: new Map([[r.name, had.text]]) },
        { runs: new Map([[r.name, text!]]) },
      );
      if (diffs.length > 0) {
        const d = diffs[0];
        throw new UsageError(
          `${r.name} is in ${had.dir} and ${s.dir} with different numbers ` +
            `(${d.column} at epoch ${d.epoch}: ${d.golden} vs ${d.new}): expected one result`,
        );
      }
    }
  }
  return out;
}

/** Writes the merged folder: CSVs, manifest (machine block: the shards'), summary. */
export async function writeMerged(
  out: string,
  shards: readonly ShardFolder[],
  study: Study,
  runs: ReadonlyMap<string, Source>,
): Promise<void> {
  const entries = new Map<string, ManifestRun>();
  for (const r of study.runs) {
    const src = runs.get(r.name);
    if (src === undefined) continue;
    await writeTextAtomic(csvPath(out, r.name), src.text);
    entries.set(r.name, src.entry);
  }
  const blocks = shards.map((s) => s.manifest.study);
  await writeManifest(
    out,
    buildManifest(entries, study.runs.map((r) => r.name), {
      quick: study.quick,
      studyHash: study.studyHash,
      study: {
        // The shards ran side by side: the study took as long as the longest.
        wallSeconds: Math.max(...blocks.map((b) => b.wallSeconds)),
        denoVersion: blocks[0].denoVersion,
        jobs: Math.max(...blocks.map((b) => b.jobs)),
        shards: shards.map((s) => ({ ...s.tag, wallSeconds: s.manifest.study.wallSeconds })),
      },
    }),
  );
  await writeSummary(out, study, await checkAll(out, study, entries), entries);
}
