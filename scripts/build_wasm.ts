/**
 * Regenerates core/kernels/matmul.wat from the generator and assembles core/kernels/matmul.wasm
 * with wabt. Run after changing core/kernels/wasm_gen.ts or its parts (elementwise_gen.ts,
 * tanh_gen.ts, gelu_gen.ts):
 *   deno run -A scripts/build_wasm.ts
 */
import { assembleWat, generateMatmulWat } from "../core/kernels/wasm_gen.ts";

const dir = new URL("../core/kernels/", import.meta.url);
const wat = generateMatmulWat();
const wasm = await assembleWat(wat);
await Deno.writeTextFile(new URL("matmul.wat", dir), wat);
await Deno.writeFile(new URL("matmul.wasm", dir), wasm);
console.log(`wrote matmul.wat (${wat.length} chars) and matmul.wasm (${wasm.length} bytes)`);
