/**
 * Which columns of a batch x[n×k] need computing. Columns constant over the batch (MNIST's blank
 * borders: ~270 of 784 at batch 100) with equal bits give equal rows of xᵀ·g, so only the first
 * of each value is computed and the others are copies, which is exact. The wasm xtg uses the
 * plan directly; the openblas backend packs the columns it keeps (openblas_columns.ts).
 */
import type { MatmulExports } from "./wasm_module.ts";
import type { WasmArena } from "./wasm_memory.ts";

/**
 * xtg skips repeated work when columns of x are constant over the batch: worth it from this
 * many columns.
 */
export const DEDUP_MIN_K = 64;
/** Rows per range of non-constant columns (a multiple of the 5- and 4-row tiles). */
const RANGE_ROWS = 40;

/**
 * Which output rows of xtg to compute: the first `ranges` blocks [rangeList[2d], rangeList[2d+1])
 * cover every column of x except `nDups` repeated constant columns, whose rows are copies:
 * gw[dups[2d], ·] = gw[dups[2d+1], ·]. The three lists live in the arena's scratch room.
 */
export interface ColumnPlan {
  ranges: number;
  rangeList: Int32Array;
  nDups: number;
  dups: Int32Array;
  /** per repeated column, [column, packed index of its twin] (packed: the ranges' columns in order) */
  sums: Int32Array;
  /** the first constant column of each distinct value (a JS-side search list) */
  reps: Int32Array;
  /** packed index of each of those */
  repPacked: Int32Array;
  /** the `nRows` output rows to compute (what the ranges cover), in increasing order */
  rows: Int32Array;
  nRows: number;
}

/** Plans over one arena's scratch room; a plan is valid until the next plan(). */
export class ColumnPlanner {
  readonly #mem: WasmArena;
  readonly #ex: MatmulExports;
  /** one reused plan per k (no per-step allocation) */
  readonly #plans = new Map<number, ColumnPlan>();

  constructor(mem: WasmArena, ex: MatmulExports) {
    this.#mem = mem;
    this.#ex = ex;
  }

  /**
   * Plans xtg over x[n×k] (a view on the arena) skipping repeated constant columns, or null
   * when not worth it (see DEDUP_MIN_K) or there is no scratch room.
   */
  plan(x: Float64Array, n: number, k: number): ColumnPlan | null {
    const mem = this.#mem;
    // scratch: a byte mask of the k columns, then the range, copy and sum lists (2k i32 each)
    // and the row list (k i32)
    const maskEnd = mem.scratchByte + Math.ceil(k / 16) * 16;
    if (!(k >= DEDUP_MIN_K && n >= 2 && maskEnd + 28 * k <= mem.scratchEnd)) return null;
    const px = mem.ptr("x", x, n * k);
    // mask[p] = 1 where column p of x is constant over the n rows
    this.#ex.const_cols(px, n, k, mem.scratchByte);
    const plan = this.#listsFor(k, maskEnd);
    this.#fill(plan, px >> 2, k, maskEnd);
    return plan;
  }

  /** Fills the repeated constant columns' rows of gw[k×m] from their computed twins. */
  copyRepeatedRows(plan: ColumnPlan, gw: Float64Array, m: number): void {
    this.#ex.copy_rows(gw.byteOffset, m, plan.dups.byteOffset, plan.nDups);
  }

  /** The plan for k columns, its lists placed in scratch after the mask. */
  #listsFor(k: number, maskEnd: number): ColumnPlan {
    let plan = this.#plans.get(k);
    if (plan === undefined) {
      const buffer = this.#mem.buffer;
      const rangeList = new Int32Array(buffer, maskEnd, 2 * k);
      const dups = new Int32Array(buffer, maskEnd + 8 * k, 2 * k);
      const sums = new Int32Array(buffer, maskEnd + 16 * k, 2 * k);
      const rows = new Int32Array(buffer, maskEnd + 24 * k, k);
      const reps = new Int32Array(k), repPacked = new Int32Array(k);
      plan = { ranges: 0, rangeList, nDups: 0, dups, sums, reps, repPacked, rows, nRows: 0 };
      this.#plans.set(k, plan);
    }
    return plan;
  }

  /**
   * Walks the mask: runs of varying columns become ranges of RANGE_ROWS, the first constant
   * column of each bit pattern a range of one, later ones copies. xi: i32 index of x[0, 0].
   */
  #fill(plan: ColumnPlan, xi: number, k: number, maskEnd: number): void {
    const { u8, i32 } = this.#mem, mask = this.#mem.scratchByte;
    const { reps, repPacked, rows } = plan;
    let ranges = 0, nDups = 0, nReps = 0, packedCount = 0;
    // i32 indices of the range, copy and sum lists
    const r0 = maskEnd >> 2, d0 = r0 + 2 * k, s0 = d0 + 2 * k;
    for (let p = 0; p < k;) {
      if (u8[mask + p] === 0) {
        let q = p;
        while (q < k && u8[mask + q] === 0) q++;
        for (let a = p; a < q; a++) rows[packedCount + a - p] = a;
        for (let a = p; a < q; a += RANGE_ROWS) {
          i32[r0 + 2 * ranges] = a;
          i32[r0 + 2 * ranges + 1] = Math.min(a + RANGE_ROWS, q);
          ranges++;
        }
        packedCount += q - p;
        p = q;
        continue;
      }
      // a constant column: the first one with these bits is computed, later ones copied
      const lo = i32[xi + 2 * p], hi = i32[xi + 2 * p + 1];
      let r = 0;
      while (r < nReps && !(i32[xi + 2 * reps[r]] === lo && i32[xi + 2 * reps[r] + 1] === hi)) r++;
      if (r === nReps) {
        reps[nReps] = p;
        rows[packedCount] = p;
        repPacked[nReps++] = packedCount++;
        i32[r0 + 2 * ranges] = p;
        i32[r0 + 2 * ranges + 1] = p + 1;
        ranges++;
      } else {
        i32[d0 + 2 * nDups] = p;
        i32[d0 + 2 * nDups + 1] = reps[r];
        i32[s0 + 2 * nDups] = p;
        i32[s0 + 2 * nDups + 1] = repPacked[r];
        nDups++;
      }
      p++;
    }
    plan.ranges = ranges;
    plan.nDups = nDups;
    plan.nRows = packedCount;
  }
}
