/**
 * Helper thread of the 2-thread wasm kernels: instantiates matmul.wasm on the shared arena
 * memory, then claims chunks of every job the main thread posts (protocol in wasm.ts, CONTROL).
 */
import {
  ARG_SLOTS,
  type ChunkRunner,
  chunkRunner,
  CONTROL,
  runChunks,
  waitChange,
} from "./wasm.ts";

interface Start {
  bytes: Uint8Array;
  memory: WebAssembly.Memory;
  controlByte: number;
}

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<Start>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = async (e: MessageEvent<Start>) => {
  scope.onmessage = null;
  const { bytes, memory, controlByte } = e.data;
  let run: ChunkRunner;
  try {
    const module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    run = chunkRunner(instance.exports, memory);
  } catch (err) {
    scope.postMessage(`instantiate failed: ${(err as Error).message}`);
    return;
  }
  const ctl = new Int32Array(memory.buffer, controlByte, CONTROL.bytes / 4);
  const a = new Int32Array(ARG_SLOTS), f = new Float64Array(3);
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
