/**
 * Work sharing between the calling thread and one Worker (wasm_worker.ts) on the arena's shared
 * memory. A job's output is cut into chunks along one dimension (whole register tiles); both
 * threads claim chunks with a compare-and-swap until none is left, so a worker that wakes late
 * (or is descheduled on a busy machine) simply does fewer chunks. Each output element is
 * computed by exactly one thread, with the same operations, so 2 threads give the same bits as 1.
 */
import { ARG, ARG_SLOTS, type ChunkRunner, F64_SLOTS, JobArgs } from "./wasm_jobs.ts";
import { CONTROL_BYTES, type WasmArena } from "./wasm_memory.ts";
import type { NativeWidth } from "./native.ts";

/**
 * Control block (Int32 slots) at controlByte, the last CONTROL_BYTES of the memory.
 *
 * CLAIM = (tag << 16) | next chunk index. The tag (job sequence & 0x7fff) stops a late worker
 * from claiming a chunk of a newer job with stale arguments: the main thread closes CLAIM
 * (index 0xffff) before it rewrites the arguments, and opens it with the new tag afterwards.
 */
export const CONTROL = {
  // Slots written while the other thread polls get cache lines of their own (16 slots, 64
  // bytes): one shared line made every argument store of a job bounce between the two cores.
  /** job sequence number, bumped by the main thread to start a job (the worker polls it) */
  seq: 0,
  /** (tag << 16) | index of the next unclaimed chunk */
  claim: 16,
  /** chunks finished so far in the current job (the main thread polls it) */
  completed: 32,
  /** chunks the worker has run since creation (a statistic for tests and benchmarks) */
  workerChunks: 33,
  /** which job: an OP code, -1 quit */
  op: 48,
  /** 1: chunks cut the output columns, 0: the output rows (or elements) */
  byCols: 49,
  /** chunk length along that dimension */
  chunk: 50,
  /** number of chunks */
  chunks: 51,
  /** the F64_SLOTS float64 arguments, each as two i32 halves (low, high) */
  f64Args: 52,
  /** the ARG_SLOTS i32 arguments (wasm_jobs.ts, ARG) */
  args: 52 + 2 * F64_SLOTS,
  /**
   * threads inside Atomics.wait: a change of seq or completed is notified only when someone
   * sleeps, since a notify costs about a microsecond
   */
  sleepers: 80,
} as const;
if (CONTROL.args + ARG_SLOTS > CONTROL.sleepers || CONTROL.sleepers >= CONTROL_BYTES / 4) {
  throw new Error("control block too small");
}

/**
 * Checks (each followed by Atomics.pause, ~70 ns here) before a waiting thread sleeps in
 * Atomics.wait: ~0.7 ms, longer than any gap between two jobs of a training step (the loss and
 * the small layers run on the main thread alone), since a sleeping worker woke tens of
 * microseconds late for every job and turned the split memory-bound passes into losses.
 */
export const SPIN_CHECKS = 10_000;

/**
 * Chunks per job of the wasm kernels: enough to rebalance when one thread is slow, few enough to
 * stay cheap.
 */
export const CHUNKS_PER_JOB = 8;

/**
 * Chunks per job of the native kernels: one per thread. Their chunks are 2-3 times shorter, so
 * the per-chunk costs (a hand-off, a claim, the data a chunk reads again: each column chunk of
 * xw reads all of x) weigh more, and in halves each thread's columns share one read of every
 * strip of x. Measured side by side (blocks of steps interleaved in one process), 2 threads took
 * 0.60× of 1 thread with 8 chunks, 0.59× with 4 and 0.57–0.59× with 2; the wasm kernels were
 * best at 8 (0.54×, 0.57× with 2).
 */
export const NATIVE_CHUNKS_PER_JOB = 2;

const CLOSED = 0xffff;

/** f64 ↔ two i32 halves, so float arguments travel through the control block atomically. */
const F64_SCRATCH = new Float64Array(1);
const I32_OF_F64 = new Int32Array(F64_SCRATCH.buffer);

/** The control block at `controlByte` of the arena memory `buffer`, as Int32 slots. */
export function controlBlock(buffer: ArrayBufferLike, controlByte: number): Int32Array {
  return new Int32Array(buffer, controlByte, CONTROL_BYTES / 4);
}

/**
 * Claims and runs chunks of the job tagged `tag` until none is left (or the job changed).
 * Used by both threads; `a` and `f` are the thread's own scratch for the arguments.
 */
export function runChunks(
  run: ChunkRunner,
  ctl: Int32Array,
  tag: number,
  isWorker: boolean,
  a: Int32Array,
  f: Float64Array,
): void {
  // arguments are read with atomics, before the claim that validates them (see CONTROL)
  const op = Atomics.load(ctl, CONTROL.op);
  const byCols = Atomics.load(ctl, CONTROL.byCols) === 1;
  const chunk = Atomics.load(ctl, CONTROL.chunk);
  const chunks = Atomics.load(ctl, CONTROL.chunks);
  for (let i = 0; i < ARG_SLOTS; i++) a[i] = Atomics.load(ctl, CONTROL.args + i);
  for (let i = 0; i < F64_SLOTS; i++) {
    I32_OF_F64[0] = Atomics.load(ctl, CONTROL.f64Args + 2 * i);
    I32_OF_F64[1] = Atomics.load(ctl, CONTROL.f64Args + 2 * i + 1);
    f[i] = F64_SCRATCH[0];
  }
  const start = byCols ? a[ARG.c0] : a[ARG.r0];
  const end = byCols ? a[ARG.c1] : a[ARG.r1];
  for (;;) {
    const v = Atomics.load(ctl, CONTROL.claim);
    const index = v & 0xffff;
    if (v >>> 16 !== tag || index >= chunks) return;
    if (Atomics.compareExchange(ctl, CONTROL.claim, v, v + 1) !== v) continue;
    const lo = start + index * chunk;
    run(op, a, f, byCols, lo, Math.min(lo + chunk, end));
    if (isWorker) Atomics.add(ctl, CONTROL.workerChunks, 1);
    Atomics.add(ctl, CONTROL.completed, 1);
    wake(ctl, CONTROL.completed);
  }
}

/** Spins briefly, then sleeps, until ctl[slot] !== value; returns the new value. */
export function waitChange(ctl: Int32Array, slot: number, value: number): number {
  // a wait/notify round trip costs tens of microseconds, a short spin catches quick answers
  let spins = 0;
  for (;;) {
    const now = Atomics.load(ctl, slot);
    if (now !== value) return now;
    if (++spins > SPIN_CHECKS) {
      // counted before the wait re-checks the slot: a change made after the count is notified
      // (see wake), one made before it ends the wait at once
      Atomics.add(ctl, CONTROL.sleepers, 1);
      Atomics.wait(ctl, slot, value, 1000);
      Atomics.sub(ctl, CONTROL.sleepers, 1);
    } else Atomics.pause();
  }
}

/** After a change of `slot`: wakes the threads waiting on it, if any thread sleeps. */
export function wake(ctl: Int32Array, slot: number): void {
  if (Atomics.load(ctl, CONTROL.sleepers) !== 0) Atomics.notify(ctl, slot);
}

/** One control block per memory, so one live 2-thread kernel set per arena. */
const memoriesWithWorker = new WeakSet<WebAssembly.Memory>();

/**
 * Runs jobs on this thread, or shared with a worker when one was started: the main thread
 * writes a job into `args`, then run() executes it.
 */
export class WorkSharing {
  /** the next job's arguments */
  readonly args: JobArgs = new JobArgs();
  readonly #runHere: ChunkRunner;
  readonly #memory: WebAssembly.Memory;
  #worker: Worker | null = null;
  #ctl: Int32Array | null = null;
  #seq = 0;
  // this thread's copy of a shared job's arguments, as the worker has its own
  readonly #a = new Int32Array(ARG_SLOTS);
  readonly #f = new Float64Array(F64_SLOTS);
  /** tag of the background job not yet joined, or -1 */
  #pendingTag = -1;
  readonly #chunksPerJob: number;

  /**
   * Jobs run by `runHere` alone until start() gives them a worker; a shared job is cut into
   * `chunksPerJob` chunks unless run() says otherwise.
   */
  constructor(
    runHere: ChunkRunner,
    memory: WebAssembly.Memory,
    chunksPerJob: number = CHUNKS_PER_JOB,
  ) {
    if (!Number.isInteger(chunksPerJob) || chunksPerJob < 1) {
      throw new RangeError(
        `work sharing: chunksPerJob must be an integer >= 1, got ${chunksPerJob}`,
      );
    }
    this.#runHere = runHere;
    this.#memory = memory;
    this.#chunksPerJob = chunksPerJob;
  }

  /** Whether a worker shares the jobs. */
  get threads(): 1 | 2 {
    return this.#worker === null ? 1 : 2;
  }

  /** Chunks the worker has computed so far (the rest ran on the calling thread). */
  get workerChunks(): number {
    return this.#ctl ? Atomics.load(this.#ctl, CONTROL.workerChunks) : 0;
  }

  /**
   * Starts the worker on `mem` (shared), instantiating the same module `bytes` there.
   * Rejects when the arena already has one.
   */
  async start(mem: WasmArena, bytes: Uint8Array, native?: NativeChoice): Promise<void> {
    if (memoriesWithWorker.has(mem.memory)) {
      throw new Error(
        "wasm kernels: this arena already has live 2-thread kernels; dispose() them first",
      );
    }
    const ctl = controlBlock(mem.buffer, mem.controlByte);
    ctl.fill(0);
    ctl[CONTROL.claim] = CLOSED;
    const w = new Worker(new URL("./wasm_worker.ts", import.meta.url).href, { type: "module" });
    try {
      await workerReady(w, { bytes, memory: mem.memory, controlByte: mem.controlByte, native });
    } catch (err) {
      w.terminate();
      throw err;
    }
    memoriesWithWorker.add(mem.memory);
    this.#worker = w;
    this.#ctl = ctl;
  }

  /**
   * Runs job `op` (arguments in `args`) over [0, total) of rows or elements, or of columns when
   * byCols; with `split` and a worker, in chunks of a multiple of `align`, else here at once.
   * A split job first finishes a background job (see background()).
   */
  run(
    op: number,
    total: number,
    byCols: boolean,
    align: number,
    split: boolean,
    chunksPerJob: number = this.#chunksPerJob,
  ): void {
    const ctl = this.#ctl;
    if (!split || ctl === null) {
      return this.#runHere(op, this.args.i32, this.args.f64, byCols, 0, total);
    }
    this.join();
    const tag = this.#post(ctl, op, total, byCols, align, chunksPerJob);
    this.#finish(ctl, tag);
  }

  /**
   * Starts job `op` for the worker alone and returns at once, so this thread can go on with
   * other work (the next batch's gather while the small layers run here). Its output must not be
   * read, nor its inputs changed, until join(); the next split job joins it first. Without a
   * worker it runs here, now.
   */
  background(op: number, total: number, byCols: boolean, align: number): void {
    const ctl = this.#ctl;
    if (ctl === null) return this.#runHere(op, this.args.i32, this.args.f64, byCols, 0, total);
    this.join();
    this.#pendingTag = this.#post(ctl, op, total, byCols, align, this.#chunksPerJob);
  }

  /** Waits for the background job, if any, claiming its chunks the worker has not begun. */
  join(): void {
    const ctl = this.#ctl, tag = this.#pendingTag;
    if (ctl === null || tag < 0) return;
    this.#pendingTag = -1;
    this.#finish(ctl, tag);
  }

  /** Publishes a job for both threads to claim; returns its tag. */
  #post(
    ctl: Int32Array,
    op: number,
    total: number,
    byCols: boolean,
    align: number,
    chunksPerJob: number,
  ): number {
    const chunk = Math.max(1, Math.ceil(total / chunksPerJob / align)) * align;
    const chunks = Math.ceil(total / chunk);
    this.#seq = (this.#seq + 1) | 0;
    const tag = this.#seq & 0x7fff;
    // close claiming before the arguments change, reopen with the new tag after
    Atomics.store(ctl, CONTROL.claim, (tag << 16) | CLOSED);
    Atomics.store(ctl, CONTROL.op, op);
    Atomics.store(ctl, CONTROL.byCols, byCols ? 1 : 0);
    Atomics.store(ctl, CONTROL.chunk, chunk);
    Atomics.store(ctl, CONTROL.chunks, chunks);
    this.#storeArgs(ctl, byCols, total);
    Atomics.store(ctl, CONTROL.completed, 0);
    Atomics.store(ctl, CONTROL.claim, tag << 16);
    Atomics.store(ctl, CONTROL.seq, this.#seq);
    wake(ctl, CONTROL.seq);
    return tag;
  }

  /** Claims what is left of job `tag` here, then waits for the worker's chunks. */
  #finish(ctl: Int32Array, tag: number): void {
    runChunks(this.#runHere, ctl, tag, false, this.#a, this.#f);
    // every chunk is claimed now; wait for the ones the worker is still computing
    const chunks = Atomics.load(ctl, CONTROL.chunks);
    let done = Atomics.load(ctl, CONTROL.completed);
    while (done !== chunks) done = waitChange(ctl, CONTROL.completed, done);
  }

  /** Stops the worker, freeing the arena for another 2-thread kernel set. */
  dispose(): void {
    const ctl = this.#ctl;
    if (this.#worker === null || ctl === null) return;
    this.join();
    Atomics.store(ctl, CONTROL.op, -1);
    Atomics.store(ctl, CONTROL.seq, (this.#seq + 1) | 0);
    Atomics.notify(ctl, CONTROL.seq);
    this.#worker.terminate();
    this.#worker = null;
    memoriesWithWorker.delete(this.#memory);
  }

  /** Copies `args` into the control block, the chunked range being [0, total). */
  #storeArgs(ctl: Int32Array, byCols: boolean, total: number): void {
    const { i32, f64 } = this.args;
    for (let i = 0; i < ARG_SLOTS; i++) Atomics.store(ctl, CONTROL.args + i, i32[i]);
    Atomics.store(ctl, CONTROL.args + (byCols ? ARG.c0 : ARG.r0), 0);
    Atomics.store(ctl, CONTROL.args + (byCols ? ARG.c1 : ARG.r1), total);
    for (let i = 0; i < F64_SLOTS; i++) {
      F64_SCRATCH[0] = f64[i];
      Atomics.store(ctl, CONTROL.f64Args + 2 * i, I32_OF_F64[0]);
      Atomics.store(ctl, CONTROL.f64Args + 2 * i + 1, I32_OF_F64[1]);
    }
  }
}

/** What the worker gets to start (wasm_worker.ts). */
export interface WorkerStart {
  bytes: Uint8Array;
  memory: WebAssembly.Memory;
  controlByte: number;
  /** The native library and width its products run at (absent: the wasm module's). */
  native?: NativeChoice;
}

/** A native library and the vector width to run it at (native.ts). */
export interface NativeChoice {
  path: string;
  width: NativeWidth;
}

/** Posts the start message and waits for the worker's "ready" (or its failure). */
function workerReady(w: Worker, start: WorkerStart): Promise<void> {
  const ready = new Promise<void>((resolve, reject) => {
    w.onmessage = (e: MessageEvent) => {
      if (e.data === "ready") resolve();
      else reject(new Error(`wasm worker: ${String(e.data)}`));
    };
    w.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      reject(new Error(`wasm worker failed to start: ${e.message}`));
    };
    w.postMessage(start);
  });
  return ready.finally(() => (w.onmessage = null));
}
