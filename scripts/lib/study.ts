/**
 * Runs a study: expands the experiment files, skips runs already done (CSV present and config
 * hash in the manifest matching), runs each distinct config once on the worker pool, writes
 * every run's CSV and the manifest after each finished run (atomically, so an interrupted study
 * resumes where it stopped), then summary.csv.
 */
import { join } from "node:path";
import type { RunConfig } from "../../core/config.ts";
import { type EpochRow, formatRunCsv, parseRunCsv } from "../../core/csv.ts";
import type { Backend } from "../../core/kernels/select.ts";
import { ENGINE_VERSION } from "../../core/version.ts";
import { EXPERIMENT_FILES } from "../../experiments/mod.ts";
import { fileExists, writeTextAtomic } from "./atomic.ts";
import { expandExperiments, matchesOnly, quickConfig, type RunSpec } from "./experiments.ts";
import { configHash } from "./hash.ts";
import { formatDuration, StudyProgress } from "./progress.ts";
import { formatSummaryCsv, loadReportTables, type SummaryInput } from "./summary.ts";

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
}

export interface Manifest {
  engineVersion: string;
  quick: boolean;
  study: {
    /** Wall time of the last reproduce invocation. */
    wallSeconds: number;
    /** Sum of the training wall times of all distinct runs in the manifest. */
    runWallSeconds: number;
    denoVersion: string;
    jobs: number;
  };
  runs: Record<string, ManifestRun>;
}

/** What a run execution returns (core/runner/run_worker.ts RunResult). */
export interface Executed {
  rows: EpochRow[];
  diverged: null | { epoch: number; step: number; reason: string };
  seconds: number;
}

export type ProgressEvent =
  | { type: "start" }
  | { type: "step"; epoch: number; step: number; stepsPerEpoch: number }
  | { type: "epoch"; row: EpochRow };

/** Runs one config somewhere (the worker pool, or a stand-in in tests). */
export type Execute = (
  config: RunConfig,
  onProgress: (e: ProgressEvent) => void,
) => Promise<Executed>;

/** Where progress goes: the live view, or nothing in tests. */
export interface View {
  log(line: string): void;
  update(): void;
  close(): void;
}

export interface StudyOptions {
  /** Results root; the quick study lives in <root>/quick. */
  root: string;
  quick?: boolean;
  only?: string;
  force?: boolean;
  jobs: number;
  backend: Backend;
  execute: Execute;
  makeView: (progress: StudyProgress) => View;
  /** Experiment files (default: experiments/mod.ts). */
  files?: Readonly<Record<string, unknown>>;
}

export interface StudyOutcome {
  dir: string;
  ran: string[];
  copied: string[];
  skipped: string[];
  failed: { name: string; error: string }[];
  diverged: string[];
}

export function csvPath(dir: string, name: string): string {
  return join(dir, ...name.split("/")) + ".csv";
}

async function readManifest(path: string): Promise<Manifest | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw err;
  }
  try {
    const m = JSON.parse(text) as Manifest;
    if (typeof m !== "object" || m === null || typeof m.runs !== "object") {
      throw new Error("no runs");
    }
    return m;
  } catch (err) {
    throw new Error(
      `${path}: ${(err as Error).message}: expected a manifest written by reproduce ` +
        `(delete it, or use --force, to start over)`,
    );
  }
}

/** Relative cost of a run, for ETAs: samples seen × weights touched (test pass ~1/3 of a step). */
export function runWork(c: RunConfig): number {
  const widths = [784, ...c.hidden, 10];
  let weights = 0;
  for (let i = 0; i + 1 < widths.length; i++) weights += widths[i] * widths[i + 1];
  const train = c.trainLimit ?? 60000;
  const test = c.testLimit ?? 10000;
  return c.epochs * (train + test / 3) * weights;
}

export async function runStudy(opts: StudyOptions): Promise<StudyOutcome> {
  const t0 = performance.now();
  const dir = opts.quick ? join(opts.root, "quick") : opts.root;
  const all: RunSpec[] = expandExperiments(opts.files ?? EXPERIMENT_FILES).map((r) =>
    opts.quick ? { ...r, config: quickConfig(r.config) } : r
  );
  const selected = opts.only === undefined
    ? all
    : all.filter((r) => matchesOnly(r.name, opts.only!));
  if (selected.length === 0) {
    throw new Error(`--only ${opts.only}: expected a pattern matching at least one run name`);
  }
  const hashes = new Map<string, string>();
  for (const r of all) hashes.set(r.name, await configHash(r.config));

  const manifestPath = join(dir, "manifest.json");
  const old = await readManifest(manifestPath);
  const denoVersion = Deno.version.deno;
  const entries = new Map<string, ManifestRun>(Object.entries(old?.runs ?? {}));
  let computed = 0; // runs finished by this invocation
  const outcome: StudyOutcome = { dir, ran: [], copied: [], skipped: [], failed: [], diverged: [] };

  // Manifest writes are chained: each one serializes the state at its turn, so an older
  // snapshot can never land after a newer one.
  let writes = Promise.resolve();
  const saveManifest = () => {
    writes = writes.then(() => writeTextAtomic(manifestPath, manifestText()));
    return writes;
  };
  const manifestText = () => {
    const runs: Record<string, ManifestRun> = {};
    // Study order first, then entries of runs no longer in the experiment files (kept, not lost).
    for (const r of all) if (entries.has(r.name)) runs[r.name] = entries.get(r.name)!;
    for (const [k, v] of entries) if (!(k in runs)) runs[k] = v;
    const distinct = new Map<string, number>();
    for (const e of Object.values(runs)) if (!e.sameAs) distinct.set(e.configHash, e.wallSeconds);
    const m: Manifest = {
      engineVersion: ENGINE_VERSION,
      quick: opts.quick ?? false,
      study: {
        // A rerun that computes nothing keeps the wall time of the invocation that did the work.
        wallSeconds: computed === 0 && old?.study
          ? old.study.wallSeconds
          : round3((performance.now() - t0) / 1000),
        runWallSeconds: round3([...distinct.values()].reduce((a, b) => a + b, 0)),
        denoVersion,
        jobs: computed === 0 && old?.study ? old.study.jobs : opts.jobs,
      },
      runs,
    };
    return JSON.stringify(m, null, 2) + "\n";
  };

  const isDone = async (r: RunSpec) => {
    const e = entries.get(r.name);
    return e !== undefined && e.configHash === hashes.get(r.name) &&
      (e.status === "ok" || e.status === "diverged") && await fileExists(csvPath(dir, r.name));
  };

  // Group the selected runs by config: identical configs are computed once.
  const groups = new Map<string, RunSpec[]>();
  for (const r of selected) {
    const h = hashes.get(r.name)!;
    groups.set(h, [...(groups.get(h) ?? []), r]);
  }
  const toRun: RunSpec[][] = [];
  for (const members of groups.values()) {
    const done: RunSpec[] = [];
    for (const r of members) if (!opts.force && await isDone(r)) done.push(r);
    if (done.length === members.length) {
      outcome.skipped.push(...members.map((r) => r.name));
    } else if (done.length > 0) {
      // Same config already computed under another name: copy, do not recompute.
      const src = done[0];
      const text = await Deno.readTextFile(csvPath(dir, src.name));
      for (const r of members) {
        if (done.includes(r)) {
          outcome.skipped.push(r.name);
          continue;
        }
        await writeTextAtomic(csvPath(dir, r.name), text);
        entries.set(r.name, { ...entries.get(src.name)!, csv: relCsv(r.name), sameAs: src.name });
        outcome.copied.push(r.name);
      }
      await saveManifest();
    } else {
      toRun.push(members);
    }
  }

  // Longest first: the pool ends with short runs filling the gaps.
  toRun.sort((a, b) => runWork(b[0].config) - runWork(a[0].config));
  const progress = new StudyProgress(
    toRun.length,
    toRun.reduce((s, g) => s + runWork(g[0].config), 0),
    Date.now(),
  );
  const view = opts.makeView(progress);
  view.log(
    `${dir}: ${selected.length} runs selected, ${outcome.skipped.length} already done, ` +
      `${outcome.copied.length} copied, ${toRun.length} to compute on ${opts.jobs} worker(s)`,
  );

  await Promise.all(toRun.map(async (members) => {
    const [first] = members;
    const label = members.length > 1 ? `${first.name} (+${members.length - 1} same)` : first.name;
    const work = runWork(first.config);
    let result: Executed;
    try {
      result = await opts.execute(first.config, (e) => {
        if (e.type === "start") progress.start(label, first.config.epochs, work, Date.now());
        else if (e.type === "step") progress.step(label, e.epoch, e.step, e.stepsPerEpoch);
        else progress.epochDone(label, e.row.epoch);
        view.update();
      });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      for (const r of members) {
        entries.set(r.name, {
          ...base(r),
          wallSeconds: 0,
          status: "failed",
          error,
        });
        outcome.failed.push({ name: r.name, error });
      }
      await saveManifest();
      progress.finish(label, false, work);
      view.log(`FAILED ${label}: ${error}`);
      return;
    }
    const text = formatRunCsv(result.rows);
    const status: RunStatus = result.diverged ? "diverged" : "ok";
    computed++;
    for (const [i, r] of members.entries()) {
      await writeTextAtomic(csvPath(dir, r.name), text);
      entries.set(r.name, {
        ...base(r),
        wallSeconds: round3(result.seconds),
        status,
        ...(result.diverged
          ? { divergedEpoch: result.diverged.epoch, divergedReason: result.diverged.reason }
          : {}),
        csv: relCsv(r.name),
        ...(i > 0 ? { sameAs: first.name } : {}),
      });
      (i === 0 ? outcome.ran : outcome.copied).push(r.name);
      if (result.diverged) outcome.diverged.push(r.name);
    }
    await saveManifest();
    progress.finish(label, true, work);
    const last = result.rows.at(-1);
    const detail = result.diverged
      ? `DIVERGED at epoch ${result.diverged.epoch} (${result.diverged.reason})`
      : `test_acc ${last?.testAcc.toFixed(4)}`;
    view.log(
      `[${progress.done}/${progress.totalRuns}] ${label}  ${detail}  ` +
        `${formatDuration(result.seconds)}`,
    );
  }));

  function base(r: RunSpec) {
    return {
      config: r.config,
      configHash: hashes.get(r.name)!,
      engineVersion: ENGINE_VERSION,
      denoVersion,
      backend: opts.backend,
    };
  }

  view.close();
  // The summary covers every run of the study that has a result, not only this invocation's.
  const table = await loadReportTables();
  const inputs: SummaryInput[] = [];
  for (const r of all) {
    const e = entries.get(r.name);
    if (e === undefined || e.configHash !== hashes.get(r.name)) continue;
    if (e.status === "failed" || !(await fileExists(csvPath(dir, r.name)))) continue;
    const rows = parseRunCsv(await Deno.readTextFile(csvPath(dir, r.name)), csvPath(dir, r.name));
    inputs.push({ run: r, status: e.status, divergedEpoch: e.divergedEpoch, last: rows.at(-1) });
  }
  await writeTextAtomic(join(dir, "summary.csv"), formatSummaryCsv(inputs, table));
  await saveManifest();
  return outcome;
}

function relCsv(name: string): string {
  return name + ".csv";
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
