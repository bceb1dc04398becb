import assert from "node:assert/strict";
import { listFiles } from "./walk.ts";

Deno.test("listFiles: every file below, relative and sorted; a missing folder has none", async () => {
  const dir = await Deno.makeTempDir({ prefix: "walk_" });
  try {
    await Deno.mkdir(`${dir}/b/c`, { recursive: true });
    await Deno.writeTextFile(`${dir}/b/c/x.csv`, "");
    await Deno.writeTextFile(`${dir}/a.txt`, "");
    await Deno.mkdir(`${dir}/empty`);
    assert.deepEqual(await listFiles(dir), ["a.txt", "b/c/x.csv"]);
    assert.deepEqual(await listFiles(`${dir}/nope`), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
