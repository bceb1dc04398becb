import assert from "node:assert/strict";
import { WorkerPool } from "./pool.ts";
import type { FakeJob } from "./fake_worker.ts";

const FAKE = new URL("./fake_worker.ts", import.meta.url);

Deno.test("pool runs every job, in parallel up to its size, and forwards progress", async () => {
  const pool = new WorkerPool<FakeJob, number>(FAKE, 2);
  try {
    const steps: string[] = [];
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((v) =>
        pool.run({ value: v, steps: 2, delayMs: 5 }, (m) => steps.push(`${v}:${m.step}`))
      ),
    );
    assert.deepEqual(results, [2, 4, 6, 8, 10]);
    assert.equal(steps.length, 10);
    for (const v of [1, 2, 3, 4, 5]) assert.ok(steps.indexOf(`${v}:1`) < steps.indexOf(`${v}:2`));
  } finally {
    pool.close();
  }
});

Deno.test("a job error or a worker crash fails that job only; the pool carries on", async () => {
  const pool = new WorkerPool<FakeJob, number>(FAKE, 2);
  try {
    const outcomes = await Promise.allSettled([
      pool.run({ value: 1 }),
      pool.run({ value: 2, fail: "bad input 2" }),
      pool.run({ value: 3, crash: "boom in 3" }),
      pool.run({ value: 4, steps: 1 }),
      pool.run({ value: 5 }),
    ]);
    const shown = outcomes.map((o) => o.status === "fulfilled" ? o.value : String(o.reason));
    assert.equal(shown[0], 2);
    assert.equal(shown[1], "JobError: bad input 2");
    assert.match(String(shown[2]), /^JobError: worker crashed: .*boom in 3/);
    assert.deepEqual(shown.slice(3), [8, 10]);
  } finally {
    pool.close();
  }
});

Deno.test("pool size must be a positive integer; a closed pool rejects", async () => {
  assert.throws(() => new WorkerPool(FAKE, 0), /pool size = 0: expected an integer >= 1/);
  const pool = new WorkerPool<FakeJob, number>(FAKE, 1);
  pool.close();
  await assert.rejects(pool.run({ value: 1 }), /pool is closed/);
});
