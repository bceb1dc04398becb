/**
 * Constant-column compaction for the openblas backend, which may sum in its own order. Over a
 * batch x[n×k], equal constant columns (MNIST's blank borders: ~270 of 784 at batch 100) give
 * equal rows of xᵀ·g, and their terms of x·w add up to one column times the sum of their rows of
 * w. So BLAS runs on packed copies: x's varying columns plus the first constant column of each
 * value. The packing runs in the wasm module on the same arena (its column planner and copy
 * kernels).
 */
import { type ColumnPlan, ColumnPlanner } from "./column_plan.ts";
import { checkSize, checkSizes, type WasmArena } from "./wasm_memory.ts";
import type { MatmulExports } from "./wasm_module.ts";

/** Compaction is worth it from this share of columns skipped (else the copies cost more). */
export const COMPACT_MIN_SKIP = 1 / 8;

/**
 * Packs a batch's columns for BLAS. The packed arrays are arena scratch, valid until the next
 * pack(); packRows() and spread() refer to the last pack().
 */
export interface ColumnCompactor {
  /**
   * x[n×k]'s varying columns and first constant column of each value, packed [n×k']. Null when
   * fewer than a COMPACT_MIN_SKIP share of the columns would go, or the arena has no room.
   */
  pack(x: Float64Array, n: number, k: number): PackedColumns | null;
  /**
   * For x·w: w[k×m]'s rows of the packed columns, [k'×m], where a constant column's row is the
   * sum of w's rows over every column holding its value. Null when the arena has no room.
   */
  packRows(w: Float64Array, m: number): Float64Array | null;
  /**
   * For xᵀ·g: after gw[k×m]'s first k' rows were computed from the packed x, moves them to their
   * columns' rows and fills each repeated constant column's row from its twin.
   */
  spread(gw: Float64Array, m: number): void;
}

/** A packed batch: x's kept columns. */
export interface PackedColumns {
  /** [n×k'] */
  x: Float64Array;
  /** k' */
  k: number;
}

/** The compactor of an arena on which `ex` (matmul.wasm) is instantiated. */
export function createColumnCompactor(mem: WasmArena, ex: MatmulExports): ColumnCompactor {
  const planner = new ColumnPlanner(mem, ex);
  const arena = mem.arena;
  // scratch blocks claimed from the arena on first use for the whole shape (a packing's size
  // varies from batch to batch, and the arena cannot free), regrown while there is room
  const claim = (block: Float64Array, need: number, most: number): Float64Array | null => {
    if (block.length >= need) return block;
    const room = arena.capacity - arena.used - 2;
    return room >= most ? arena.alloc(most) : room >= need ? arena.alloc(need) : null;
  };
  let packedX: Float64Array = new Float64Array(0), packedW: Float64Array = new Float64Array(0);
  // the last pack()'s plan: k = its rangeList's pairs, k' = k − its repeated columns
  let packPlan: ColumnPlan | null = null;
  const lastPlan = (what: string): { plan: ColumnPlan; k: number; kept: number } => {
    const plan = packPlan;
    if (plan === null) throw new Error(`wasm columns: ${what}() needs a pack() before it`);
    const k = plan.rangeList.length / 2;
    return { plan, k, kept: k - plan.nDups };
  };
  return {
    pack(x, n, k) {
      packPlan = null;
      checkSizes(n, k, 0);
      const plan = planner.plan(x, n, k); // (checks that x lies on the arena)
      if (plan === null || plan.nDups < COMPACT_MIN_SKIP * k) return null;
      const kept = k - plan.nDups;
      const block = claim(packedX, n * kept, n * k);
      if (block === null) return null;
      packedX = block;
      // packedX[n×k'] = x[·, the ranges' columns]
      ex.copy_cols(x.byteOffset, n, k, plan.rangeList.byteOffset, plan.ranges, 1, block.byteOffset);
      packPlan = plan;
      return { x: block.subarray(0, n * kept), k: kept };
    },
    packRows(w, m) {
      const { plan, k, kept } = lastPlan("packRows");
      checkSize("m", m);
      const pw = mem.ptr("w", w, k * m);
      const block = claim(packedW, kept * m, k * m);
      if (block === null) return null;
      packedW = block;
      // packedW[k'×m] = w[the ranges' columns, ·], then += w's rows of the repeated columns
      ex.copy_cols(pw, 1, 0, plan.rangeList.byteOffset, plan.ranges, m, block.byteOffset);
      ex.add_rows(block.byteOffset, pw, m, plan.sums.byteOffset, plan.nDups);
      return block.subarray(0, kept * m);
    },
    spread(gw, m) {
      const { plan, k } = lastPlan("spread");
      checkSize("m", m);
      ex.spread_rows(mem.ptr("gw", gw, k * m), m, plan.rangeList.byteOffset, plan.ranges);
      planner.copyRepeatedRows(plan, gw, m);
    },
  };
}
