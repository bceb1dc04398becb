import assert from "node:assert/strict";
import { join } from "node:path";
import { writeTextAtomic } from "./atomic.ts";

Deno.test("writeTextAtomic creates folders, replaces content and leaves no temp files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "a", "b", "out.csv");
    await writeTextAtomic(path, "first\n");
    assert.deepEqual(await Deno.readTextFile(path), "first\n");
    await Promise.all([writeTextAtomic(path, "x\n"), writeTextAtomic(path, "second\n")]);
    assert.deepEqual(["x\n", "second\n"].includes(await Deno.readTextFile(path)), true);
    const names = [...Deno.readDirSync(join(dir, "a", "b"))].map((e) => e.name);
    assert.deepEqual(names, ["out.csv"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeTextAtomic failing on rename keeps the old file and removes its temp", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // A folder in the target's place makes the rename fail after the temp was written.
    const path = join(dir, "taken");
    await Deno.mkdir(join(path, "inner"), { recursive: true });
    await assert.rejects(() => writeTextAtomic(path, "data"));
    const names = [...Deno.readDirSync(dir)].map((e) => e.name);
    assert.deepEqual(names, ["taken"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
