import assert from "node:assert/strict";
import { join } from "node:path";
import { isExperimentFile, loadExperimentFiles, studyOrder } from "./mod.ts";

Deno.test("every experiments/*.ts but mod, schema, tests and _helpers is an experiment file", () => {
  assert.deepEqual(
    ["a.ts", "mod.ts", "schema.ts", "a_test.ts", "_shared.ts", "report_tables.csv"].filter(
      isExperimentFile,
    ),
    ["a.ts"],
  );
  assert.deepEqual(studyOrder(["z.ts", "stability.ts", "a.ts", "one_hidden.ts"]), [
    "one_hidden.ts",
    "stability.ts",
    "a.ts",
    "z.ts",
  ]);
});

Deno.test("loadExperimentFiles finds a new file without any registration", async () => {
  const dir = await Deno.makeTempDir({ prefix: "experiments_" });
  try {
    const schema = new URL("./schema.ts", import.meta.url).href;
    await Deno.writeTextFile(
      join(dir, "new_one.ts"),
      `import type { ExperimentFile } from "${schema}";\nexport default [] satisfies ExperimentFile;\n`,
    );
    await Deno.writeTextFile(join(dir, "_helper.ts"), "export const x = 1;\n");
    const files = await loadExperimentFiles(dir);
    assert.deepEqual(Object.keys(files), [`${dir.split("/").pop()}/new_one.ts`]);
    assert.deepEqual(files[Object.keys(files)[0]], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the repository's experiment files, in the study's order", async () => {
  assert.deepEqual(Object.keys(await loadExperimentFiles()), [
    "experiments/one_hidden.ts",
    "experiments/two_hidden.ts",
    "experiments/sweeps.ts",
    "experiments/stability.ts",
    "experiments/envelope.ts",
  ]);
});
