import assert from "node:assert/strict";
import { assertRejectsMessage, assertThrowsMessage } from "../test_util.ts";
import {
  loadMatmulWasm,
  loadMatmulWasmSync,
  MATMUL_WASM_URL,
  readUrlBytes,
} from "./wasm_module.ts";

Deno.test("matmul.wasm loads from an http URL (mlpbench imported from a server) as from disk", async () => {
  const onDisk = await Deno.readFile(MATMUL_WASM_URL);
  const ac = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen() {} },
    (req) =>
      new URL(req.url).pathname === "/core/kernels/matmul.wasm"
        ? new Response(onDisk, { headers: { "content-type": "application/wasm" } })
        : new Response("not here", { status: 404 }),
  );
  try {
    const base = `http://127.0.0.1:${server.addr.port}/core/kernels/`;
    const url = new URL("matmul.wasm", base);
    // before any load, the synchronous path cannot fetch: it says what to do
    assertThrowsMessage(() => loadMatmulWasmSync(url), "not loaded yet", "loadMatmulWasm");
    const fetched = await loadMatmulWasm(false, url);
    assert.deepEqual(fetched, onDisk);
    assert.equal(loadMatmulWasmSync(url), fetched);
    // the shared variant is patched from the fetched bytes
    const shared = await loadMatmulWasm(true, url);
    assert.equal(shared.filter((b, i) => b !== onDisk[i]).length, 1);
    await assertRejectsMessage(() => readUrlBytes(new URL("gone.wasm", base)), "gone.wasm", "404");
  } finally {
    ac.abort();
    await server.finished;
  }
});

Deno.test("matmul.wasm from a file: URL, synchronously too (the engine's tanh)", () => {
  const bytes = loadMatmulWasmSync();
  assert.ok(WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>));
});
