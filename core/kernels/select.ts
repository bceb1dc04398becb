/** Picks a kernel backend for one run. Only `exact` backends may produce committed results. */
import type { Arena } from "./arena.ts";
import type { Kernels } from "./kernels.ts";
import { referenceKernels } from "./reference.ts";
import { createWasmKernels } from "./wasm.ts";
import { createOpenblasKernels } from "./openblas.ts";
import { createColumnCompactor } from "./openblas_columns.ts";

/**
 * The product backends: `reference` (plain JS loops, the contract), `wasm` (WebAssembly SIMD,
 * bit-identical to it), `openblas` (system OpenBLAS via FFI, not bit-exact).
 */
export const BACKENDS = ["reference", "wasm", "openblas"] as const;
/** One of BACKENDS. */
export type Backend = typeof BACKENDS[number];

/**
 * The kernels of `backend` on `arena` (threads 2: wasm only, on a shared arena). Dispose them
 * after the run.
 */
export async function createKernels(
  backend: Backend,
  arena: Arena,
  threads: 1 | 2 = 1,
): Promise<Kernels> {
  if (threads !== 1 && backend !== "wasm") {
    throw new RangeError(`threads = ${threads}: expected 1 for backend ${backend} (2 needs wasm)`);
  }
  switch (backend) {
    case "reference":
      return referenceKernels;
    case "wasm":
      return await createWasmKernels(arena, { threads });
    case "openblas": {
      // BLAS products; the elementwise work runs in the (exact) wasm kernels on the same arena,
      // whose module also packs the columns of x that vary over the batch (BLAS skips the rest)
      const { elementwise, instance } = await createWasmKernels(arena, { threads: 1 });
      const columns = createColumnCompactor(instance.mem, instance.exports);
      return { ...createOpenblasKernels({ columns }), elementwise };
    }
    default:
      throw new RangeError(
        `backend = ${JSON.stringify(backend)}: expected one of ${BACKENDS.join("|")}`,
      );
  }
}
