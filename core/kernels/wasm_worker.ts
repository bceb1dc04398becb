/**
 * Helper thread of the 2-thread wasm (or native) kernels: instantiates matmul.wasm on the shared
 * arena memory (and opens the native library when the products are native), then claims chunks
 * of every job the main thread posts (protocol in wasm_threads.ts).
 */
import { ARG_SLOTS, type ChunkRunner, chunkRunner, F64_SLOTS } from "./wasm_jobs.ts";
import { instantiateMatmul } from "./wasm_module.ts";
import { openNative } from "./native.ts";
import { nativeKernelCalls } from "./native_calls.ts";
import { CONTROL, controlBlock, runChunks, waitChange, type WorkerStart } from "./wasm_threads.ts";

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<WorkerStart>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = async (e: MessageEvent<WorkerStart>) => {
  scope.onmessage = null;
  const { bytes, memory, controlByte, native } = e.data;
  let run: ChunkRunner;
  try {
    const ex = await instantiateMatmul(bytes, memory);
    // the same products as the main thread: the native library's when it runs them
    const products = native ? nativeKernelCalls(openNative(native, native.width), memory) : ex;
    run = chunkRunner(ex, memory, products);
  } catch (err) {
    scope.postMessage(`instantiate failed: ${(err as Error).message}`);
    return;
  }
  const ctl = controlBlock(memory.buffer, controlByte);
  const a = new Int32Array(ARG_SLOTS), f = new Float64Array(F64_SLOTS);
  let seen = Atomics.load(ctl, CONTROL.seq);
  scope.postMessage("ready");
  // let the "ready" message leave before this thread starts blocking
  await new Promise((resolve) => setTimeout(resolve, 0));
  for (;;) {
    // a late wake-up may skip whole jobs: the main thread claims their chunks itself
    seen = waitChange(ctl, CONTROL.seq, seen);
    if (Atomics.load(ctl, CONTROL.op) < 0) return;
    runChunks(run, ctl, seen & 0x7fff, true, a, f);
  }
};
