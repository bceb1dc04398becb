/**
 * `deno task bench`: runs bench/epoch_bench.ts with --json and turns it into
 * results/timing.csv (hidden,activation,loss,backend,threads,step_ms,epoch_s), epoch = 600 steps.
 *   deno task bench [--out results/timing.csv] [--input saved.json]
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

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { out: { type: "string", default: "results/timing.csv" }, input: { type: "string" } },
  });
  let text: string;
  if (values.input) {
    text = await Deno.readTextFile(values.input);
  } else {
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
    text = new TextDecoder().decode(out.stdout);
  }
  const csv = benchJsonToTimingCsv(JSON.parse(text));
  await writeTextAtomic(values.out!, csv);
  console.log(csv.trimEnd());
  console.log(`wrote ${values.out}`);
}
