/**
 * A tiny task for scripts/lib/cli_test.ts: `deno run -A scripts/testdata/cli_fixture.ts MODE [args]`.
 * MODE: usage | config | bug | reject | notfound | ok | help | wait (registers an interrupt cleanup
 * that removes the folder given as the next argument, prints "ready", then waits).
 */
import { ConfigError } from "../../core/config.ts";
import { onInterrupt, parseCommand, runMain, UsageError } from "../lib/cli.ts";

const DEF = {
  name: "deno run cli_fixture.ts",
  summary: "A fixture.",
  flags: {
    lr: { type: "string" as const, help: "learning rate", default: "0.1", placeholder: "N" },
  },
  positionals: { name: "MODE", help: "what to do", min: 1, max: 2 },
  examples: ["deno run cli_fixture.ts ok --lr 0.5"],
};

await runMain(async () => {
  const { positionals } = parseCommand(DEF, Deno.args);
  const [mode, arg] = positionals;
  switch (mode) {
    case "usage":
      throw new UsageError("--lr x: expected a number", "try --lr 0.1");
    case "config":
      throw new ConfigError("sweeps.ts run a: learningRate = -1: expected a number > 0");
    case "bug":
      throw new TypeError("boom");
    case "reject":
      void Promise.reject(new RangeError("late boom"));
      await new Promise((r) => setTimeout(r, 1000));
      return 0;
    case "notfound":
      await Deno.readTextFile("/nonexistent/mlpbench.csv");
      return 0;
    case "wait": {
      onInterrupt(
        () => Deno.remove(arg, { recursive: true }),
        () => `kept nothing; removed ${arg}`,
      );
      console.log("ready");
      await new Promise((r) => setTimeout(r, 30_000));
      return 0;
    }
    default:
      return 5;
  }
});
