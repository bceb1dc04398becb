/**
 * `deno task golden`: the golden check of `deno task test`. It is `deno task reproduce --quick`
 * into a fresh temporary work folder (removed afterwards, Ctrl-C included): the quick study is
 * recomputed and every run compared with the committed results/quick/ bit for bit. `--update`
 * is reproduce's `--update-results`; `--profile textbook` checks the quick textbook study against
 * results/textbook/quick/ (`deno task test` checks its one-hidden-layer runs, which exercise all
 * three quirks). Exit 0 identical, 1 differences, 2 usage error.
 */
import { BACKEND_FLAG, type CommandDef, onInterrupt, parseCommand, runMain } from "./lib/cli.ts";
import { reproduceMain } from "./reproduce.ts";

export const GOLDEN: CommandDef = {
  name: "deno task golden",
  summary: "Recomputes the quick study in a temporary folder and compares every run with the " +
    "committed results/quick/, bit for bit (all columns but seconds): `deno task reproduce " +
    "--quick` on a fresh folder. Exit 0: identical; 1: differences; 2: usage error.",
  flags: {
    update: {
      type: "boolean",
      help: "replace results/quick/ with the fresh results, on purpose (prints what changed)",
    },
    jobs: { type: "string", placeholder: "N", help: "runs in parallel (default: one per core)" },
    backend: BACKEND_FLAG,
    profile: {
      type: "string",
      placeholder: "NAME",
      default: "author",
      help: "author, or textbook: the quick textbook study, against results/textbook/quick/",
    },
    only: {
      type: "string",
      placeholder: "PATTERN",
      help: "only the runs matching PATTERN (as reproduce's --only; default: all)",
    },
  },
  examples: [
    "deno task golden",
    "deno task golden --update   # after an intended change",
    "deno task golden --profile textbook --only 'one_hidden/*'   # part of deno task test",
  ],
};

/** The whole task; returns the exit code. */
export async function goldenMain(args: string[]): Promise<number> {
  const { values } = parseCommand(GOLDEN, args);
  const pass = ["--quick", "--backend", values.backend as string];
  pass.push("--profile", values.profile as string);
  if (values.only !== undefined) pass.push("--only", values.only as string);
  if (values.jobs !== undefined) pass.push("--jobs", values.jobs as string);
  if (values.update === true) pass.push("--update-results");
  const tmp = await Deno.makeTempDir({ prefix: "mlpbench-golden-" });
  const remove = () => {
    try {
      Deno.removeSync(tmp, { recursive: true });
    } catch { /* already gone */ }
  };
  const stop = onInterrupt(remove, () => `interrupted: removed ${tmp}; nothing was changed`);
  try {
    return await reproduceMain([...pass, "--out", tmp], { temporary: true });
  } finally {
    stop();
    remove();
  }
}

if (import.meta.main) await runMain(() => goldenMain(Deno.args));
