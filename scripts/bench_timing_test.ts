import { assertEquals, assertThrowsMessage } from "../core/test_util.ts";
import { benchJsonToTimingCsv } from "./bench_timing.ts";

Deno.test("bench_timing: bench JSON becomes per-step and per-epoch seconds", () => {
  const csv = benchJsonToTimingCsv({
    benches: [{
      name: "epoch hidden=256-128 activation=gelu loss=hinge backend=wasm threads=2 steps=10",
      results: [{ ok: { avg: 25_000_000, n: 15 } }],
    }],
  });
  assertEquals(
    csv,
    "hidden,activation,loss,backend,threads,step_ms,epoch_s\n256-128,gelu,hinge,wasm,2,2.5000,1.500\n",
  );
});

Deno.test("bench_timing: a failed bench or a name without parameters is an error", () => {
  assertThrowsMessage(
    () => benchJsonToTimingCsv({ benches: [{ name: "x steps=1", results: [{ failed: "boom" }] }] }),
    "x steps=1",
    "failed",
  );
  assertThrowsMessage(
    () =>
      benchJsonToTimingCsv({
        benches: [{ name: "epoch steps=1", results: [{ ok: { avg: 1, n: 1 } }] }],
      }),
    "hidden=",
  );
});
