/**
 * Training batches into a network's input. A batch is gathered when it is needed (load), or,
 * where the backend can (Elementwise.gatherRowsInBackground, a second thread), while the batch
 * before it trains (prefetch), into the network's spare input buffer. Same bits either way: the
 * same bytes through the same table; only when the work happens changes.
 */
import { IMAGE_SIZE } from "./data/mnist.ts";
import type { Mlp } from "./network.ts";

/** Where a feeder's batches come from: rows `idx[from…]` (or `from…` when idx is null). */
export interface BatchSource {
  /** Pixel bytes, IMAGE_SIZE per row. */
  images: Uint8Array;
  /** One label per row. */
  labels: Uint8Array;
  /** Row order (a shuffled epoch), or null for rows in order. */
  idx: Int32Array | null;
  /** byte → input value (PIXEL_VALUES) */
  table: Float64Array;
}

/**
 * Feeds batches of `src` into `net`: load() puts a batch in net.x, prefetch() starts the next
 * one in net.spareX so the following load() only has to wait for it.
 *
 * @example
 * ```ts ignore
 * const feeder = new BatchFeeder(net, { images, labels, idx, table });
 * feeder.load(0, 100, y);                      // batch 0 in net.x, its labels in y
 * trainStep(net, spec, cfg, y, 100, result, feeder.prefetchNext);  // batch 1, meanwhile
 * feeder.load(100, 100, y);                    // the prefetched batch: no gather here
 * ```
 */
export class BatchFeeder {
  readonly #net: Mlp;
  readonly #src: BatchSource;
  /** the batch being gathered into net.spareX (from < 0: none) */
  #pendingFrom = -1;
  #pendingN = 0;
  /** the batch last loaded */
  #loadedFrom = 0;
  #loadedN = 0;

  constructor(net: Mlp, src: BatchSource) {
    this.#net = net;
    this.#src = src;
  }

  /** Rows in the source. */
  get rows(): number {
    return this.#src.labels.length;
  }

  /** Rows [from, from+n) of the source into net.x, and their labels into y. */
  load(from: number, n: number, y: Uint8Array): void {
    const { images, labels, idx, table } = this.#src;
    const prefetched = this.#pendingFrom === from && this.#pendingN === n;
    this.settle();
    if (prefetched) this.#net.swapInputs();
    // x[n×784] = table[images[rows]]
    else this.#net.ew.gatherRows(images, idx, from, n, IMAGE_SIZE, table, this.#net.x);
    for (let r = 0; r < n; r++) y[r] = labels[idx ? idx[from + r] : from + r];
    this.#loadedFrom = from;
    this.#loadedN = n;
  }

  /**
   * Starts the batch that follows the last one loaded (as many rows, cut at the source's end;
   * none after the last), as prefetch() would: made once, so a training step can call it
   * without allocating (trainStep's afterFirstLayer).
   */
  readonly prefetchNext = (): void => {
    const next = this.#loadedFrom + this.#loadedN, rows = this.rows;
    if (next < rows) this.prefetch(next, Math.min(this.#loadedN, rows - next));
  };

  /**
   * Starts gathering rows [from, from+n) into net.spareX where a second thread can, for the
   * next load(); does nothing where the backend has no background gather.
   */
  prefetch(from: number, n: number): void {
    const ew = this.#net.ew;
    if (!ew.gatherRowsInBackground) return;
    this.settle();
    const { images, idx, table } = this.#src;
    ew.gatherRowsInBackground(images, idx, from, n, IMAGE_SIZE, table, this.#net.spareX);
    this.#pendingFrom = from;
    this.#pendingN = n;
  }

  /** Waits for a prefetch in flight: call before changing the source's order. */
  settle(): void {
    if (this.#pendingFrom < 0) return;
    this.#pendingFrom = -1;
    this.#net.ew.join?.();
  }
}
