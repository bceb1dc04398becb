/**
 * Runs a study into one folder: checks every selected run (integrity.ts), computes each distinct
 * config that is not done once on the worker pool, writes its CSVs and the manifest after each
 * finished run (atomically, so an interrupted study resumes where it stopped), then summary.csv.
 * A damaged or missing manifest is rebuilt from the CSVs: it never blocks a run and never orphans
 * a good CSV.
 */
import { join } from "node:path";
import type { RunConfig } from "../../core/config.ts";
import { type EpochRow, formatRunCsv } from "../../core/csv.ts";
import type { Backend } from "../../core/kernels/select.ts";
import { ENGINE_VERSION } from "../../core/version.ts";
import { loadExperimentFiles } from "../../experiments/mod.ts";
import { readTextIfExists, writeTextAtomic } from "./atomic.ts";
import { expandExperiments, quickConfig, type RunSpec } from "./experiments.ts";
import { configHash, sha256Hex } from "./hash.ts";
import { checkRun, rebuildEntry, type RunCheck } from "./integrity.ts";
import {
  buildManifest,
  type Manifest,
  type ManifestRun,
  readManifest,
  round3,
  type RunStatus,
  type ShardTag,
  writeManifest,
} from "./manifest.ts";
import { formatDuration, StudyProgress } from "./progress.ts";
import { runWork } from "./shard_plan.ts";
import { loadReportTables } from "./report_tables.ts";
import { formatSummaryCsv, type SummaryInput } from "./summary.ts";
import { applyProfile, DEFAULT_SELECTION, type StudySelection } from "./study_select.ts";

/** The expanded study: every run in study order, with its config hash. */
export interface Study {
  quick: boolean;
  runs: RunSpec[];
  hashes: Map<string, string>;
  /** Hash of every run's name and config hash: equal for every folder of one study. */
  studyHash: string;
}

/**
 * Expands the experiment files (default: every experiments/*.ts) of the selected study, in its
 * profile (study_select.ts; default: the main study, author profile), reduced with `quick`.
 */
export async function prepareStudy(
  quick: boolean,
  files?: Readonly<Record<string, unknown>>,
  selection: StudySelection = DEFAULT_SELECTION,
): Promise<Study> {
  const expanded = expandExperiments(files ?? await loadExperimentFiles(), selection.study);
  const runs = applyProfile(expanded, selection.profile).map((r) =>
    quick ? { ...r, config: quickConfig(r.config) } : r
  );
  const hashes = new Map<string, string>();
  for (const r of runs) hashes.set(r.name, await configHash(r.config));
  const studyHash = await sha256Hex(
    JSON.stringify({ quick, runs: runs.map((r) => [r.name, hashes.get(r.name)]) }),
  );
  return { quick, runs, hashes, studyHash };
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
  /** The folder the study's files go to. */
  dir: string;
  study: Study;
  /** The runs to make done (a subset of study.runs, in study order). */
  selected: RunSpec[];
  /** Recompute the selected runs even when done. */
  force?: boolean;
  jobs: number;
  backend: Backend;
  execute: Execute;
  makeView: (progress: StudyProgress) => View;
  /** Predicted cost of a run: runs start longest first (default: runWork of its config). */
  cost?: (run: RunSpec) => number;
  /** Recorded in the manifest when the selection is a shard. */
  shard?: ShardTag;
}

export interface StudyOutcome {
  dir: string;
  ran: string[];
  copied: string[];
  skipped: string[];
  failed: { name: string; error: string }[];
  diverged: string[];
  /** Every run of the study that is done in the folder after this invocation. */
  held: string[];
}

/** Where a run's CSV lives in a results folder. */
export function csvPath(dir: string, name: string): string {
  return join(dir, ...name.split("/")) + ".csv";
}

/** A run's CSV text, or undefined when there is none. */
export function readCsv(dir: string, name: string): Promise<string | undefined> {
  return readTextIfExists(csvPath(dir, name));
}

/**
 * The folder's manifest entries; a missing manifest beside run CSVs, or a damaged one, is
 * rebuilt from the whole CSVs (one line says so).
 */
export async function loadEntries(
  dir: string,
  study: Study,
  backend: Backend,
  log: (line: string) => void,
  rebuild = false,
): Promise<{ entries: Map<string, ManifestRun>; old?: Manifest }> {
  const read = await readManifest(dir);
  if (read.manifest && !rebuild) {
    return { entries: new Map(Object.entries(read.manifest.runs)), old: read.manifest };
  }
  const entries = new Map<string, ManifestRun>();
  const firstOf = new Map<string, string>();
  for (const r of study.runs) {
    const text = await readCsv(dir, r.name);
    const hash = study.hashes.get(r.name)!;
    const e = text === undefined ? undefined : rebuildEntry(r, hash, text, backend);
    if (e === undefined) continue;
    const first = firstOf.get(hash);
    entries.set(r.name, first === undefined ? e : { ...e, sameAs: first });
    if (first === undefined) firstOf.set(hash, r.name);
  }
  if (entries.size > 0 || read.problem !== "missing") {
    const why = rebuild ? "rebuilt on request" : `${read.problem}`;
    log(`${join(dir, "manifest.json")}: ${why}: rebuilt ${entries.size} entries from whole CSVs`);
  }
  return { entries };
}

/** The integrity verdict of every run of the study in the folder. */
export async function checkAll(
  dir: string,
  study: Study,
  entries: ReadonlyMap<string, ManifestRun>,
): Promise<Map<string, RunCheck>> {
  const out = new Map<string, RunCheck>();
  for (const r of study.runs) {
    const csv = await readCsv(dir, r.name);
    out.set(r.name, checkRun(r, study.hashes.get(r.name)!, entries.get(r.name), csv));
  }
  return out;
}

/** summary.csv of the folder: every done run of the study, in study order. */
export async function writeSummary(
  dir: string,
  study: Study,
  checks: ReadonlyMap<string, RunCheck>,
  entries: ReadonlyMap<string, ManifestRun>,
): Promise<void> {
  const table = await loadReportTables();
  const inputs: SummaryInput[] = [];
  for (const r of study.runs) {
    const c = checks.get(r.name);
    if (c === undefined || !c.done) continue;
    const status = c.diverged ? "diverged" : "ok";
    const divergedEpoch = c.diverged ? entries.get(r.name)?.divergedEpoch : undefined;
    inputs.push({ run: r, status, divergedEpoch, last: c.rows.at(-1) });
  }
  await writeTextAtomic(join(dir, "summary.csv"), formatSummaryCsv(inputs, table));
}

export async function runStudy(opts: StudyOptions): Promise<StudyOutcome> {
  const t0 = performance.now();
  const { dir, study } = opts;
  const view0: string[] = [];
  const { entries, old } = await loadEntries(dir, study, opts.backend, (l) => view0.push(l));
  let computed = 0; // runs finished by this invocation
  const outcome: StudyOutcome = {
    dir,
    ran: [],
    copied: [],
    skipped: [],
    failed: [],
    diverged: [],
    held: [],
  };

  // Manifest writes are chained: each one serializes the state at its turn, so an older
  // snapshot can never land after a newer one.
  let writes = Promise.resolve();
  const saveManifest = () => {
    const keepOld = computed === 0 && old?.study !== undefined;
    const m = buildManifest(entries, study.runs.map((r) => r.name), {
      quick: study.quick,
      studyHash: study.studyHash,
      study: {
        // A rerun that computes nothing keeps the wall time of the invocation that did the work.
        wallSeconds: keepOld ? old!.study.wallSeconds : round3((performance.now() - t0) / 1000),
        denoVersion: Deno.version.deno,
        jobs: keepOld ? old!.study.jobs : opts.jobs,
        ...(opts.shard ? { shard: opts.shard } : {}),
      },
    });
    writes = writes.then(() => writeManifest(dir, m));
    return writes;
  };

  const checks = await checkAll(dir, study, entries);
  const reasons: string[] = [];
  const toRun = await sortOut(opts, entries, checks, outcome, reasons);
  if (outcome.copied.length > 0) await saveManifest();
  const cost = opts.cost ?? ((r: RunSpec) => runWork(r.config));
  toRun.sort((a, b) => cost(b[0]) - cost(a[0]) || (a[0].name < b[0].name ? -1 : 1));
  const progress = new StudyProgress(
    toRun.length,
    toRun.reduce((s, g) => s + runWork(g[0].config), 0),
    Date.now(),
  );
  const view = opts.makeView(progress);
  for (const line of [...view0, ...reasons]) view.log(line);
  view.log(
    toRun.length === 0
      ? `${dir}: ${opts.selected.length} runs selected, all already done`
      : `${dir}: ${opts.selected.length} runs selected, ${outcome.skipped.length} already done, ` +
        `${outcome.copied.length} copied, ${toRun.length} to compute on ${opts.jobs} worker(s)`,
  );

  await Promise.all(toRun.map(async (members) => {
    const ok = await computeGroup(opts, members, progress, view, entries, outcome);
    if (ok) computed++;
    await saveManifest();
  }));
  view.close();

  // The summary covers every run of the study that is done here, not only this invocation's.
  const after = await checkAll(dir, study, entries);
  outcome.held = study.runs.filter((r) => after.get(r.name)!.done).map((r) => r.name);
  await writeSummary(dir, study, after, entries);
  await saveManifest();
  return outcome;
}

/**
 * Sorts the selected runs into done (skipped), copies of a done run with the same config, and
 * groups to compute; `reasons` gets one line per run recomputed for a reason worth saying.
 */
async function sortOut(
  opts: StudyOptions,
  entries: Map<string, ManifestRun>,
  checks: ReadonlyMap<string, RunCheck>,
  outcome: StudyOutcome,
  reasons: string[],
): Promise<RunSpec[][]> {
  const groups = new Map<string, RunSpec[]>();
  for (const r of opts.selected) {
    const h = opts.study.hashes.get(r.name)!;
    groups.set(h, [...(groups.get(h) ?? []), r]);
  }
  const toRun: RunSpec[][] = [];
  for (const members of groups.values()) {
    const done = opts.force ? [] : members.filter((r) => checks.get(r.name)!.done);
    for (const r of members) {
      const c = checks.get(r.name)!;
      if (!c.done && c.why !== "not computed yet") reasons.push(`recompute ${r.name}: ${c.why}`);
    }
    if (done.length === members.length) {
      outcome.skipped.push(...members.map((r) => r.name));
    } else if (done.length > 0) {
      // Same config already computed under another name: copy, do not recompute.
      const src = done[0];
      const text = (await readCsv(opts.dir, src.name))!;
      for (const r of members) {
        if (done.includes(r)) {
          outcome.skipped.push(r.name);
          continue;
        }
        await writeTextAtomic(csvPath(opts.dir, r.name), text);
        entries.set(r.name, { ...entries.get(src.name)!, csv: r.name + ".csv", sameAs: src.name });
        outcome.copied.push(r.name);
      }
    } else {
      toRun.push(members);
    }
  }
  return toRun;
}

/** Computes one group's config once and writes every member's CSV; false when it failed. */
async function computeGroup(
  opts: StudyOptions,
  members: RunSpec[],
  progress: StudyProgress,
  view: View,
  entries: Map<string, ManifestRun>,
  outcome: StudyOutcome,
): Promise<boolean> {
  const [first] = members;
  const label = members.length > 1 ? `${first.name} (+${members.length - 1} same)` : first.name;
  const work = runWork(first.config);
  const base = (r: RunSpec) => ({
    config: r.config,
    configHash: opts.study.hashes.get(r.name)!,
    engineVersion: ENGINE_VERSION,
    denoVersion: Deno.version.deno,
    backend: opts.backend,
  });
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
      entries.set(r.name, { ...base(r), wallSeconds: 0, status: "failed", error });
      outcome.failed.push({ name: r.name, error });
    }
    progress.finish(label, false, work);
    view.log(`FAILED ${label}: ${error}`);
    return false;
  }
  const text = formatRunCsv(result.rows);
  const status: RunStatus = result.diverged ? "diverged" : "ok";
  for (const [i, r] of members.entries()) {
    await writeTextAtomic(csvPath(opts.dir, r.name), text);
    entries.set(r.name, {
      ...base(r),
      wallSeconds: round3(result.seconds),
      status,
      ...(result.diverged
        ? { divergedEpoch: result.diverged.epoch, divergedReason: result.diverged.reason }
        : {}),
      csv: r.name + ".csv",
      ...(i > 0 ? { sameAs: first.name } : {}),
    });
    (i === 0 ? outcome.ran : outcome.copied).push(r.name);
    if (result.diverged) outcome.diverged.push(r.name);
  }
  progress.finish(label, true, work);
  const last = result.rows.at(-1);
  const detail = result.diverged
    ? `DIVERGED at epoch ${result.diverged.epoch} (${result.diverged.reason})`
    : `test_acc ${last?.testAcc.toFixed(4)}`;
  view.log(
    `[${progress.done}/${progress.totalRuns}] ${label}  ${detail}  ` +
      `${formatDuration(result.seconds)}`,
  );
  return true;
}
