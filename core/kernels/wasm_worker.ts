/**
 * Helper thread of the 2-thread wasm kernels: instantiates matmul.wasm on the shared arena
 * memory, then runs whatever block the main thread posts in the control block (see wasm.ts).
 */
import { CONTROL, invokeOp, OPS, SPIN_CHECKS } from "./wasm.ts";

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
  let fns;
  try {
    const module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    fns = OPS.map((op) => instance.exports[op] as (...args: number[]) => void);
  } catch (err) {
    scope.postMessage(`instantiate failed: ${(err as Error).message}`);
    return;
  }
  const ctl = new Int32Array(memory.buffer, controlByte, CONTROL.bytes / 4);
  scope.postMessage("ready");
  // Let the "ready" message leave before this thread starts blocking.
  await new Promise((resolve) => setTimeout(resolve, 0));
  let seen = Atomics.load(ctl, CONTROL.seq);
  for (;;) {
    // Spin briefly first: a wait/notify round trip costs tens of microseconds.
    let spins = 0;
    let seq = Atomics.load(ctl, CONTROL.seq);
    while (seq === seen) {
      if (++spins > SPIN_CHECKS) Atomics.wait(ctl, CONTROL.seq, seen);
      seq = Atomics.load(ctl, CONTROL.seq);
    }
    seen = seq;
    const op = ctl[CONTROL.op];
    if (op < 0) return;
    invokeOp(fns, op, ctl, CONTROL.args);
    Atomics.store(ctl, CONTROL.done, seq);
    Atomics.notify(ctl, CONTROL.done);
  }
};
