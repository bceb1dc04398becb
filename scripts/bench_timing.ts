/**
 * `deno task bench`: runs bench/epoch_bench.ts with --json and turns it into
 * results/timing.csv (hidden,activation,loss,backend,threads,step_ms,epoch_s), epoch = 600 steps.
 *   deno task bench [--out results/timing.csv] [--rounds 3] [--input saved.json ...]
 *
 * Each round is one `deno bench` run; a bench's time is the median over rounds of its mean, so a
 * shared machine's slow minute moves one round, not the result.
 */
import { parseArgs } from "node:util";
import { writeTextAtomic } from "./lib/atomic.ts";

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
      const sorted = [...all].sort((x, y) => x - y);
      const mid = sorted.length >> 1;
      const avg = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
      return { name: b.name, results: [{ ok: { avg, n: all.length } }] };
    }),
  };
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      out: { type: "string", default: "results/timing.csv" },
      rounds: { type: "string", default: "3" },
      input: { type: "string", multiple: true },
    },
  });
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) {
    console.error(
      `error: --rounds = ${JSON.stringify(values.rounds)}: expected a positive integer`,
    );
    Deno.exit(2);
  }
  const jsons: BenchJson[] = [];
  if (values.input) {
    for (const file of values.input) jsons.push(JSON.parse(await Deno.readTextFile(file)));
  } else {
    for (let r = 0; r < rounds; r++) {
      console.error(`bench round ${r + 1}/${rounds}`);
      const cmd = new Deno.Command(Deno.execPath(), {
        args: ["bench", "-A", "--json", "bench/epoch_bench.ts"],
        stdout: "piped",
        stderr: "inherit",
      });
      const out = await cmd.output();
      if (!out.success) {
        console.error("error: deno bench failed");
        Deno.exit(1);
      }
      jsons.push(JSON.parse(new TextDecoder().decode(out.stdout)));
    }
  }
  const csv = benchJsonToTimingCsv(mergeRounds(jsons));
  await writeTextAtomic(values.out!, csv);
  console.log(csv.trimEnd());
  console.log(`wrote ${values.out}`);
}
