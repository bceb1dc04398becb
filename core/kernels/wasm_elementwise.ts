/**
 * The step's elementwise work in the wasm module (elementwise_gen.ts, gelu_gen.ts, exp_gen.ts),
 * bit-identical to jsElementwise; the long passes (sgd, gelu and sigmoid, the batch gather) are
 * shared with the worker when there is one.
 */
import type { Elementwise, GatherRows } from "./elementwise.ts";
import { OP } from "./wasm_jobs.ts";
import { checkSize, type WasmArena } from "./wasm_memory.ts";
import type { MatmulExports } from "./wasm_module.ts";
import type { WorkSharing } from "./wasm_threads.ts";

/** Element counts from which each kind of pass is split between two threads. */
export interface ElementwiseSplit {
  /** GELU's passes and the sigmoid forward */
  activation: number;
  sgd: number;
  gather: number;
}

/**
 * Elementwise passes shorter than this many elements stay on the calling thread: the
 * activations with exp or tanh (5-10 ns each) are worth splitting at a batch's 12,800 values, the
 * momentum update (~0.5 ns each) and the gather (~1 ns per pixel) only from a few batch rows.
 */
export const ELEMENTWISE_SPLIT: Readonly<ElementwiseSplit> = {
  activation: 2048,
  sgd: 16384,
  gather: 16384,
};

/** The elementwise ops on `mem` (every array must be a view on it), jobs run through `jobs`. */
export function createWasmElementwise(
  mem: WasmArena,
  ex: MatmulExports,
  jobs: WorkSharing,
  split: Readonly<ElementwiseSplit> = ELEMENTWISE_SPLIT,
): Elementwise {
  const args = jobs.args;
  return {
    sgd(p, g, v, lr, mu, wd) {
      // v = μ·v + (g + λ·p);  p = p − η·v
      const len = p.length;
      args.pointers(mem.ptr("p", p, len), mem.ptr("g", g, len), mem.ptr("v", v, len));
      args.sgd(lr, mu, wd);
      jobs.run(OP.sgd, len, false, 2, len >= split.sgd);
    },
    biasGrad(g, gb, n, m, mean) {
      // gb[m] = Σ_rows g[n×m]
      checkSize("n", n);
      checkSize("m", m);
      ex.bias_grad(mem.ptr("g", g, n * m), mem.ptr("gb", gb, m), n, m, 0, m, mean ? 1 : 0);
    },
    activationForward(kind, z, a, len) {
      // a[len] = act(z), in wasm (sigmoid: see wasm_jobs.ts); gelu and sigmoid split when long
      const pz = mem.ptr("z", z, len), pa = mem.ptr("a", a, len);
      if (kind === "relu") return ex.relu_fwd(pz, pa, 0, len);
      args.pointers(pz, pa, mem.expTable).activation(kind);
      jobs.run(OP.actForward, len, false, 2, len >= split.activation);
    },
    activationBackward(kind, profile, z, a, g, len) {
      // g[len] ← g ⊙ act'(z)
      const pz = mem.ptr("z", z, len), pa = mem.ptr("a", a, len), pg = mem.ptr("g", g, len);
      if (kind === "relu") return ex.relu_bwd(pz, pg, 0, len);
      if (kind === "sigmoid") return ex.sigmoid_bwd(pa, pg, 0, len);
      args.pointers(pz, pa, pg).activation(kind, profile);
      jobs.run(OP.actBackward, len, false, 2, len >= split.activation);
    },
    gatherRows(images, idx, from, n, dim, table, x) {
      // x[n×dim] = table[images[rows]]
      gatherArgs(images, idx, from, n, dim, table, x);
      jobs.run(OP.gather, n, false, 1, n * dim >= split.gather);
    },
    gatherRowsInBackground(images, idx, from, n, dim, table, x) {
      gatherArgs(images, idx, from, n, dim, table, x);
      if (n * dim >= split.gather) jobs.background(OP.gather, n, false, 1);
      else jobs.run(OP.gather, n, false, 1, false);
    },
    join: () => jobs.join(),
  };

  /** The gather's arguments, checked, into `args`. */
  function gatherArgs(...[images, idx, from, n, dim, table, x]: Parameters<GatherRows>): void {
    checkSize("from", from);
    checkSize("n", n);
    checkSize("dim", dim);
    const rows = idx ? idx.length : from + n;
    if (from + n > rows) {
      throw new RangeError(`wasm gather: rows ${from}..${from + n - 1} past ${rows} indices`);
    }
    const pi = mem.ptr("images", images, (idx ? 0 : rows) * dim);
    const pidx = idx ? mem.ptr("idx", idx, from + n) : 0;
    const pt = mem.ptr("table", table, 256), px = mem.ptr("x", x, n * dim);
    args.pointers(pi, pidx, pt, px).gather(!!idx, dim, from);
  }
}
