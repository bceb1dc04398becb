/** Picks a kernel backend for one run. Only `exact` backends may produce committed results. */
import { Arena } from "./arena.ts";
import type { Kernels } from "./kernels.ts";
import { referenceKernels } from "./reference.ts";
import { createWasmKernels } from "./wasm.ts";
import { createOpenblasKernels } from "./openblas.ts";
import { createColumnCompactor } from "./openblas_columns.ts";
import { buildNative, type BuildOptions, type NativeLibrary } from "./native_build.ts";
import { nativeWidths } from "./native.ts";

/**
 * The product backends: `auto` (native when it builds and passes its self-check, else wasm),
 * `reference` (plain JS loops, the contract), `wasm` (WebAssembly SIMD, bit-identical to it),
 * `native` (C kernels built at first use, bit-identical too), `openblas` (system OpenBLAS via
 * FFI, not bit-exact).
 */
export const BACKENDS = ["auto", "reference", "wasm", "native", "openblas"] as const;
/** One of BACKENDS. */
export type Backend = typeof BACKENDS[number];
/** A backend that computes: what `auto` resolves to, and what a manifest records. */
export type ConcreteBackend = Exclude<Backend, "auto">;

/** The outcome of resolving a backend: the one to use, and a line saying why when it matters. */
export interface Resolved {
  backend: ConcreteBackend;
  /** For auto: which it chose and why (to print once). */
  notice?: string;
  /** The native library, when the backend is native. */
  library?: NativeLibrary;
}

/**
 * Resolves `auto`: native when its library builds (or is cached) and passes the self-check
 * (products bit for bit equal to the wasm kernels'), wasm otherwise. `native` must build (its
 * error is one line). Other backends are returned as they are.
 */
export async function resolveBackend(
  backend: Backend,
  build: BuildOptions = {},
): Promise<Resolved> {
  if (backend !== "auto" && backend !== "native") return { backend };
  let library: NativeLibrary;
  try {
    library = await buildNative(build);
    await nativeSelfCheck(library);
  } catch (err) {
    if (backend === "native") throw err;
    return { backend: "wasm", notice: `backend auto: wasm (${(err as Error).message})` };
  }
  const how = library.cached ? "cached" : "built now";
  const width = nativeWidths(library.path)[0];
  return {
    backend: "native",
    library,
    notice: `backend ${backend}: native (${width} float64 lanes; ${library.compiler}, ${how})`,
  };
}

/** Small products with tails in every dimension, native against wasm; throws on a difference. */
export async function nativeSelfCheck(library: NativeLibrary): Promise<void> {
  const [n, k, m] = [7, 37, 19];
  const run = async (native: boolean) => {
    const arena = new Arena(2 * (n * k + n * m) + 3 * k * m + m + 64); // + wᵀ for native gwt
    const kern = await createWasmKernels(arena, {
      native: native ? { path: library.path, width: nativeWidths(library.path)[0] } : undefined,
    });
    const x = arena.alloc(n * k), w = arena.alloc(k * m), b = arena.alloc(m);
    const out = arena.alloc(n * m), gw = arena.alloc(k * m), gx = arena.alloc(n * k);
    for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 1.7) * (i % 3 === 0 ? 1e3 : 1);
    for (let i = 0; i < w.length; i++) w[i] = Math.cos(i * 0.3) / 7;
    for (let i = 0; i < m; i++) b[i] = i / 3;
    kern.xw(x, w, b, out, n, k, m);
    kern.xtg(x, out, gw, n, k, m);
    kern.gwt(out, w, gx, n, k, m);
    const bits = [out, gw, gx].map((a) => [...new BigUint64Array(a.slice().buffer)].join(","));
    kern.dispose?.();
    return bits.join("|");
  };
  if (await run(true) !== await run(false)) {
    throw new Error("native kernels: self-check failed (products differ from the wasm kernels')");
  }
}

/**
 * The kernels of `backend` on `arena` (threads 2: wasm or native, on a shared arena). `auto`
 * is resolved here silently; resolve it first with resolveBackend to say which. Dispose them
 * after the run.
 */
export async function createKernels(
  backend: Backend,
  arena: Arena,
  threads: 1 | 2 = 1,
): Promise<Kernels> {
  // auto decides (and self-checks) once; an explicit native only needs its (cached) library:
  // callers such as reproduce resolved auto already and hand every run "native"
  const resolved: Resolved = backend === "auto"
    ? await resolveBackend(backend)
    : backend === "native"
    ? { backend, library: await buildNative() }
    : { backend };
  const concrete = resolved.backend;
  if (threads !== 1 && concrete !== "wasm" && concrete !== "native") {
    throw new RangeError(
      `threads = ${threads}: expected 1 for backend ${concrete} (2 needs wasm or native)`,
    );
  }
  switch (concrete) {
    case "reference":
      return referenceKernels;
    case "wasm":
      return await createWasmKernels(arena, { threads });
    case "native": {
      const path = resolved.library!.path;
      return await createWasmKernels(arena, {
        threads,
        native: { path, width: nativeWidths(path)[0] },
      });
    }
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
