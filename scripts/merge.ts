/**
 * `deno task merge`: merges the --out folders of `reproduce --shard i/n` into one folder (the
 * files an unsharded run gives, machine times aside), then compares it with the committed
 * reference as reproduce does. Exit 0 identical, 1 differences, 2 usage or input error (a
 * missing shard, shards of different studies or engines, a run with two different results).
 */
import { ENGINE_VERSION } from "../core/version.ts";
import { type CommandDef, parseCommand, preflightDir, runMain, UsageError } from "./lib/cli.ts";
import { acquireLock } from "./lib/lock.ts";
import { checkShards, collectRuns, readShardFolders, writeMerged } from "./lib/merge.ts";
import { prepareStudy } from "./lib/study.ts";
import { displayPath, verifyAndReport } from "./lib/verify.ts";
import { defaultReferenceFolder, isProfile } from "./lib/study_select.ts";

export const MERGE: CommandDef = {
  name: "deno task merge",
  summary: "Merges the --out folders of `deno task reproduce --shard i/n` into one and " +
    "compares it with the committed results/ (or results/quick/), bit for bit. Exit 0: " +
    "identical; 1: differences; 2: usage or input error.",
  flags: {
    out: { type: "string", placeholder: "DIR", help: "the merged folder (required)" },
    "allow-partial": { type: "boolean", help: "merge even when some shards are missing" },
    reference: {
      type: "string",
      placeholder: "DIR",
      help: "committed reference to compare with (default: results/, or results/quick/)",
    },
    profile: {
      type: "string",
      placeholder: "NAME",
      default: "author",
      help: "the shards' --profile (textbook: compared with results/textbook[/quick])",
    },
    study: {
      type: "string",
      placeholder: "NAME",
      default: "main",
      help: "the shards' --study (e.g. envelope: compared with results/envelope[/quick])",
    },
  },
  positionals: { name: "DIR...", help: "the shards' --out folders, each once", min: 1 },
  examples: [
    "deno task merge out/s1 out/s2 out/s3 --out out/merged",
    "deno task merge shards/* --out out/merged --allow-partial",
    "deno task merge out/e1 out/e2 --study envelope --out out/envelope   # the noise envelope",
  ],
};

/** The whole task; returns the exit code. */
export async function mergeMain(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(MERGE, args);
  const out = values.out as string | undefined;
  if (out === undefined) {
    throw new UsageError(
      "--out: missing: expected the folder to merge into",
      "e.g. --out out/merged",
    );
  }
  const shards = await readShardFolders(positionals);
  const profile = values.profile as string;
  if (!isProfile(profile)) {
    throw new UsageError(`--profile ${JSON.stringify(profile)}: expected author|textbook`);
  }
  const selection = { study: values.study as string, profile };
  const study = await prepareStudy(shards[0].manifest.quick, undefined, selection);
  const ordered = checkShards(shards, study, ENGINE_VERSION, values["allow-partial"] === true);
  const runs = await collectRuns(ordered, study);
  await preflightDir("--out", out);
  const lock = acquireLock(out, "merge", console.error);
  try {
    await writeMerged(out, ordered, study, runs);
  } finally {
    lock.release();
  }
  const count = ordered[0].tag.count;
  console.log(
    `merged ${ordered.length} of ${count} shard(s), ${runs.size} runs, into ${displayPath(out)}/`,
  );
  const reference = (values.reference as string | undefined) ??
    defaultReferenceFolder(selection, study.quick);
  const held = study.runs.filter((r) => runs.has(r.name)).map((r) => r.name);
  return (await verifyAndReport(out, reference, held)).code;
}

if (import.meta.main) await runMain(() => mergeMain(Deno.args));
