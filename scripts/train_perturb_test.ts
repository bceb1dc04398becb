/** `deno task train --perturb k`: the flag sets the noise envelope's config key. */
import assert from "node:assert/strict";
import { parseTrainArgs } from "./train.ts";
import { assertThrowsMessage } from "../core/test_util.ts";

Deno.test("train --perturb k sets perturb; 0 or absent leaves the reference config", () => {
  assert.equal(parseTrainArgs(["--perturb", "3"]).cfg.perturb, 3);
  assert.equal(parseTrainArgs(["--perturb", "0"]).cfg.perturb, undefined);
  assert.deepEqual(parseTrainArgs(["--perturb", "0"]).cfg, parseTrainArgs([]).cfg);
  assertThrowsMessage(() => parseTrainArgs(["--perturb", "-2"]), "--perturb -2", "integer >= 0");
});
