/**
 * Reproduces the study: every experiment in experiments/ (or --only some), on a pool of
 * single-threaded workers, into results/. Resumable: finished runs (CSV present, config hash in
 * results/manifest.json matching) are skipped unless --force; every write is atomic.
 *
 *   deno run -A scripts/reproduce.ts [--quick] [--only PATTERN] [--jobs N] [--force]
 *       [--out DIR] [--backend wasm|reference|openblas] [--data-dir DIR]
 *
 * --quick: every run on the first 6,000 train / 2,000 test images, 2 epochs, a 20-step window
 * (fewer when an epoch is shorter), into <out>/quick/.
 */
import { parseArgs } from "node:util";
import { type Backend, BACKENDS } from "../core/kernels/select.ts";
import { WorkerPool } from "../core/runner/pool.ts";
import type { RunJob, RunProgress, RunResult } from "../core/runner/run_worker.ts";
import { ProgressView } from "./lib/progress.ts";
import { type Execute, runStudy, type StudyOutcome } from "./lib/study.ts";

export interface ReproduceOptions {
  quick: boolean;
  only?: string;
  jobs: number;
  force: boolean;
  out: string;
  backend: Backend;
  dataDir?: string;
}

const USAGE = "usage: reproduce [--quick] [--only PATTERN] [--jobs N] [--force] [--out DIR] " +
  `[--backend ${BACKENDS.join("|")}] [--data-dir DIR]`;

export function parseReproduceArgs(args: string[]): ReproduceOptions {
  const { values } = parseArgs({
    args,
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      jobs: { type: "string" },
      force: { type: "boolean", default: false },
      out: { type: "string", default: "results" },
      backend: { type: "string", default: "wasm" },
      "data-dir": { type: "string" },
      help: { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    Deno.exit(0);
  }
  const cores = navigator.hardwareConcurrency || 1;
  const jobs = values.jobs === undefined ? cores : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) {
    throw new Error(`--jobs ${values.jobs}: expected an integer >= 1`);
  }
  if (!(BACKENDS as readonly string[]).includes(values.backend)) {
    throw new Error(`--backend ${values.backend}: expected one of ${BACKENDS.join("|")}`);
  }
  return {
    quick: values.quick,
    only: values.only,
    jobs,
    force: values.force,
    out: values.out,
    backend: values.backend as Backend,
    dataDir: values["data-dir"],
  };
}

/** Runs the study described by `opts` on a worker pool; the pool is closed afterwards. */
export async function reproduce(
  opts: ReproduceOptions,
  makeView = (p: ConstructorParameters<typeof ProgressView>[0]) => new ProgressView(p),
): Promise<StudyOutcome> {
  const pool = new WorkerPool<RunJob, RunResult>(
    new URL("../core/runner/run_worker.ts", import.meta.url),
    opts.jobs,
  );
  const execute: Execute = (config, onProgress) =>
    pool.run({ config, backend: opts.backend, dataDir: opts.dataDir }, (m) => {
      const msg = m as unknown as RunProgress;
      if (msg.type === "start" || msg.type === "step" || msg.type === "epoch") onProgress(msg);
    });
  try {
    return await runStudy({
      root: opts.out,
      quick: opts.quick,
      only: opts.only,
      force: opts.force,
      jobs: opts.jobs,
      backend: opts.backend,
      execute,
      makeView,
    });
  } finally {
    pool.close();
  }
}

if (import.meta.main) {
  let opts: ReproduceOptions;
  try {
    opts = parseReproduceArgs(Deno.args);
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    Deno.exit(2);
  }
  // Everything written so far is complete (atomic writes, manifest after each run): say so.
  Deno.addSignalListener("SIGINT", () => {
    console.error("\ninterrupted: finished runs are saved; run the same command again to resume");
    Deno.exit(130);
  });
  const out = await reproduce(opts);
  const parts = [
    `${out.ran.length} computed`,
    `${out.copied.length} copied (same config)`,
    `${out.skipped.length} already done`,
    `${out.diverged.length} diverged`,
    `${out.failed.length} failed`,
  ];
  console.log(`${out.dir}: ${parts.join(", ")}; summary in ${out.dir}/summary.csv`);
  for (const f of out.failed) console.error(`FAILED ${f.name}: ${f.error}`);
  Deno.exit(out.failed.length > 0 ? 1 : 0);
}
