import assert from "node:assert/strict";
import { validateRunConfig } from "../../core/config.ts";
import type { RunSpec } from "./experiments.ts";
import type { Manifest } from "./manifest.ts";
import {
  DEFAULT_SECONDS_PER_WORK,
  formatPlan,
  groupRuns,
  parseShardSpec,
  type PlanGroup,
  planShards,
  predictGroups,
  runWork,
} from "./shard_plan.ts";

Deno.test("parseShardSpec takes i/n with 1 <= i <= n", () => {
  assert.deepEqual(parseShardSpec("2/3"), { index: 2, count: 3 });
  for (const bad of ["0/3", "4/3", "1/0", "1", "a/b", "1/2/3", "-1/2"]) {
    assert.equal(parseShardSpec(bad), undefined, bad);
  }
});

const g = (name: string, seconds: number): PlanGroup => ({
  names: [name],
  config: validateRunConfig({}, ""),
  seconds,
  source: "recorded",
});

Deno.test("LPT: longest first to the shard free earliest, ties by name; makespan", () => {
  const groups = [g("e", 3), g("a", 7), g("d", 3), g("b", 5), g("c", 4)];
  const plan = planShards(groups, 2, 1);
  assert.deepEqual(plan.shards.map((s) => s.groups.map((x) => x.names[0])), [
    ["a", "d"],
    ["b", "c", "e"],
  ]);
  assert.deepEqual(plan.shards.map((s) => s.predicted), [10, 12]);
  assert.equal(plan.makespan, 12);
  assert.equal(plan.totalSeconds, 22);
});

Deno.test("the plan counts --jobs workers per shard", () => {
  const groups = [g("a", 8), g("b", 8), g("c", 4), g("d", 4)];
  const one = planShards(groups, 1, 2);
  assert.equal(one.makespan, 12); // a+c on one worker, b+d on the other
  const two = planShards(groups, 2, 2);
  assert.deepEqual(two.shards.map((s) => s.predicted), [8, 4]); // 4 workers, one run each
});

Deno.test("shards cover the selection exactly once, deterministically, for every count", () => {
  const groups = Array.from({ length: 37 }, (_, i) => g(`r${i}`, (i * 7919) % 13 + 1));
  for (const count of [1, 2, 3, 8, 16, 40]) {
    const plan = planShards(groups, count, 2);
    const names = plan.shards.flatMap((s) => s.groups.map((x) => x.names[0]));
    assert.equal(names.length, 37);
    assert.deepEqual([...names].sort(), groups.map((x) => x.names[0]).sort());
    const shuffled = [...groups].reverse();
    assert.deepEqual(planShards(shuffled, count, 2), plan, "input order does not matter");
    assert.ok(plan.makespan >= Math.max(...groups.map((x) => x.seconds)));
  }
});

const spec = (name: string, more: Record<string, unknown>): RunSpec => ({
  name,
  section: name.split("/")[0],
  file: "t.ts",
  config: validateRunConfig(more, ""),
});

Deno.test("predictions: recorded time when the hash matches, else the fitted cost model", () => {
  const runs = [
    spec("a/x", { epochs: 10 }),
    spec("a/y", { epochs: 10 }), // same config as a/x: one group
    spec("b/z", { epochs: 20 }),
    spec("c/w", { epochs: 5, hidden: [256, 128] }),
  ];
  const hashes = new Map([["a/x", "h1"], ["a/y", "h1"], ["b/z", "h2"], ["c/w", "h3"]]);
  const groups = groupRuns(runs, hashes);
  assert.deepEqual(groups.map((x) => x.map((r) => r.name)), [["a/x", "a/y"], ["b/z"], ["c/w"]]);
  const ref = {
    runs: {
      "a/y": { configHash: "h1", wallSeconds: 100 },
      "b/z": { configHash: "stale", wallSeconds: 1 },
    },
  } as unknown as Manifest;
  const p = predictGroups(groups, hashes, ref);
  assert.equal(p.secondsPerWork, 100 / runWork(runs[0].config));
  assert.deepEqual(p.groups.map((x) => x.source), ["recorded", "model", "model"]);
  assert.equal(p.groups[0].seconds, 100);
  assert.equal(p.groups[1].seconds, 200); // twice the epochs
  const none = predictGroups(groups, hashes, undefined);
  assert.equal(none.secondsPerWork, DEFAULT_SECONDS_PER_WORK);
  const text = formatPlan(planShards(p.groups, 2, 1), (s) => `${s}s`, "ref", 2);
  assert.match(text, /^plan: 4 runs \(3 computations\) over 2 shard\(s\) × 1 job\(s\)/);
  assert.match(text, /a\/x \(\+ a\/y: same config\)/);
  assert.match(text, /<- this shard/);
  assert.match(text, /predicted makespan: \d+(\.\d+)?s \(shard \d\/2\)/);
});
