/**
 * `deno task bench`: runs bench/epoch_bench.ts with --json and turns it into
 * results/timing.csv (hidden,activation,loss,backend,threads,step_ms,epoch_s), epoch = 600 steps.
 *   deno task bench [--out results/timing.csv] [--rounds 3] [--input saved.json ...]
 *
 * Each round is one `deno bench` run; a bench's time is the median over rounds of its mean, so a
 * shared machine's slow minute moves one round, not the result.
 */
import { median } from "../core/stats.ts";
import { type Profile, PROFILES } from "../core/config.ts";
import { PROFILE_ENV } from "../bench/bench_env.ts";
import { writeTextAtomic } from "./lib/atomic.ts";
import { MAIN_STUDY } from "./lib/experiments.ts";
import { selectionParts } from "./lib/study_select.ts";
import {
  type CommandDef,
  onInterrupt,
  parseChoice,
  parseCommand,
  parsePositiveInt,
  preflightFile,
  runMain,
  UsageError,
} from "./lib/cli.ts";

export interface BenchJson {
  benches: {
    name: string;
    results: ({ ok?: { avg: number; n: number } } | Record<string, unknown>)[];
  }[];
}

export const TIMING_COLUMNS = [
  "hidden",
  "activation",
  "loss",
  "backend",
  "threads",
  "step_ms",
  "epoch_s",
];
const STEPS_PER_EPOCH = 600;

/** Pure: Deno's bench JSON → timing CSV text. Names must carry key=value parameters. */
export function benchJsonToTimingCsv(json: BenchJson): string {
  const rows: string[] = [TIMING_COLUMNS.join(",")];
  for (const b of json.benches) {
    const params = Object.fromEntries(
      b.name.split(" ").filter((t) => t.includes("=")).map((t) => t.split("=") as [string, string]),
    );
    const ok = (b.results[0] as { ok?: { avg: number } }).ok;
    if (!ok) throw new Error(`bench "${b.name}" failed: ${JSON.stringify(b.results[0])}`);
    for (const key of ["hidden", "activation", "loss", "backend", "threads", "steps"]) {
      if (!(key in params)) {
        throw new Error(`bench "${b.name}": expected a ${key}=… parameter in its name`);
      }
    }
    const stepMs = ok.avg / 1e6 / Number(params.steps); // avg is ns per iteration
    rows.push(
      [
        params.hidden,
        params.activation,
        params.loss,
        params.backend,
        params.threads,
        stepMs.toFixed(4),
        (stepMs * STEPS_PER_EPOCH / 1000).toFixed(3),
      ].join(","),
    );
  }
  return rows.join("\n") + "\n";
}

/** Pure: one BenchJson whose every bench has the median over `rounds` of its mean time. */
export function mergeRounds(rounds: readonly BenchJson[]): BenchJson {
  if (rounds.length === 0) throw new RangeError("mergeRounds: expected at least one round");
  const avgs = new Map<string, number[]>();
  for (const [r, json] of rounds.entries()) {
    for (const b of json.benches) {
      const ok = (b.results[0] as { ok?: { avg: number } }).ok;
      if (!ok) {
        throw new Error(
          `bench "${b.name}" failed in round ${r + 1}: ${JSON.stringify(b.results[0])}`,
        );
      }
      (avgs.get(b.name) ?? avgs.set(b.name, []).get(b.name)!).push(ok.avg);
    }
  }
  return {
    benches: rounds[0].benches.map((b) => {
      const all = avgs.get(b.name)!;
      if (all.length !== rounds.length) {
        throw new Error(`bench "${b.name}" ran in ${all.length} of ${rounds.length} rounds`);
      }
      return { name: b.name, results: [{ ok: { avg: median(all), n: all.length } }] };
    }),
  };
}

/** Where a profile's timings go without --out: beside its study's results (study_select.ts). */
export function timingCsvOf(profile: Profile): string {
  return ["results", ...selectionParts({ profile, study: MAIN_STUDY }), "timing.csv"].join("/");
}

/** Where --profile textbook writes without --out. */
export const TEXTBOOK_OUT: string = timingCsvOf("textbook");

/** `deno task bench`'s flags, defaults and examples (its --help). */
export const BENCH_COMMAND: CommandDef = {
  name: "deno task bench",
  summary: "Runs bench/epoch_bench.ts (`deno bench`) --rounds times and writes the median " +
    "per-step and per-epoch time of every activation/loss pair, depth and backend as CSV.",
  flags: {
    out: {
      type: "string",
      help: `CSV to write (with --profile textbook: ${TEXTBOOK_OUT})`,
      default: timingCsvOf("author"),
      placeholder: "FILE",
    },
    rounds: {
      type: "string",
      help: "deno bench runs (median of their means)",
      default: "3",
      placeholder: "N",
    },
    profile: {
      type: "string",
      help: "author, or textbook (the three quirks fixed)",
      default: "author",
      placeholder: "NAME",
    },
    input: {
      type: "string",
      help: "use a saved `deno bench --json` output instead of running (one per round)",
      multiple: true,
      placeholder: "FILE",
    },
  },
  examples: [
    "deno task bench",
    "deno task bench --rounds 1 --out /tmp/timing.csv",
    "deno bench -P --json bench/epoch_bench.ts > r1.json && deno task bench --input r1.json",
  ],
};

async function readInput(file: string): Promise<BenchJson> {
  const text = await Deno.readTextFile(file).catch((e) => {
    throw e instanceof Deno.errors.NotFound ? new UsageError(`--input ${file}: no such file`) : e;
  });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--input ${file}: not JSON (${(e as Error).message})`);
  }
}

/** One `deno bench --json` run in `profile`; aborting `signal` stops it. */
async function benchRound(signal: AbortSignal, profile: Profile): Promise<BenchJson> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["bench", "-A", "--json", "bench/epoch_bench.ts"],
    env: { [PROFILE_ENV]: profile },
    stdout: "piped",
    stderr: "inherit",
    signal,
  }).output();
  if (!out.success) throw new Error(`deno bench exited with ${out.code}`);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

async function main(argv: string[]): Promise<number> {
  const { values, explicit } = parseCommand(BENCH_COMMAND, argv);
  const rounds = parsePositiveInt("--rounds", values.rounds as string)!;
  const profile = parseChoice("--profile", values.profile as string, PROFILES)!;
  // each profile's timings have their own home unless --out says otherwise
  const out = explicit.has("out") ? values.out as string : timingCsvOf(profile);
  await preflightFile("--out", out);
  const jsons: BenchJson[] = [];
  const inputs = values.input as string[] | undefined;
  if (inputs) {
    for (const file of inputs) jsons.push(await readInput(file));
  } else {
    const abort = new AbortController();
    const unregister = onInterrupt(
      () => abort.abort(),
      () => `interrupted in round ${jsons.length + 1} of ${rounds}: ${out} was not written`,
    );
    for (let r = 0; r < rounds; r++) {
      console.error(`bench round ${r + 1}/${rounds}`);
      jsons.push(await benchRound(abort.signal, profile));
    }
    unregister();
  }
  const csv = benchJsonToTimingCsv(mergeRounds(jsons));
  await writeTextAtomic(out, csv);
  console.log(csv.trimEnd());
  console.log(`wrote ${out}`);
  return 0;
}

if (import.meta.main) await runMain(() => main(Deno.args));
