/**
 * Opt-in kernels backed by the system OpenBLAS through Deno FFI (`cblas_dgemm`, row-major).
 * BLAS blocks and vectorises its sums, so this backend does NOT honour the summation-order
 * contract (exact: false): results agree with the reference kernels to rounding, not bit for bit.
 * Needs --allow-ffi and the Debian/Ubuntu package libopenblas0-pthread (or any libopenblas.so.0
 * with the 32-bit-integer CBLAS interface).
 */
import type { Kernels } from "./kernels.ts";
import type { ColumnCompactor } from "./openblas_columns.ts";

// CBLAS enum values (cblas.h).
const CBLAS_ROW_MAJOR = 101;
const NO_TRANS = 111;
const TRANS = 112;

/** Where the shared library is looked for, in order (the dynamic loader's search comes first). */
export const OPENBLAS_CANDIDATES: readonly string[] = [
  "libopenblas.so.0",
  "/usr/lib/x86_64-linux-gnu/libopenblas.so.0",
  "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
  "/usr/lib/x86_64-linux-gnu/libopenblas.so",
  "/usr/lib/aarch64-linux-gnu/libopenblas.so.0",
  "/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0",
  "/usr/lib64/libopenblas.so.0",
  "/usr/local/lib/libopenblas.so.0",
  "libopenblas.dylib",
  "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
];

const SYMBOLS = {
  // void cblas_dgemm(order, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)
  cblas_dgemm: {
    parameters: [
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "f64",
      "buffer",
      "i32",
      "buffer",
      "i32",
      "f64",
      "buffer",
      "i32",
    ],
    result: "void",
  },
  openblas_set_num_threads: { parameters: ["i32"], result: "void" },
} as const;

type OpenblasLib = Deno.DynamicLibrary<typeof SYMBOLS>;

/** Opens the first loadable candidate; the error names the package to install when none is. */
function openLibrary(candidates: readonly string[]): OpenblasLib {
  const failures: string[] = [];
  for (const path of candidates) {
    try {
      return Deno.dlopen(path, SYMBOLS);
    } catch (e) {
      if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
        throw new Error(
          `openblas backend: FFI is not permitted (${(e as Error).message}); ` +
            "run with --allow-ffi (or -A)",
        );
      }
      failures.push(`${path}: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  throw new Error(
    "openblas backend: no loadable OpenBLAS library found; expected libopenblas.so.0 " +
      "(install it with `apt-get install -y libopenblas0-pthread` on Debian/Ubuntu). Tried:\n  " +
      failures.join("\n  "),
  );
}

/**
 * Products from this many multiply-adds (n·k·m) on skip the columns of x that are constant over
 * the batch (MNIST's blank borders: ~270 of 784 at batch 100), when a ColumnCompactor is given.
 */
export const COMPACT_MIN_WORK = 500_000;

/** Why the openblas backend cannot run here (no FFI permission, no library), or null. */
export function openblasUnavailable(): string | null {
  if (Deno.permissions.querySync({ name: "ffi" }).state !== "granted") {
    return "no FFI permission (run with --allow-ffi or -A)";
  }
  try {
    createOpenblasKernels().dispose?.();
    return null;
  } catch (e) {
    return (e as Error).message.split("\n")[0];
  }
}

/** BLAS dimensions are C ints: refuse what would overflow them rather than corrupt memory. */
function checkDims(op: string, n: number, k: number, m: number) {
  for (const [name, v] of [["n", n], ["k", k], ["m", m]] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 0x7fffffff) {
      throw new RangeError(`openblas ${op}: ${name} = ${v}, expected an integer in [0, 2^31)`);
    }
  }
}

/** Native code writes through these pointers, so a short array must never reach it. */
function checkLength(op: string, what: string, a: Float64Array, need: number) {
  if (a.length < need) {
    throw new RangeError(
      `openblas ${op}: ${what} has ${a.length} elements, expected at least ${need}`,
    );
  }
}

export interface OpenblasOptions {
  /** Library paths to try instead of OPENBLAS_CANDIDATES. */
  candidates?: readonly string[];
  /**
   * Packs the columns of x that matter (the wasm module on the same arena does it): BLAS then
   * skips constant columns. Without it every product runs over all columns.
   */
  columns?: ColumnCompactor;
}

/**
 * Kernels calling `cblas_dgemm` of the system OpenBLAS, pinned to one thread (the engine's
 * own threading decides parallelism). Float64Array views are passed as they are: views on a
 * WebAssembly.Memory with a byteOffset work, since FFI passes the view's own data pointer.
 */
export function createOpenblasKernels(options: OpenblasOptions = {}): Kernels {
  const lib = openLibrary(options.candidates ?? OPENBLAS_CANDIDATES);
  lib.symbols.openblas_set_num_threads(1);
  const dgemm = lib.symbols.cblas_dgemm;
  /** C[M×N] = op(A)·op(B), row-major (op: transposed or not), α = 1, β = 0 */
  const gemm = (
    ta: number,
    tb: number,
    dims: [M: number, N: number, K: number],
    A: Float64Array,
    lda: number,
    B: Float64Array,
    ldb: number,
    C: Float64Array,
    ldc: number,
  ) => dgemm(CBLAS_ROW_MAJOR, ta, tb, dims[0], dims[1], dims[2], 1, A, lda, B, ldb, 0, C, ldc);
  const columns = options.columns;
  /** x's packed columns for a product of n·k·m multiply-adds, when worth it (else null). */
  const pack = (x: Float64Array, n: number, k: number, m: number) =>
    columns && n >= 2 && n * k * m >= COMPACT_MIN_WORK ? columns.pack(x, n, k) : null;
  let closed = false;
  const live = (op: string) => {
    if (closed) throw new Error(`openblas ${op}: kernels used after dispose()`);
  };

  return {
    name: "openblas",
    exact: false,
    xw(x, w, b, out, n, k, m) {
      // out[n×m] = x[n×k] · w[k×m] + b[m]
      live("xw");
      checkDims("xw", n, k, m);
      checkLength("xw", "x", x, n * k);
      checkLength("xw", "w", w, k * m);
      checkLength("xw", "b", b, m);
      checkLength("xw", "out", out, n * m);
      if (n === 0 || m === 0) return;
      // Equal constant columns of x (MNIST's blank borders) contribute one value times the sum
      // of their rows of w: dgemm the packed columns (any summation order is fine here: this
      // backend is not bit-exact).
      const packed = pack(x, n, k, m);
      const packedW = packed && columns!.packRows(w, m);
      if (packed && packedW) {
        // C[n×m] = A[n×k'] · B[k'×m], the packed columns of x and rows of w
        gemm(NO_TRANS, NO_TRANS, [n, m, packed.k], packed.x, packed.k, packedW, m, out, m);
      } else {
        // C[n×m] = A[n×k] · B[k×m], row-major, lda = k, ldb = m, ldc = m
        gemm(NO_TRANS, NO_TRANS, [n, m, k], x, k, w, m, out, m);
      }
      // Bias after the whole product, as the contract orders it.
      for (let i = 0; i < n; i++) {
        const row = i * m;
        for (let j = 0; j < m; j++) out[row + j] += b[j];
      }
    },
    xtg(x, g, gw, n, k, m) {
      // gw[k×m] = x[n×k]ᵀ · g[n×m]
      live("xtg");
      checkDims("xtg", n, k, m);
      checkLength("xtg", "x", x, n * k);
      checkLength("xtg", "g", g, n * m);
      checkLength("xtg", "gw", gw, k * m);
      if (k === 0 || m === 0) return;
      if (n === 0) {
        gw.fill(0, 0, k * m);
        return;
      }
      // Equal constant columns of x give equal rows of gw: dgemm the packed columns into the top
      // rows of gw, then spread them into place.
      const packed = pack(x, n, k, m);
      if (packed !== null) {
        // C[k'×m] = Aᵀ · B with A the packed [n×k'] (lda = k'), B [n×m]: gw's first k' rows
        gemm(TRANS, NO_TRANS, [packed.k, m, n], packed.x, packed.k, g, m, gw, m);
        columns!.spread(gw, m);
        return;
      }
      // C[k×m] = Aᵀ · B with A stored [n×k] (lda = k), B [n×m] (ldb = m)
      gemm(TRANS, NO_TRANS, [k, m, n], x, k, g, m, gw, m);
    },
    gwt(g, w, gx, n, k, m) {
      // gx[n×k] = g[n×m] · w[k×m]ᵀ
      live("gwt");
      checkDims("gwt", n, k, m);
      checkLength("gwt", "g", g, n * m);
      checkLength("gwt", "w", w, k * m);
      checkLength("gwt", "gx", gx, n * k);
      if (n === 0 || k === 0) return;
      if (m === 0) {
        gx.fill(0, 0, n * k);
        return;
      }
      // C[n×k] = A · Bᵀ with A [n×m] (lda = m), B stored [k×m] (ldb = m)
      gemm(NO_TRANS, TRANS, [n, k, m], g, m, w, m, gx, k);
    },
    dispose() {
      if (!closed) {
        closed = true;
        lib.close();
      }
    },
  };
}
