import assert from "node:assert/strict";
import { join } from "node:path";
import type { RunConfig } from "../../core/config.ts";
import type { EpochRow } from "../../core/csv.ts";
import { matchesOnly } from "./experiments.ts";
import type { Manifest } from "./manifest.ts";
import { csvPath, type Execute, prepareStudy, runStudy, type StudyOptions } from "./study.ts";

// A small study: a 2×1 grid and a sweep whose base equals one grid run (same config).
const FILES = {
  "experiments/t.ts": [
    {
      kind: "grid",
      section: "g",
      name: "{activation}",
      base: { epochs: 3, learningRate: 0.01 },
      axes: { activation: ["relu", "gelu"] },
    },
    {
      kind: "sweep",
      section: "s",
      name: "lr={learningRate}",
      base: { epochs: 3 },
      key: "learningRate",
      values: [0.01, 0.5, 2],
    },
  ],
};

/** Deterministic stand-in for training; lr >= 2 "diverges" in epoch 1. */
function fakeExecute(calls: RunConfig[], failOn?: number): Execute {
  return (config, onProgress) => {
    calls.push(config);
    if (config.learningRate === failOn) return Promise.reject(new Error("RangeError: kaput"));
    const rows: EpochRow[] = [];
    onProgress({ type: "start" });
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      const diverged = config.learningRate >= 2 && epoch === 1;
      const v = config.learningRate * (epoch + 1) + (config.activation === "gelu" ? 0.1 : 0);
      const row = {
        epoch,
        trainLoss: v,
        trainAcc: 1 - v,
        windowLoss: diverged ? NaN : v / 2,
        windowAcc: 0.5,
        testLoss: v / 3,
        testAcc: 0.25,
        seconds: 0.1,
      };
      onProgress({ type: "step", epoch, step: 1, stepsPerEpoch: 2 });
      onProgress({ type: "epoch", row });
      rows.push(row);
      if (diverged) {
        return Promise.resolve({
          rows,
          diverged: { epoch, step: 1, reason: "loss NaN" },
          seconds: 1,
        });
      }
    }
    return Promise.resolve({ rows, diverged: null, seconds: 2 });
  };
}

const silent = () => ({ log() {}, update() {}, close() {} });

/** Options for the test study in `dir`; `only` selects runs as --only does. */
async function options(
  dir: string,
  execute: Execute,
  more: Partial<StudyOptions> & { quick?: boolean; only?: string } = {},
): Promise<StudyOptions> {
  const { quick = false, only, ...rest } = more;
  const study = await prepareStudy(quick, FILES);
  const selected = only === undefined
    ? study.runs
    : study.runs.filter((r) => matchesOnly(r.name, only));
  return {
    dir,
    study,
    selected,
    jobs: 2,
    backend: "reference",
    execute,
    makeView: silent,
    ...rest,
  };
}

async function withTempDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const readManifest = async (dir: string) =>
  JSON.parse(await Deno.readTextFile(join(dir, "manifest.json"))) as Manifest;

Deno.test("a study computes each distinct config once and writes CSVs, manifest, summary", async () => {
  await withTempDir(async (root) => {
    const calls: RunConfig[] = [];
    const out = await runStudy(await options(root, fakeExecute(calls)));
    assert.equal(calls.length, 4); // g/relu, g/gelu, s/lr=0.5, s/lr=2; s/lr=0.01 = g/gelu (gelu is the default)
    assert.deepEqual(out.copied, ["s/lr=0.01"]);
    assert.deepEqual(out.diverged, ["s/lr=2"]);
    const relu = await Deno.readTextFile(csvPath(root, "g/relu"));
    const gelu = await Deno.readTextFile(csvPath(root, "g/gelu"));
    assert.equal(await Deno.readTextFile(csvPath(root, "s/lr=0.01")), gelu);
    assert.equal(relu.split("\n")[2], "1,0.02,0.98,0.01,0.5,0.006666666666666667,0.25,0.1");
    const m = await readManifest(root);
    assert.deepEqual(Object.keys(m.runs), ["g/relu", "g/gelu", "s/lr=0.01", "s/lr=0.5", "s/lr=2"]);
    assert.equal(m.runs["s/lr=0.01"].sameAs, "g/gelu");
    assert.equal(m.runs["s/lr=0.01"].configHash, m.runs["g/gelu"].configHash);
    assert.notEqual(m.runs["g/relu"].configHash, m.runs["g/gelu"].configHash);
    assert.equal(m.runs["s/lr=2"].status, "diverged");
    assert.equal(m.runs["s/lr=2"].divergedEpoch, 1);
    assert.equal(m.runs["g/gelu"].backend, "reference");
    assert.equal(m.runs["g/gelu"].wallSeconds, 2);
    assert.equal(m.runs["g/gelu"].denoVersion, Deno.version.deno);
    assert.equal(m.study.runWallSeconds, 2 + 2 + 2 + 1);
    const summary = (await Deno.readTextFile(join(root, "summary.csv"))).trim().split("\n");
    assert.equal(summary.length, 1 + 5);
    assert.match(summary[0], /^run,section,hidden,activation,loss,learning_rate,/);
    assert.equal(
      summary[5],
      "s/lr=2,s,128,gelu,softmax_ce,2,100,0.9,0.0002,3,,,diverged,1,0.5,NaN,0.25," +
        String((2 * 2 + 0.1) / 3) +
        ",,,,,,,,",
    );
  });
});

Deno.test("a rerun skips finished runs; a lost copy is re-copied; --force recomputes", async () => {
  await withTempDir(async (root) => {
    await runStudy(await options(root, fakeExecute([])));
    const calls: RunConfig[] = [];
    const again = await runStudy(await options(root, fakeExecute(calls)));
    assert.equal(calls.length, 0);
    assert.equal(again.skipped.length, 5);
    await Deno.remove(csvPath(root, "g/gelu"));
    const third = await runStudy(await options(root, fakeExecute(calls)));
    assert.equal(calls.length, 0); // s/lr=0.01 has the same config: copied back
    assert.deepEqual(third.copied, ["g/gelu"]);
    // A stale hash (config or engine changed) means recompute.
    const m = await readManifest(root);
    m.runs["g/relu"].configHash = "0".repeat(64);
    await Deno.writeTextFile(join(root, "manifest.json"), JSON.stringify(m));
    const fourth = await runStudy(await options(root, fakeExecute(calls)));
    assert.deepEqual(fourth.ran, ["g/relu"]);
    calls.length = 0;
    await runStudy(await options(root, fakeExecute(calls), { force: true, only: "g/*" }));
    assert.equal(calls.length, 2);
  });
});

Deno.test("a failing run is recorded as failed, the others finish, the next study retries it", async () => {
  await withTempDir(async (root) => {
    const calls: RunConfig[] = [];
    const out = await runStudy(await options(root, fakeExecute(calls, 0.5)));
    assert.deepEqual(out.failed, [{ name: "s/lr=0.5", error: "RangeError: kaput" }]);
    assert.equal(out.ran.length, 3);
    const m = await readManifest(root);
    assert.equal(m.runs["s/lr=0.5"].status, "failed");
    assert.equal(m.runs["s/lr=0.5"].error, "RangeError: kaput");
    const summary = await Deno.readTextFile(join(root, "summary.csv"));
    assert.ok(!summary.includes("s/lr=0.5"));
    calls.length = 0;
    const retry = await runStudy(await options(root, fakeExecute(calls)));
    assert.deepEqual(retry.ran, ["s/lr=0.5"]);
  });
});

Deno.test("--quick runs reduced configs and records quick in the manifest", async () => {
  await withTempDir(async (root) => {
    const calls: RunConfig[] = [];
    await runStudy(await options(root, fakeExecute(calls), { quick: true, only: "gelu" }));
    assert.deepEqual(calls.map((c) => [c.epochs, c.trainLimit, c.testLimit, c.dispFreq]), [
      [2, 6000, 2000, 20],
    ]);
    assert.ok((await Deno.stat(csvPath(root, "g/gelu"))).isFile);
    const m = await readManifest(root);
    assert.equal(m.quick, true);
    assert.equal(m.studyHash, (await prepareStudy(true, FILES)).studyHash);
    assert.notEqual(m.studyHash, (await prepareStudy(false, FILES)).studyHash);
  });
});

/** Runs the study once, damages it with `damage`, reruns; returns the rerun's log and calls. */
async function rerunAfter(damage: (root: string) => Promise<void>) {
  let result: { lines: string[]; calls: RunConfig[]; manifest: Manifest } | undefined;
  await withTempDir(async (root) => {
    await runStudy(await options(root, fakeExecute([])));
    await damage(root);
    const lines: string[] = [];
    const calls: RunConfig[] = [];
    const view = () => ({ log: (l: string) => lines.push(l), update() {}, close() {} });
    await runStudy(await options(root, fakeExecute(calls), { makeView: view }));
    const summary = await Deno.readTextFile(join(root, "summary.csv"));
    assert.equal(summary.trim().split("\n").length, 1 + 5, "every run back in the summary");
    result = { lines, calls, manifest: await readManifest(root) };
  });
  return result!;
}

const cut = (root: string, run: string, keep: (text: string) => string) =>
  Deno.readTextFile(csvPath(root, run)).then((t) =>
    Deno.writeTextFile(csvPath(root, run), keep(t))
  );

Deno.test("a CSV cut at a line break is not done: recomputed, with the reason", async () => {
  const { lines, calls } = await rerunAfter((root) =>
    cut(root, "g/relu", (t) => t.split("\n").slice(0, 3).join("\n") + "\n")
  );
  assert.equal(calls.length, 1);
  assert.ok(lines.includes("recompute g/relu: CSV has 2 of 3 epoch rows"), lines.join("\n"));
});

Deno.test("a CSV cut mid-line is recomputed, and never breaks the summary", async () => {
  const { lines, calls } = await rerunAfter((root) => cut(root, "g/relu", (t) => t.slice(0, -7)));
  assert.equal(calls.length, 1);
  assert.ok(
    lines.some((l) => l.startsWith("recompute g/relu: CSV cut mid-line")),
    lines.join("\n"),
  );
});

for (const [what, text] of [["garbled", "{ not json"], ["wrong shape", '{"runs": 3}']]) {
  Deno.test(`a ${what} manifest is rebuilt from the CSVs: nothing recomputed`, async () => {
    const { lines, calls, manifest } = await rerunAfter((root) =>
      Deno.writeTextFile(join(root, "manifest.json"), text)
    );
    assert.equal(calls.length, 0);
    assert.ok(lines.some((l) => /manifest.json: .*rebuilt 5 entries from whole CSVs/.test(l)));
    assert.equal(Object.keys(manifest.runs).length, 5);
  });
}

Deno.test("a deleted manifest is rebuilt; diverged runs keep their status", async () => {
  const { calls, lines, manifest } = await rerunAfter((root) =>
    Deno.remove(join(root, "manifest.json"))
  );
  assert.equal(calls.length, 0);
  assert.ok(lines.some((l) => /manifest.json: missing: rebuilt 5 entries/.test(l)));
  assert.equal(manifest.runs["s/lr=2"].status, "diverged");
  assert.equal(manifest.runs["s/lr=2"].divergedEpoch, 1);
  assert.equal(manifest.runs["s/lr=0.01"].sameAs, "g/gelu"); // copies counted once
  assert.equal(manifest.runs["g/relu"].rebuilt, true);
});
