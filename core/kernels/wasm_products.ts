/**
 * The three products in the wasm module (wasm_gen.ts), bit-identical to the reference kernels,
 * split between two threads from DEFAULT_SPLIT_THRESHOLD multiply-adds when there is a worker.
 * Both first-layer products use MNIST's blank border (column_plan.ts): xtg computes one row per
 * repeated constant column, xw starts every row from the constant leading columns' sums.
 */
import { ColumnPlanner, DEDUP_MIN_K } from "./column_plan.ts";
import type { Kernels } from "./kernels.ts";
import { DEFAULT_WAT_OPTIONS as TILES } from "./wasm_gen.ts";
import { OP } from "./wasm_jobs.ts";
import { checkSizes, type WasmArena } from "./wasm_memory.ts";
import type { MatmulExports } from "./wasm_module.ts";
import type { WorkSharing } from "./wasm_threads.ts";

/**
 * Products from 100k multiply-adds on are split. The 128×10 layers at batch 100 (128k, 20-30 µs
 * each) gained 4-6% per 2-thread step when split (since waiting threads spin before sleeping);
 * far smaller ones would cost more in hand-offs (~2 µs each) than they save.
 */
export const DEFAULT_SPLIT_THRESHOLD = 100_000;

/**
 * The native products are 2-3 times faster, so a hand-off costs them more: the 128×10 layers
 * (128k multiply-adds, ~10 µs) were slower split, and stay on the calling thread.
 */
export const NATIVE_SPLIT_THRESHOLD = 400_000;

/** xw starts after the constant leading columns of x from this many on (else from column 0). */
export const PREFIX_MIN_K = 4;

/** Output rows and columns a chunk of each product should hold whole (its register tiles). */
export interface TileLayout {
  xw: { rows: number; cols: number };
  xtg: { rows: number; cols: number };
  gwt: { rows: number; cols: number };
}

/** The wasm module's register tiles (wasm_gen.ts): chunk edges fall on whole tiles. */
export const WASM_LAYOUT: TileLayout = {
  xw: { rows: TILES.xw.rows, cols: 2 * TILES.xw.pairs },
  xtg: { rows: TILES.xtg.rows, cols: 2 * TILES.xtg.pairs },
  gwt: { rows: TILES.gwt.rows, cols: 2 * TILES.gwt.pairs },
};

/** How another set of product calls (native_calls.ts) runs under these products. */
export interface ProductVariant {
  layout: TileLayout;
  /** Prepares gwt's w operand (e.g. wᵀ) from w at byte offset pw; returns its byte offset. */
  gwtOperand?: (pw: number, k: number, m: number) => number;
  /**
   * xtg's planned rows as one list in whole register tiles (OP.xtgRows: the calls have
   * xtg_rows), instead of blocks of consecutive rows (OP.xtgRanges), whose short blocks waste
   * the register tile and make uneven chunks.
   */
  rowList?: boolean;
}

/**
 * The products on `mem` (every array must be a view on it), jobs run through `jobs`, whose chunk
 * runner calls the wasm module's products unless `variant` describes others.
 */
export function createWasmProducts(
  mem: WasmArena,
  ex: MatmulExports,
  jobs: WorkSharing,
  splitThreshold: number = DEFAULT_SPLIT_THRESHOLD,
  variant: ProductVariant = { layout: WASM_LAYOUT },
): Pick<Kernels, "xw" | "xtg" | "gwt" | "xtgSgd"> {
  const planner = new ColumnPlanner(mem, ex);
  const args = jobs.args;
  // Per product: cut columns when the output is wide (each thread then reads part of w), else
  // rows; chunk edges fall on whole register tiles.
  const { xw: XW, xtg: XTG, gwt: GWT } = variant.layout;
  const products: Pick<Kernels, "xw" | "xtg" | "gwt" | "xtgSgd"> = {
    xw(x, w, b, out, n, k, m) {
      // out[n×m] = x[n×k] · w[k×m] + b[m]
      checkSizes(n, k, m);
      const px = mem.ptr("x", x, n * k), pw = mem.ptr("w", w, k * m);
      const pb = mem.ptr("b", b, m), po = mem.ptr("out", out, n * m);
      const k0 = constantPrefix(mem, ex, px, pw, n, k, m);
      const byCols = m >= 4 * XW.cols;
      args.pointers(px, pw, pb, po).product(n, k, m, n, m).prefix(k0, k0 > 0 ? mem.scratchByte : 0);
      const split = n * k * m >= splitThreshold;
      jobs.run(OP.xw, byCols ? m : n, byCols, byCols ? XW.cols : XW.rows, split);
    },
    xtg(x, g, gw, n, k, m) {
      // gw[k×m] = x[n×k]ᵀ · g[n×m]   (output rows are the k columns of x)
      checkSizes(n, k, m);
      const px = mem.ptr("x", x, n * k), pg = mem.ptr("g", g, n * m);
      const po = mem.ptr("gw", gw, k * m);
      const split = n * k * m >= splitThreshold;
      const plan = planner.plan(x, n, k);
      if (plan !== null && m > 0) {
        // the planned rows, then the repeated constant columns' rows as copies
        if (variant.rowList) {
          args.pointers(px, pg, po, plan.rows.byteOffset).product(n, k, m, 0, 0);
          jobs.run(OP.xtgRows, plan.nRows, false, XTG.rows, split);
        } else {
          args.pointers(px, pg, po, plan.rangeList.byteOffset).product(n, k, m, 0, 0);
          jobs.run(OP.xtgRanges, plan.ranges, false, 1, split, plan.ranges);
        }
        planner.copyRepeatedRows(plan, gw, m);
        return;
      }
      const byCols = k < 4 * XTG.rows;
      args.pointers(px, pg, po).product(n, k, m, k, m);
      jobs.run(OP.xtg, byCols ? m : k, byCols, byCols ? XTG.cols : XTG.rows, split);
    },
    gwt(g, w, gx, n, k, m) {
      // gx[n×k] = g[n×m] · w[k×m]ᵀ
      checkSizes(n, k, m);
      const pg = mem.ptr("g", g, n * m), pw = mem.ptr("w", w, k * m);
      const po = mem.ptr("gx", gx, n * k);
      const byCols = k >= 4 * GWT.cols;
      const operand = variant.gwtOperand ? variant.gwtOperand(pw, k, m) : pw;
      args.pointers(pg, operand, po).product(n, k, m, n, k);
      const split = n * k * m >= splitThreshold;
      jobs.run(OP.gwt, byCols ? k : n, byCols, byCols ? GWT.cols : GWT.rows, split);
    },
  };
  if (variant.rowList) products.xtgSgd = xtgSgd;
  return products;

  /** xtg with the momentum update fused into the planned rows (the row-list products only). */
  function xtgSgd(
    ...[x, g, gw, w, v, n, k, m, lr, mu, wd]: Parameters<NonNullable<Kernels["xtgSgd"]>>
  ): void {
    checkSizes(n, k, m);
    const pw = mem.ptr("w", w, k * m), pv = mem.ptr("v", v, k * m);
    const po = mem.ptr("gw", gw, k * m);
    const split = n * k * m >= splitThreshold;
    const plan = m > 0 ? planner.plan(x, n, k) : null;
    if (plan === null) {
      // nothing to fuse into: the product, then the update
      products.xtg(x, g, gw, n, k, m);
      args.pointers(pw, po, pv).sgd(lr, mu, wd);
      return jobs.run(OP.sgd, k * m, false, 2, split);
    }
    const px = mem.ptr("x", x, n * k), pg = mem.ptr("g", g, n * m);
    // gw's planned rows, each updating its w and v rows as it is written
    args.pointers(px, pg, po, plan.rows.byteOffset).product(n, k, m, 0, 0);
    args.weights(pw, pv).sgd(lr, mu, wd);
    jobs.run(OP.xtgRowsSgd, plan.nRows, false, XTG.rows, split);
    // the repeated constant columns' rows: each copied from its twin, then updated
    if (plan.nDups === 0) return;
    args.pointers(pw, po, pv, plan.dups.byteOffset).product(0, 0, m, 0, 0).sgd(lr, mu, wd);
    jobs.run(OP.sgdRows, plan.nDups, false, 1, split);
  }
}

/**
 * Leading columns of x[n×k] constant over the batch (MNIST's blank top rows: ~57 at batch 100)
 * give every row of x·w the same running sums: computes them once into scratch, pre[m], and
 * returns how many columns they cover (0: none worth it, xw starts from column 0).
 */
function constantPrefix(
  mem: WasmArena,
  ex: MatmulExports,
  px: number,
  pw: number,
  n: number,
  k: number,
  m: number,
): number {
  if (!(k >= DEDUP_MIN_K && n >= 2 && mem.scratchByte + 8 * m <= mem.scratchEnd)) return 0;
  const k0 = ex.const_prefix(px, n, k);
  if (k0 < PREFIX_MIN_K) return 0;
  ex.xw_prefix(px, pw, mem.scratchByte, k0, m);
  return k0;
}
