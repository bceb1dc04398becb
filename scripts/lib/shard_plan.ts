/**
 * Sharding a study over machines: longest-processing-time first. Each group of runs with one
 * config (computed once) gets a predicted duration: the training time recorded for it in the
 * committed reference manifest, or else the cost model (epochs × samples × weights, at the
 * reference's average seconds per unit). Groups go, longest first (ties by run name), to the shard
 * whose least-loaded worker (`jobs` per shard) is free earliest. Every machine computes the same
 * plan from the same inputs; times measured on the shard itself never enter it.
 */
import type { RunConfig } from "../../core/config.ts";
import type { RunSpec } from "./experiments.ts";
import type { Manifest } from "./manifest.ts";

/** `--shard i/n`, 1-based. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** Parses "i/n" (1 <= i <= n); undefined when the text is not of that form. */
export function parseShardSpec(text: string): ShardSpec | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (m === null) return undefined;
  const index = Number(m[1]), count = Number(m[2]);
  return count >= 1 && index >= 1 && index <= count ? { index, count } : undefined;
}

/** Relative cost of a run: samples seen × weights touched (a test pass ~1/3 of a step). */
export function runWork(c: RunConfig): number {
  const widths = [784, ...c.hidden, 10];
  let weights = 0;
  for (let i = 0; i + 1 < widths.length; i++) weights += widths[i] * widths[i + 1];
  const train = c.trainLimit ?? 60000;
  const test = c.testLimit ?? 10000;
  return c.epochs * (train + test / 3) * weights;
}

/**
 * Seconds per unit of runWork when the reference records no time at all: the full study's
 * average on this project's 2-core machine (results/manifest.json, engine version 1).
 */
export const DEFAULT_SECONDS_PER_WORK = 5.14e-10;

/** Runs computed together: one config, several names (the first one is computed). */
export interface PlanGroup {
  names: string[];
  config: RunConfig;
  /** Predicted training seconds. */
  seconds: number;
  /** Where the prediction comes from. */
  source: "recorded" | "model";
}

/** Groups runs with equal config hashes, in selection order. */
export function groupRuns(runs: readonly RunSpec[], hashes: ReadonlyMap<string, string>) {
  const groups = new Map<string, RunSpec[]>();
  for (const r of runs) {
    const h = hashes.get(r.name)!;
    groups.set(h, [...(groups.get(h) ?? []), r]);
  }
  return [...groups.values()];
}

/**
 * Predicted seconds for each group: the longest time the reference manifest records for any
 * member with the same config hash, else the cost model.
 */
export function predictGroups(
  groups: readonly RunSpec[][],
  hashes: ReadonlyMap<string, string>,
  reference: Manifest | undefined,
): { groups: PlanGroup[]; secondsPerWork: number } {
  const recorded = (g: RunSpec[]) => {
    const times = g.map((r) => reference?.runs[r.name])
      .filter((e) => e !== undefined && e.configHash === hashes.get(g[0].name) && e.wallSeconds > 0)
      .map((e) => e!.wallSeconds);
    return times.length > 0 ? Math.max(...times) : undefined;
  };
  let secs = 0, work = 0;
  for (const g of groups) {
    const t = recorded(g);
    if (t !== undefined) secs += t, work += runWork(g[0].config);
  }
  const secondsPerWork = work > 0 ? secs / work : DEFAULT_SECONDS_PER_WORK;
  return {
    secondsPerWork,
    groups: groups.map((g) => {
      const t = recorded(g);
      return {
        names: g.map((r) => r.name),
        config: g[0].config,
        seconds: t ?? runWork(g[0].config) * secondsPerWork,
        source: t === undefined ? "model" : "recorded",
      };
    }),
  };
}

/** Longest first, ties by the first run name: the order shards are filled and runs started in. */
export function lptOrder(groups: readonly PlanGroup[]): PlanGroup[] {
  return [...groups].sort((a, b) =>
    b.seconds - a.seconds || (a.names[0] < b.names[0] ? -1 : a.names[0] > b.names[0] ? 1 : 0)
  );
}

export interface Shard {
  index: number;
  /** In the order the shard starts them (longest first). */
  groups: PlanGroup[];
  /** Predicted wall time with `jobs` workers: its busiest worker's load. */
  predicted: number;
}

export interface Plan {
  count: number;
  jobs: number;
  shards: Shard[];
  /** The longest shard's predicted time. */
  makespan: number;
  /** Sum of all predicted run times. */
  totalSeconds: number;
}

function argmin(xs: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] < xs[best]) best = i;
  return best;
}

/** The LPT plan of `groups` over `count` shards of `jobs` workers each. */
export function planShards(groups: readonly PlanGroup[], count: number, jobs: number): Plan {
  const loads = Array.from({ length: count }, () => new Array<number>(jobs).fill(0));
  const shards: Shard[] = loads.map((_, i) => ({ index: i + 1, groups: [], predicted: 0 }));
  for (const g of lptOrder(groups)) {
    const s = argmin(loads.map((w) => Math.min(...w)));
    loads[s][argmin(loads[s])] += g.seconds;
    shards[s].groups.push(g);
  }
  for (const [i, s] of shards.entries()) s.predicted = Math.max(...loads[i]);
  return {
    count,
    jobs,
    shards,
    makespan: Math.max(...shards.map((s) => s.predicted)),
    totalSeconds: groups.reduce((a, g) => a + g.seconds, 0),
  };
}

/** "15m50s"-style duration (progress.ts formatDuration) of a predicted time. */
type Fmt = (seconds: number) => string;

/**
 * The plan as text: per shard its predicted time and runs (longest first), then the makespan.
 * `mark` highlights one shard (the one this invocation computes).
 */
export function formatPlan(plan: Plan, fmt: Fmt, source: string, mark?: number): string {
  const groups = plan.shards.flatMap((s) => s.groups);
  const runs = groups.reduce((a, g) => a + g.names.length, 0);
  const recorded = groups.filter((g) => g.source === "recorded").length;
  const lines = [
    `plan: ${runs} runs (${groups.length} computations) over ${plan.count} shard(s) × ` +
    `${plan.jobs} job(s); predicted times: ${recorded} recorded in ${source}, ` +
    `${groups.length - recorded} from the cost model`,
  ];
  for (const s of plan.shards) {
    const n = s.groups.reduce((a, g) => a + g.names.length, 0);
    const here = s.index === mark ? "   <- this shard" : "";
    lines.push(`shard ${s.index}/${plan.count}: predicted ${fmt(s.predicted)}, ${n} runs${here}`);
    for (const g of s.groups) {
      const same = g.names.length > 1 ? ` (+ ${g.names.slice(1).join(", ")}: same config)` : "";
      const model = g.source === "model" ? " (model)" : "";
      lines.push(`  ${fmt(g.seconds).padStart(7)}${model}  ${g.names[0]}${same}`);
    }
  }
  const longest = plan.shards.find((s) => s.predicted === plan.makespan);
  lines.push(
    `predicted makespan: ${fmt(plan.makespan)}` +
      (plan.count > 1 ? ` (shard ${longest?.index}/${plan.count})` : "") +
      `; ${fmt(plan.totalSeconds)} of training in all`,
  );
  return lines.join("\n");
}
