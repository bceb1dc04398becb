/**
 * The engine's tanh (GELU's only transcendental): the WebAssembly transcription of glibc's
 * tanh in core/kernels/tanh_gen.ts, so that every backend, on every OS, computes the same bits
 * as the wasm kernels. Math.tanh would be the platform's C library (another libm on macOS or
 * Windows); ours equals glibc's on x86-64 and uses fused multiply-adds exactly where the CPU has
 * them, as glibc does.
 */

let wasmTanh: ((x: number) => number) | null = null;

/** Instantiates the committed module (read on first use, so importing needs no permission). */
function load(): (x: number) => number {
  const module = new WebAssembly.Module(
    Deno.readFileSync(new URL("./kernels/matmul.wasm", import.meta.url)),
  );
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports.tanh as (x: number) => number;
}

/** tanh(x), bit-identical to the wasm GELU kernels' */
export function tanh(x: number): number {
  return (wasmTanh ??= load())(x);
}
