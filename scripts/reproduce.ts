/**
 * `deno task reproduce`: recomputes the study (or --only some runs, or one --shard of it) into a
 * work folder, resuming there, then proves it: every run the folder holds is compared with the
 * committed reference (results/, or results/quick/ for --quick) bit for bit. Exit 0 identical,
 * 1 differences or failed runs, 2 usage or input error. results/ changes only with
 * --update-results.
 */
import { WorkerPool } from "../core/runner/pool.ts";
import { resolveBackend } from "../core/kernels/select.ts";
import type { RunJob, RunProgress, RunResult } from "../core/runner/run_worker.ts";
import {
  BACKEND_FLAG,
  type CommandDef,
  onInterrupt,
  parseBackend,
  parseCommand,
  parseJobs,
  preflightDir,
  runMain,
  UsageError,
} from "./lib/cli.ts";
import { matchesOnly, type RunSpec } from "./lib/experiments.ts";
import { acquireLock, type Lock } from "./lib/lock.ts";
import { readManifest } from "./lib/manifest.ts";
import { formatDuration, ProgressView } from "./lib/progress.ts";
import { promote } from "./lib/promote.ts";
import {
  formatPlan,
  groupRuns,
  parseShardSpec,
  type Plan,
  planShards,
  predictGroups,
  type ShardSpec,
} from "./lib/shard_plan.ts";
import { type Execute, prepareStudy, runStudy, type Study } from "./lib/study.ts";
import { displayPath as shown, verifyAndReport } from "./lib/verify.ts";
import {
  defaultReferenceFolder,
  defaultWorkFolder,
  isProfile,
  selectionFlags,
  type StudySelection,
} from "./lib/study_select.ts";

export const REPRODUCE: CommandDef = {
  name: "deno task reproduce",
  summary: "Recomputes the study into a work folder (resumable) and compares every run it " +
    "holds with the committed results/, bit for bit (all columns but seconds). Exit 0: " +
    "identical; 1: differences or failed runs; 2: usage or input error.",
  flags: {
    quick: {
      type: "boolean",
      help: "the reduced study (6,000/2,000 samples, 2 epochs), checked against results/quick/",
    },
    only: {
      type: "string",
      placeholder: "PATTERN",
      help: "runs whose name contains PATTERN, or glob with * ?; comma-separated (default: all)",
    },
    jobs: { type: "string", placeholder: "N", help: "runs in parallel (default: one per core)" },
    shard: {
      type: "string",
      placeholder: "i/n",
      help: "compute shard i of n (1-based; longest-processing-time plan, same on every machine)",
    },
    "dry-run": { type: "boolean", help: "print the plan (shards, predicted times) and stop" },
    out: {
      type: "string",
      placeholder: "DIR",
      help: "work folder (default: out/full, or out/quick with --quick; git-ignored)",
    },
    reference: {
      type: "string",
      placeholder: "DIR",
      help: "committed reference to compare with (default: results/, or results/quick/)",
    },
    "update-results": {
      type: "boolean",
      help: "after the comparison, copy the work folder's runs into the reference (on purpose)",
    },
    force: { type: "boolean", help: "recompute selected runs even when done" },
    "rebuild-manifest": {
      type: "boolean",
      help: "rebuild the work folder's manifest.json from its whole CSVs first",
    },
    backend: BACKEND_FLAG,
    "data-dir": { type: "string", placeholder: "DIR", help: "folder with the MNIST IDX files" },
    profile: {
      type: "string",
      placeholder: "NAME",
      default: "author",
      help: "author, or textbook: every run with the three quirks fixed (work folder " +
        "out/textbook[-quick], reference results/textbook[/quick])",
    },
    study: {
      type: "string",
      placeholder: "NAME",
      default: "main",
      help: "the experiments declaring this study, e.g. envelope, the noise envelope (work " +
        "folder out/envelope[-quick], reference results/envelope[/quick])",
    },
  },
  examples: [
    "deno task reproduce                              # the whole study (~25 min on 2 cores, native)",
    "deno task reproduce --only 'sweep_lr/lr=0.0001'  # one run, verified",
    "deno task reproduce --quick --shard 2/3 --out out/s2 && deno task merge out/s1 out/s2 out/s3",
    "deno task reproduce --shard 1/8 --jobs 2 --dry-run   # the plan of 8 two-core machines",
    "deno task reproduce --profile textbook               # the study with the quirks fixed",
    "deno task reproduce --study envelope --shard 1/4 --jobs 2 --dry-run   # the noise envelope",
  ],
};

export interface ReproduceOptions {
  quick: boolean;
  only?: string;
  jobs: number;
  shard?: ShardSpec;
  dryRun: boolean;
  out: string;
  reference: string;
  updateResults: boolean;
  force: boolean;
  rebuildManifest: boolean;
  backend: ReturnType<typeof parseBackend>;
  dataDir?: string;
  selection: StudySelection;
}

/** Flags to options; throws UsageError naming the flag. */
export function parseReproduceArgs(args: string[]): ReproduceOptions {
  const { values: v } = parseCommand(REPRODUCE, args);
  const quick = v.quick === true;
  const profile = v.profile as string;
  if (!isProfile(profile)) {
    throw new UsageError(`--profile ${JSON.stringify(profile)}: expected author|textbook`);
  }
  const selection = { study: v.study as string, profile };
  const shardText = v.shard as string | undefined;
  const shard = shardText === undefined ? undefined : parseShardSpec(shardText);
  if (shardText !== undefined && shard === undefined) {
    throw new UsageError(`--shard ${JSON.stringify(shardText)}: expected i/n with 1 <= i <= n`);
  }
  return {
    quick,
    only: v.only as string | undefined,
    jobs: parseJobs(v.jobs as string | undefined),
    shard,
    dryRun: v["dry-run"] === true,
    out: (v.out as string | undefined) ?? defaultWorkFolder(selection, quick),
    reference: (v.reference as string | undefined) ?? defaultReferenceFolder(selection, quick),
    updateResults: v["update-results"] === true,
    force: v.force === true,
    rebuildManifest: v["rebuild-manifest"] === true,
    backend: parseBackend(v.backend as string),
    dataDir: v["data-dir"] as string | undefined,
    selection,
  };
}

/** The runs this invocation makes done: --only, then the shard of the plan. */
export async function selectRuns(
  study: Study,
  opts: Pick<ReproduceOptions, "only" | "shard" | "jobs" | "reference">,
): Promise<{ runs: RunSpec[]; plan: Plan; cost: Map<string, number> }> {
  const chosen = opts.only === undefined
    ? study.runs
    : study.runs.filter((r) => matchesOnly(r.name, opts.only!));
  if (chosen.length === 0) {
    throw new UsageError(
      `--only ${JSON.stringify(opts.only)}: no run name matches`,
      "run names look like one_hidden/relu-hinge or sweep_lr/lr=0.01 (see results/summary.csv)",
    );
  }
  const ref = await readManifest(opts.reference);
  const { groups } = predictGroups(groupRuns(chosen, study.hashes), study.hashes, ref.manifest);
  const plan = planShards(groups, opts.shard?.count ?? 1, opts.jobs);
  const mine = new Set(plan.shards[(opts.shard?.index ?? 1) - 1].groups.flatMap((g) => g.names));
  const cost = new Map(groups.flatMap((g) => g.names.map((n) => [n, g.seconds] as const)));
  return { runs: chosen.filter((r) => mine.has(r.name)), plan, cost };
}

function poolExecute(pool: WorkerPool<RunJob, RunResult>, opts: ReproduceOptions): Execute {
  return (config, onProgress) =>
    pool.run({ config, backend: opts.backend, dataDir: opts.dataDir }, (m) => {
      const msg = m as unknown as RunProgress;
      if (msg.type === "start" || msg.type === "step" || msg.type === "epoch") onProgress(msg);
    });
}

/** The whole task; returns the exit code. `temporary`: the work folder is the caller's scratch. */
export async function reproduceMain(
  args: string[],
  { temporary = false } = {},
): Promise<number> {
  const opts = parseReproduceArgs(args);
  const study = await prepareStudy(opts.quick, undefined, opts.selection);
  if (study.runs.length === 0) {
    throw new UsageError(
      `--study ${JSON.stringify(opts.selection.study)}: no experiment declares this study`,
      'an experiment joins a study with study: "NAME" (experiments/schema.ts)',
    );
  }
  const { runs, plan, cost } = await selectRuns(study, opts);
  if (opts.dryRun) {
    console.log(formatPlan(plan, formatDuration, shown(opts.reference), opts.shard?.index));
    return 0;
  }
  await preflightDir("--out", opts.out);
  if (opts.updateResults) await preflightDir("--reference", opts.reference);
  // auto is decided once here (native if it builds and self-checks): every run records the same
  const resolved = await resolveBackend(opts.backend);
  if (resolved.notice) console.error(resolved.notice);
  opts.backend = resolved.backend;
  const locks: Lock[] = [acquireLock(opts.out, "reproduce", console.error)];
  const pool = new WorkerPool<RunJob, RunResult>(
    new URL("../core/runner/run_worker.ts", import.meta.url),
    opts.jobs,
  );
  const stop = onInterrupt(
    () => {
      pool.close();
      for (const l of locks) l.release();
    },
    () =>
      temporary ? "" : `interrupted: the runs finished so far are kept in ${shown(opts.out)}; ` +
        `run the same command again to resume`,
  );
  try {
    if (opts.updateResults) locks.push(acquireLock(opts.reference, "reproduce --update-results"));
    return await computeAndVerify(opts, study, runs, cost, pool);
  } finally {
    stop();
    pool.close();
    for (const l of locks) l.release();
  }
}

async function computeAndVerify(
  opts: ReproduceOptions,
  study: Study,
  runs: RunSpec[],
  cost: Map<string, number>,
  pool: WorkerPool<RunJob, RunResult>,
): Promise<number> {
  const out = await runStudy({
    dir: opts.out,
    study,
    selected: runs,
    force: opts.force,
    jobs: opts.jobs,
    backend: opts.backend,
    execute: poolExecute(pool, opts),
    makeView: (p) => new ProgressView(p),
    cost: (r) => cost.get(r.name) ?? 0,
    shard: opts.shard ? { ...opts.shard, ...(opts.only ? { only: opts.only } : {}) } : undefined,
  });
  for (const f of out.failed) console.error(`FAILED ${f.name}: ${f.error}`);
  const { verdicts, code } = await verifyAndReport(opts.out, opts.reference, out.held);
  const ref = shown(opts.reference) + "/";
  if (opts.updateResults) {
    const m = await readManifest(opts.out);
    const entries = new Map(Object.entries(m.manifest?.runs ?? {}));
    const study_ = m.manifest?.study ?? { wallSeconds: 0, jobs: opts.jobs };
    const done = await promote(
      opts.out,
      opts.reference,
      study,
      verdicts,
      entries,
      study_,
      console.log,
    );
    const changed = done.filter((p) => p.change !== "unchanged");
    console.log(
      `updated ${ref}: ${done.length} runs copied; ` +
        (changed.length === 0
          ? "no number changed"
          : changed.map((p) => `${p.run} (${p.change})`).join(", ")),
    );
    return out.failed.length > 0 ? 1 : 0;
  }
  if (code !== 0) {
    console.error(
      `if the change is intended: deno task reproduce ${opts.quick ? "--quick " : ""}` +
        selectionFlags(opts.selection) +
        `--update-results (copies ${shown(opts.out)}/ into ${ref})`,
    );
  }
  return out.failed.length > 0 ? 1 : code;
}

if (import.meta.main) await runMain(() => reproduceMain(Deno.args));
