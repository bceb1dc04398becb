/**
 * Side-by-side speed of our engine and the NumPy baseline (bench/numpy_baseline.py) on the same
 * data and configuration: per activation/loss pair, the median per-epoch training seconds of
 * each variant and the ratio ours/numpy. Runs one process at a time (timings are wall clock).
 *
 *   deno run -A scripts/compare_numpy.ts [--pairs gelu-softmax_ce,relu-hinge] [--hidden 128|256,128]
 *     [--epochs 3] [--warmup 1] [--rounds 1] [--train-limit N] [--test-limit N] [--disp-freq N] [--backend wasm[,native,openblas]] [--threads 1[,2]]
 *     [--numpy-only] [--python python3] [--data-dir DIR] [--out results/compare_numpy.csv]
 */
import { ACTIVATIONS, LOSSES, type LossName } from "../core/config.ts";
import { LEARNING_RATE_BY_LOSS } from "../experiments/_shared.ts";
import { parseRunCsv } from "../core/csv.ts";
import { median } from "../core/stats.ts";
import {
  type CommandDef,
  onInterrupt,
  parseCommand,
  parseCount,
  parsePositiveInt,
  preflightFile,
  runMain,
  UsageError,
} from "./lib/cli.ts";
import { writeTextAtomic } from "./lib/atomic.ts";
import { textTable } from "./lib/text_table.ts";

export { ACTIVATIONS, LOSSES };
export const ALL_PAIRS: string[] = ACTIVATIONS.flatMap((a) => LOSSES.map((l) => `${a}-${l}`));
const ENGINE_BACKENDS = ["reference", "wasm", "native", "openblas"] as const;

/** A bad command line (a UsageError: one line, exit 2). */
export class CompareArgsError extends UsageError {
  override name = "CompareArgsError";
}

export interface Pair {
  activation: string;
  loss: string;
}

/** One timed column: our engine with a backend and thread count, or NumPy with BLAS threads. */
export interface Variant {
  kind: "ours" | "numpy";
  /** ours: wasm/native/openblas/reference; numpy: "numpy". */
  backend: string;
  /** null: the library's default thread count (NumPy only). */
  threads: number | null;
  label: string;
}

export interface CompareArgs {
  pairs: Pair[];
  hidden: number[];
  /** Timed epochs per run. */
  epochs: number;
  /**
   * Epochs each run trains first, untimed (every variant alike, NumPy too): a run's first epoch
   * also pays its start-up (code compiled as it first runs, caches and pages first touched; with
   * two threads the second one's too), which the study's 50-epoch runs pay once.
   */
  warmup: number;
  /**
   * Times every variant runs per pair. A round times every pair once, variants in alternating
   * order (forward, then backward), so that a shared machine's slow minutes hit all variants
   * alike, and a pair's rounds are spread over the whole run rather than one stretch of it;
   * medians pool all rounds' epochs.
   */
  rounds: number;
  trainLimit?: number;
  testLimit?: number;
  /** Steps per training window; defaults to 100 capped at the steps of one epoch. */
  dispFreq: number;
  variants: Variant[];
  python: string;
  dataDir?: string;
  out: string;
}

/** `deno task compare`'s flags, defaults and examples (its --help). */
export const COMPARE_COMMAND: CommandDef = {
  name: "deno task compare",
  summary: "Times the same training in mlpbench and in NumPy (bench/numpy_baseline.py), one " +
    "process at a time: per-epoch medians per activation/loss pair and their ratios.",
  flags: {
    pairs: { type: "string", help: "activation-loss pairs (default: all 9)", placeholder: "LIST" },
    hidden: { type: "string", help: "128 or 256,128", default: "128", placeholder: "LIST" },
    epochs: { type: "string", help: "timed epochs per run", default: "3", placeholder: "N" },
    warmup: {
      type: "string",
      help: "untimed epochs first in every run (start-up costs), all variants alike",
      default: "1",
      placeholder: "N",
    },
    rounds: {
      type: "string",
      help: "runs per variant, alternating order",
      default: "1",
      placeholder: "N",
    },
    "train-limit": { type: "string", help: "keep the first N training samples", placeholder: "N" },
    "test-limit": { type: "string", help: "keep the first N test samples", placeholder: "N" },
    "disp-freq": {
      type: "string",
      help: "steps per training window (default: 100 capped at one epoch's steps)",
      placeholder: "N",
    },
    backend: {
      type: "string",
      help: "our backends, comma-separated",
      default: "wasm",
      placeholder: "LIST",
    },
    threads: {
      type: "string",
      help: "our thread counts (1,2; wasm and native only)",
      default: "1",
      placeholder: "LIST",
    },
    "numpy-only": { type: "boolean", help: "time only NumPy" },
    python: { type: "string", help: "Python 3 with NumPy", default: "python3", placeholder: "CMD" },
    "data-dir": {
      type: "string",
      help: "folder with the four MNIST IDX files",
      placeholder: "DIR",
    },
    out: {
      type: "string",
      help: "CSV to write",
      default: "results/compare_numpy.csv",
      placeholder: "FILE",
    },
  },
  examples: [
    "deno task compare --backend wasm,openblas --threads 1,2 --rounds 5",
    "deno task compare --pairs gelu-softmax_ce --epochs 2 --train-limit 6000 --out /tmp/c.csv",
  ],
};

function positiveInt(flag: string, text: string | undefined): number | undefined {
  return parsePositiveInt(`--${flag}`, text);
}

function list(text: string): string[] {
  return text.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
}

/** Validates the command line and expands it into pairs and timed variants. */
export function parseCompareArgs(argv: string[]): CompareArgs {
  try {
    return expandCompareArgs(parseCommand(COMPARE_COMMAND, argv).values);
  } catch (e) {
    if (e instanceof UsageError && !(e instanceof CompareArgsError)) {
      throw new CompareArgsError(e.message, e.hint);
    }
    throw e;
  }
}

function expandCompareArgs(v: Record<string, unknown>): CompareArgs {
  const parsed = v as Record<string, string> & { "numpy-only": boolean };
  const pairs = list(parsed.pairs ?? ALL_PAIRS.join(",")).map((p) => {
    const [activation, loss, extra] = p.split("-");
    if (
      extra !== undefined || !(ACTIVATIONS as readonly string[]).includes(activation) ||
      !(LOSSES as readonly string[]).includes(loss)
    ) {
      throw new CompareArgsError(
        `--pairs entry ${JSON.stringify(p)}: expected activation-loss with activation ` +
          `${ACTIVATIONS.join("|")} and loss ${LOSSES.join("|")}, e.g. gelu-softmax_ce`,
      );
    }
    return { activation, loss };
  });
  if (pairs.length === 0) throw new CompareArgsError(`--pairs is empty: expected at least one`);

  if (parsed.hidden !== "128" && parsed.hidden !== "256,128") {
    throw new CompareArgsError(`--hidden ${JSON.stringify(parsed.hidden)}: expected 128|256,128`);
  }
  const hidden = parsed.hidden.split(",").map(Number);

  const backends = list(parsed.backend);
  for (const b of backends) {
    if (!(ENGINE_BACKENDS as readonly string[]).includes(b)) {
      throw new CompareArgsError(
        `--backend ${JSON.stringify(parsed.backend)}: entry ${JSON.stringify(b)}: ` +
          `expected ${ENGINE_BACKENDS.join("|")}`,
      );
    }
  }
  const threads = list(parsed.threads).map((t) => {
    if (t !== "1" && t !== "2") {
      throw new CompareArgsError(
        `--threads ${JSON.stringify(parsed.threads)}: entry ${JSON.stringify(t)}: expected 1|2`,
      );
    }
    return Number(t);
  });

  const variants: Variant[] = [];
  if (!parsed["numpy-only"]) {
    for (const b of backends) {
      // Only the wasm and native backends have a two-thread mode; the others run with one.
      for (const t of b === "wasm" || b === "native" ? threads : [1]) {
        if (!variants.some((v) => v.backend === b && v.threads === t)) {
          variants.push({ kind: "ours", backend: b, threads: t, label: `ours_${b}_t${t}` });
        }
      }
    }
  }
  variants.push({ kind: "numpy", backend: "numpy", threads: 1, label: "numpy_t1" });
  variants.push({ kind: "numpy", backend: "numpy", threads: null, label: "numpy_default" });

  const trainLimit = positiveInt("train-limit", parsed["train-limit"]);
  // The engine wants every epoch to log a window: at batch 100 an epoch has trainLimit/100 steps.
  const dispFreq = positiveInt("disp-freq", parsed["disp-freq"]) ??
    Math.max(1, Math.min(100, Math.floor((trainLimit ?? 60000) / 100)));
  return {
    pairs,
    hidden,
    epochs: positiveInt("epochs", parsed.epochs)!,
    warmup: parseCount("--warmup", parsed.warmup)!,
    rounds: positiveInt("rounds", parsed.rounds)!,
    trainLimit,
    testLimit: positiveInt("test-limit", parsed["test-limit"]),
    dispFreq,
    variants,
    python: parsed.python,
    dataDir: parsed["data-dir"],
    out: parsed.out,
  };
}

/** The study's learning rate for a loss (experiments/_shared.ts). */
export function learningRate(loss: string): number {
  const rate = LEARNING_RATE_BY_LOSS[loss as LossName];
  if (rate === undefined) throw new RangeError(`loss "${loss}": expected one of ${LOSSES}`);
  return rate;
}

/** The argument list (program first) that runs one variant on one pair, writing `outFile`. */
export function buildCommand(
  args: CompareArgs,
  pair: Pair,
  variant: Variant,
  outFile: string,
  paths: { deno: string; trainScript: string; numpyScript: string },
): string[] {
  const common = [
    "--hidden",
    args.hidden.join(","),
    "--activation",
    pair.activation,
    "--loss",
    pair.loss,
    "--lr",
    String(learningRate(pair.loss)),
    "--epochs",
    String(args.warmup + args.epochs),
    "--disp-freq",
    String(args.dispFreq),
  ];
  if (args.trainLimit !== undefined) common.push("--train-limit", String(args.trainLimit));
  if (args.testLimit !== undefined) common.push("--test-limit", String(args.testLimit));
  if (args.dataDir !== undefined) common.push("--data-dir", args.dataDir);
  common.push("--out", outFile);
  if (variant.kind === "ours") {
    return [
      paths.deno,
      "run",
      "-A",
      paths.trainScript,
      ...common,
      "--backend",
      variant.backend,
      "--threads",
      String(variant.threads),
    ];
  }
  const threads = variant.threads === null ? [] : ["--threads", String(variant.threads)];
  return [args.python, paths.numpyScript, ...common, "--quiet", ...threads];
}

export interface PairResult {
  pair: Pair;
  /** Median epoch seconds per variant label. */
  medians: Record<string, number>;
}

/** Ratio columns: each of our variants against each NumPy variant. */
export function ratioColumns(variants: readonly Variant[]): [string, string, string][] {
  const ours = variants.filter((v) => v.kind === "ours");
  const numpy = variants.filter((v) => v.kind === "numpy");
  return ours.flatMap((o) =>
    numpy.map((n) => [`${o.label}/${n.label}`, o.label, n.label] as [string, string, string])
  );
}

function fixed(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

/** Header and rows (as strings) shared by the printed table and the CSV. */
export function resultRows(
  variants: readonly Variant[],
  results: readonly PairResult[],
  digits = { seconds: 3, ratio: 2 },
): string[][] {
  const ratios = ratioColumns(variants);
  const header = ["pair", ...variants.map((v) => `${v.label}_s`), ...ratios.map((r) => r[0])];
  const rows = results.map((r) => [
    `${r.pair.activation}-${r.pair.loss}`,
    ...variants.map((v) => fixed(r.medians[v.label], digits.seconds)),
    ...ratios.map(([, o, n]) => fixed(r.medians[o] / r.medians[n], digits.ratio)),
  ]);
  return [header, ...rows];
}

/** Fixed-width text table, numbers right-aligned. */
export function formatTable(rows: readonly string[][]): string {
  return textTable(rows, { align: rows[0].map((_, j) => (j === 0 ? "left" : "right")) }) + "\n";
}

/** Machine-readable CSV: full-precision numbers plus the run's settings on every row. */
export function toCsv(args: CompareArgs, results: readonly PairResult[]): string {
  const ratios = ratioColumns(args.variants);
  const header = [
    "pair",
    "hidden",
    "epochs",
    "warmup",
    "rounds",
    "train_limit",
    "test_limit",
    ...args.variants.map((v) => `${v.label}_median_s`),
    ...ratios.map((r) => `ratio_${r[1]}_vs_${r[2]}`),
  ];
  const lines = [header.join(",")];
  for (const r of results) {
    lines.push([
      `${r.pair.activation}-${r.pair.loss}`,
      args.hidden.join("x"),
      String(args.epochs),
      String(args.warmup),
      String(args.rounds),
      args.trainLimit === undefined ? "" : String(args.trainLimit),
      args.testLimit === undefined ? "" : String(args.testLimit),
      ...args.variants.map((v) => String(r.medians[v.label])),
      ...ratios.map(([, o, n]) => String(r.medians[o] / r.medians[n])),
    ].join(","));
  }
  return lines.join("\n") + "\n";
}

/** The `seconds` column of a run CSV (ours or NumPy's). */
export function epochSeconds(csvText: string, name: string): number[] {
  const rows = parseRunCsv(csvText, name);
  if (rows.length === 0) throw new Error(`${name}: no epoch rows: expected at least one`);
  return rows.map((r) => r.seconds);
}

/** Median of the `seconds` column of a run CSV. */
export function medianEpochSeconds(csvText: string, name: string): number {
  return median(epochSeconds(csvText, name));
}

/** Variant order of each round: forward, backward, forward, … */
export function roundOrder<T>(variants: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...variants] : [...variants].reverse();
}

/** One timed run of the schedule. */
export interface ScheduledRun<P, V> {
  round: number;
  pair: P;
  variant: V;
}

/**
 * The order of all timed runs: round by round, every pair in each round, the variants of a
 * round in roundOrder. (Pair by pair, a slow stretch of a shared machine, minutes long, could
 * fall on all of one pair's rounds and on none of another's.)
 */
export function schedule<P, V>(
  pairs: readonly P[],
  variants: readonly V[],
  rounds: number,
): ScheduledRun<P, V>[] {
  const runs: ScheduledRun<P, V>[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const pair of pairs) {
      for (const variant of roundOrder(variants, round)) runs.push({ round, pair, variant });
    }
  }
  return runs;
}

// ---------------------------------------------------------------- impure driver

const ROOT = new URL("..", import.meta.url).pathname;

async function run(
  cmd: string[],
  signal?: AbortSignal,
): Promise<{ code: number; stderr: string }> {
  try {
    const out = await new Deno.Command(cmd[0], {
      signal,
      args: cmd.slice(1),
      cwd: ROOT,
      stdout: "null",
      stderr: "piped",
    }).output();
    return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return { code: 127, stderr: `${cmd[0]}: not found` };
    throw e;
  }
}

async function checkPython(python: string): Promise<string | null> {
  const r = await run([python, "-c", "import numpy"]);
  if (r.code === 0) return null;
  if (r.code === 127) {
    return `${python} was not found. The NumPy baseline needs Python 3 with NumPy: install them ` +
      "(e.g. `apt-get install -y python3 python3-numpy`, or `pip install numpy`), or pass --python.";
  }
  return `${python} cannot import numpy (${r.stderr.trim().split("\n").pop()}). ` +
    "Install NumPy (e.g. `pip install numpy` or `apt-get install -y python3-numpy`).";
}

/** Epoch seconds of each pair (key: activation-loss) and variant label, as the runs finish. */
type Timings = Map<string, Record<string, number[]>>;

/** Times one run into `timings`; false when it failed (reported). */
async function timeRun(
  args: CompareArgs,
  { round, pair, variant }: ScheduledRun<Pair, Variant>,
  timings: Timings,
  tmp: string,
  paths: { deno: string; trainScript: string; numpyScript: string },
  signal: AbortSignal,
): Promise<boolean> {
  const key = `${pair.activation}-${pair.loss}`;
  const file = `${tmp}/${key}-${variant.label}.csv`;
  const cmd = buildCommand(args, pair, variant, file, paths);
  const of = args.rounds > 1 ? ` (round ${round + 1}/${args.rounds})` : "";
  console.error(`${key} ${variant.label}${of} ...`);
  const r = await run(cmd, signal);
  if (r.code !== 0) {
    console.error(
      `error: ${cmd.join(" ")}\nexited with ${r.code}:\n` +
        r.stderr.split("\n").slice(-15).join("\n"),
    );
    return false;
  }
  const seconds = epochSeconds(await Deno.readTextFile(file), file).slice(args.warmup);
  const perVariant = timings.get(key) ?? {};
  timings.set(key, perVariant);
  (perVariant[variant.label] ??= []).push(...seconds);
  return true;
}

/** Each pair's median epoch seconds per variant, over the timings so far. */
function pairResults(args: CompareArgs, timings: Timings): PairResult[] {
  return args.pairs.map((pair) => {
    const perVariant = timings.get(`${pair.activation}-${pair.loss}`) ?? {};
    const medians: Record<string, number> = {};
    for (const v of args.variants) medians[v.label] = median(perVariant[v.label] ?? []);
    return { pair, medians };
  });
}

/** The CSV of the rounds finished so far, next to --out, kept when the run is interrupted. */
function partialPath(out: string): string {
  return out.replace(/(\.csv)?$/, ".partial.csv");
}

async function main(argv: string[]): Promise<number> {
  const args = parseCompareArgs(argv);
  await preflightFile("--out", args.out);
  const problem = await checkPython(args.python);
  if (problem) throw new UsageError(`--python ${args.python}: ${problem}`);
  const paths = {
    deno: Deno.execPath(),
    trainScript: `${ROOT}scripts/train.ts`,
    numpyScript: `${ROOT}bench/numpy_baseline.py`,
  };
  const tmp = await Deno.makeTempDir({ prefix: "compare_numpy_" });
  const timings: Timings = new Map();
  const runs = schedule(args.pairs, args.variants, args.rounds);
  // the CSV of the whole rounds finished so far (every pair timed alike), kept on Ctrl-C
  let finishedRounds = "", rounds = 0;
  const abort = new AbortController();
  let kept = "";
  const unregister = onInterrupt(async () => {
    abort.abort();
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
    if (rounds > 0) {
      await writeTextAtomic(partialPath(args.out), finishedRounds);
      kept = `the ${rounds} finished round(s) are in ${partialPath(args.out)}; `;
    }
  }, () => `interrupted: ${kept || "no round finished; "}${args.out} was not written`);
  try {
    for (const [i, r] of runs.entries()) {
      if (!await timeRun(args, r, timings, tmp, paths, abort.signal)) return 1;
      if (i + 1 === runs.length || runs[i + 1].round !== r.round) {
        rounds = r.round + 1;
        finishedRounds = toCsv({ ...args, rounds }, pairResults(args, timings));
      }
    }
  } finally {
    unregister();
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
  const results = pairResults(args, timings);
  const limit = args.trainLimit === undefined ? "all 60000" : String(args.trainLimit);
  console.log(
    `median epoch training seconds, hidden ${args.hidden.join(",")}, ${args.epochs} epochs ` +
      `(after ${args.warmup} untimed) × ` +
      `${args.rounds} round(s), train samples ${limit}`,
  );
  console.log(formatTable(resultRows(args.variants, results)));
  await writeTextAtomic(args.out, toCsv(args, results));
  console.log(`wrote ${args.out}`);
  return 0;
}

if (import.meta.main) await runMain(() => main(Deno.args));
