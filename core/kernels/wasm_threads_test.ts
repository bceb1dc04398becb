import assert from "node:assert/strict";
import { assertThrowsMessage } from "../test_util.ts";
import { CHUNKS_PER_JOB, NATIVE_CHUNKS_PER_JOB, WorkSharing } from "./wasm_threads.ts";
import type { ChunkRunner } from "./wasm_jobs.ts";

const memory = () => new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });

Deno.test("WorkSharing: chunks per job validated where they enter", () => {
  const run: ChunkRunner = () => {};
  for (const bad of [0, -1, 1.5, NaN]) {
    assertThrowsMessage(
      () => new WorkSharing(run, memory(), bad),
      "chunksPerJob must be an integer >= 1",
      `got ${bad}`,
    );
  }
  assert.equal(CHUNKS_PER_JOB, 8);
  assert.equal(NATIVE_CHUNKS_PER_JOB, 2);
});

Deno.test("WorkSharing without a worker runs a job here, whole, split or not", () => {
  const calls: [number, boolean, number, number][] = [];
  const run: ChunkRunner = (op, _a, _f, byCols, lo, hi) => void calls.push([op, byCols, lo, hi]);
  const jobs = new WorkSharing(run, memory(), NATIVE_CHUNKS_PER_JOB);
  assert.equal(jobs.threads, 1);
  jobs.run(3, 100, true, 16, true);
  jobs.run(4, 7, false, 2, false);
  jobs.background(5, 9, false, 1);
  jobs.join();
  assert.deepEqual(calls, [[3, true, 0, 100], [4, false, 0, 7], [5, false, 0, 9]]);
});
