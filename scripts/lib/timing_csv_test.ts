import { ok as assert } from "node:assert/strict";
import { CsvError } from "../../core/csv.ts";
import { assertEquals, assertThrowsMessage } from "../../core/test_util.ts";
import { parseTimingCsv, timingSettings } from "./timing_csv.ts";

const HEAD = "hidden,activation,loss,backend,threads,step_ms,epoch_s";

Deno.test("parseTimingCsv reads depth from the hidden field; bad cells are named", () => {
  const rows = parseTimingCsv(
    `${HEAD}\n128,gelu,hinge,wasm,1,2.5,1.5\n256-128,gelu,hinge,wasm,2,6,3.6\n`,
    "t.csv",
  );
  assertEquals(rows.map((r) => [r.depth, r.hidden, r.threads, r.epochS]), [
    [1, "128", 1, 1.5],
    [2, "256-128", 2, 3.6],
  ]);
  assertEquals(timingSettings(rows), [{ backend: "wasm", threads: 1 }, {
    backend: "wasm",
    threads: 2,
  }]);
  const e = assertThrowsMessage(
    () => parseTimingCsv(`${HEAD}\n128,gelu,hinge,wasm,0,1,1\n`, "t.csv"),
    't.csv:2:5 (column "threads"): "0" is not an integer >= 1',
  );
  assert(e instanceof CsvError);
});
