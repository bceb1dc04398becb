/** Study selection: folders per study and profile, the profile applied, the study key. */
import assert from "node:assert/strict";
import {
  applyProfile,
  DEFAULT_SELECTION,
  defaultReferenceFolder,
  defaultWorkFolder,
  selectionFlags,
} from "./study_select.ts";
import { expandStudy } from "./experiments.ts";
import { prepareStudy } from "./study.ts";
import { parseReproduceArgs, reproduceMain } from "../reproduce.ts";
import { assertRejectsMessage, assertThrowsMessage } from "../../core/test_util.ts";

const textbook = { study: "main", profile: "textbook" } as const;
const envelope = { study: "envelope", profile: "author" } as const;

Deno.test("work folders: out/full, out/quick; out/textbook[-quick], out/envelope[-quick]", () => {
  assert.equal(defaultWorkFolder(DEFAULT_SELECTION, false), "out/full");
  assert.equal(defaultWorkFolder(DEFAULT_SELECTION, true), "out/quick");
  assert.equal(defaultWorkFolder(textbook, false), "out/textbook");
  assert.equal(defaultWorkFolder(textbook, true), "out/textbook-quick");
  assert.equal(defaultWorkFolder(envelope, true), "out/envelope-quick");
  assert.equal(
    defaultWorkFolder({ ...envelope, profile: "textbook" }, false),
    "out/textbook-envelope",
  );
});

Deno.test("references: results/, results/quick, results/textbook[/quick], results/envelope", () => {
  const rel = (p: string) => p.slice(p.lastIndexOf("/results"));
  assert.equal(rel(defaultReferenceFolder(DEFAULT_SELECTION, false)), "/results");
  assert.equal(rel(defaultReferenceFolder(DEFAULT_SELECTION, true)), "/results/quick");
  assert.equal(rel(defaultReferenceFolder(textbook, false)), "/results/textbook");
  assert.equal(rel(defaultReferenceFolder(textbook, true)), "/results/textbook/quick");
  assert.equal(rel(defaultReferenceFolder(envelope, false)), "/results/envelope");
  assert.equal(selectionFlags(DEFAULT_SELECTION), "");
  assert.equal(
    selectionFlags({ ...envelope, profile: "textbook" }),
    "--profile textbook --study envelope ",
  );
});

Deno.test("reproduce --profile textbook: its folders; a bad profile is a usage error", () => {
  const o = parseReproduceArgs(["--profile", "textbook", "--quick"]);
  assert.deepEqual(o.selection, textbook);
  assert.equal(o.out, "out/textbook-quick");
  assert.ok(o.reference.endsWith("/results/textbook/quick"));
  assert.equal(parseReproduceArgs([]).out, "out/full");
  assertThrowsMessage(
    () => parseReproduceArgs(["--profile", "exact"]),
    "--profile",
    "author|textbook",
  );
});

Deno.test("applyProfile sets the profile on every run and nothing else", () => {
  const runs = expandStudy({
    "x.ts": [{
      kind: "sweep",
      section: "s",
      name: "lr={learningRate}",
      key: "learningRate",
      values: [0.1, 0.2],
    }],
  }).runs;
  const tb = applyProfile(runs, "textbook");
  assert.deepEqual(tb.map((r) => r.config.profile), ["textbook", "textbook"]);
  assert.deepEqual(tb.map((r) => ({ ...r.config, profile: "author" })), runs.map((r) => r.config));
  assert.deepEqual(applyProfile(runs, "author"), runs);
});

Deno.test("study key: experiments of another study stay out of the main study, and names stay unique", async () => {
  const files = {
    "a.ts": [{
      kind: "sweep",
      section: "s",
      name: "lr={learningRate}",
      key: "learningRate",
      values: [0.1],
    }],
    "b.ts": [{
      kind: "sweep",
      study: "extra",
      section: "t",
      name: "k={perturb}",
      key: "perturb",
      values: [1, 2],
    }],
  };
  assert.deepEqual(expandStudy(files).runs.map((r) => r.name), ["s/lr=0.1"]);
  assert.deepEqual(expandStudy(files, "extra").runs.map((r) => r.name), ["t/k=1", "t/k=2"]);
  assert.deepEqual(expandStudy(files).studies, ["main", "extra"]);
  const extra = await prepareStudy(false, files, { study: "extra", profile: "textbook" });
  assert.deepEqual(extra.runs.map((r) => [r.config.perturb, r.config.profile]), [[1, "textbook"], [
    2,
    "textbook",
  ]]);
  assertThrowsMessage(
    () =>
      expandStudy({
        "c.ts": [{
          kind: "sweep",
          study: "Bad Name",
          section: "u",
          name: "x",
          key: "seed",
          values: [1],
        }],
      }),
    "study",
    "lowercase",
  );
});

Deno.test("reproduce --study envelope: its folders; a study no experiment declares is a usage error", async () => {
  const o = parseReproduceArgs(["--study", "envelope"]);
  assert.deepEqual([o.selection.study, o.out], ["envelope", "out/envelope"]);
  assert.ok(o.reference.endsWith("/results/envelope"));
  await assertRejectsMessage(
    () => reproduceMain(["--study", "nope", "--dry-run"]),
    '--study "nope"',
    "no experiment declares",
  );
});
