/**
 * Regenerates core/kernels/matmul.wat from the generator and assembles core/kernels/matmul.wasm
 * with wabt. Run after changing core/kernels/wasm_gen.ts or its parts (elementwise_gen.ts,
 * tanh_gen.ts, gelu_gen.ts):
 *   deno run -A scripts/build_wasm.ts
 */
import { assembleWat, generateMatmulWat } from "../core/kernels/wasm_gen.ts";
import { writeFileAtomic, writeTextAtomic } from "./lib/atomic.ts";
import { type CommandDef, parseCommand, runMain } from "./lib/cli.ts";

/** `deno task build:wasm`'s (flag-less) command line, for its --help. */
export const BUILD_WASM_COMMAND: CommandDef = {
  name: "deno task build:wasm",
  summary: "Regenerates core/kernels/matmul.wat from core/kernels/wasm_gen.ts and assembles " +
    "core/kernels/matmul.wasm with wabt.",
  flags: {},
  examples: ["deno task build:wasm && deno test -A core/kernels/"],
};

async function main(argv: string[]): Promise<number> {
  parseCommand(BUILD_WASM_COMMAND, argv);
  const dir = new URL("../core/kernels/", import.meta.url);
  const wat = generateMatmulWat();
  const wasm = await assembleWat(wat);
  await writeTextAtomic(new URL("matmul.wat", dir).pathname, wat);
  await writeFileAtomic(new URL("matmul.wasm", dir).pathname, wasm);
  console.log(`wrote matmul.wat (${wat.length} chars) and matmul.wasm (${wasm.length} bytes)`);
  return 0;
}

if (import.meta.main) await runMain(() => main(Deno.args));
