/**
 * Matrix-product kernels at the study's shapes: reference vs wasm vs wasm-2t, one group per shape
 * with the reference as baseline.   deno bench -A bench/kernels_bench.ts
 * Operands are allocated and filled once, outside the timed region; the reference gets fewer
 * iterations since it is ~10× slower.
 */
import { Arena } from "../core/kernels/arena.ts";
import type { Kernels } from "../core/kernels/kernels.ts";
import { referenceKernels } from "../core/kernels/reference.ts";
import { createWasmKernels } from "../core/kernels/wasm.ts";
import { runShape, shapeOperands, STUDY_SHAPES } from "../scripts/kernel_gflops.ts";

const arena = new Arena(4_000_000, { shared: true });
const backends: Kernels[] = [
  referenceKernels,
  await createWasmKernels(arena, { threads: 1 }),
  await createWasmKernels(arena, { threads: 2 }),
];

for (const shape of STUDY_SHAPES) {
  const operands = shapeOperands(arena, shape);
  const group = `${shape.product} n=${shape.n} k=${shape.k} m=${shape.m}`;
  for (const kern of backends) {
    const reference = kern === referenceKernels;
    Deno.bench({
      name: `${group} backend=${kern.name}`,
      group,
      baseline: reference,
      n: reference ? 20 : 200,
      warmup: reference ? 3 : 50,
      // the 2-thread kernels keep a worker alive across benches (disposed at unload)
      sanitizeExit: false,
      fn: () => runShape(kern, shape, operands),
    });
  }
}

globalThis.addEventListener("unload", () => {
  for (const kern of backends) kern.dispose?.();
});
