/**
 * The engine's tanh (GELU's only transcendental): the WebAssembly transcription of glibc's
 * tanh in core/kernels/tanh_gen.ts, so that every backend, on every OS, computes the same bits
 * as the wasm kernels. Math.tanh would be the platform's C library (another libm on macOS or
 * Windows); ours equals glibc's on x86-64 and uses fused multiply-adds exactly where the CPU has
 * them, as glibc does.
 */
import { loadMatmulWasm, loadMatmulWasmSync } from "./kernels/wasm_module.ts";

let wasmTanh: ((x: number) => number) | null = null;

/** The tanh export of the committed module, on a memory of its own. */
function instantiate(bytes: Uint8Array): (x: number) => number {
  const module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports.tanh as (x: number) => number;
}

/**
 * Loads the module ahead of the first tanh(). Needed only when mlpbench is imported from a URL
 * (a synchronous first call cannot fetch); train() does it.
 */
export async function loadTanh(): Promise<void> {
  wasmTanh ??= instantiate(await loadMatmulWasm(false));
}

/** tanh(x), bit-identical to the wasm GELU kernels' (the module is read on first use) */
export function tanh(x: number): number {
  return (wasmTanh ??= instantiate(loadMatmulWasmSync()))(x);
}
