/** `deno task gflops` and `deno task build:wasm` command lines (the measurements are not tested). */
import { assertHelp, assertUserError, runScript } from "./lib/cli_testing.ts";

Deno.test("gflops and build:wasm: --help, and a bad flag is one line naming it", async () => {
  const [help, ms, wasmHelp, wasmBad] = await Promise.all([
    runScript("scripts/kernel_gflops.ts", ["--help"]),
    runScript("scripts/kernel_gflops.ts", ["--ms", "-5"]),
    runScript("scripts/build_wasm.ts", ["--help"]),
    runScript("scripts/build_wasm.ts", ["--out", "x"]),
  ]);
  assertHelp(help, ["ms", "json"]);
  assertUserError(ms, "--ms -5: expected a number > 0");
  assertHelp(wasmHelp, ["help"]);
  assertUserError(wasmBad, "unknown flag --out");
});
