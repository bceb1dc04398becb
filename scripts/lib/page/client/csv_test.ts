import assert from "node:assert/strict";
import { parseRunColumns, selectedRunsCsv } from "./csv.js";

const CSV = "epoch,train_loss,test_acc\n0,0.5,0.9\n1,NaN,Infinity\n";

Deno.test("parseRunColumns reads every column, NaN and Infinity included", () => {
  const { header, columns } = parseRunColumns(CSV);
  assert.deepEqual(header, ["epoch", "train_loss", "test_acc"]);
  assert.deepEqual(columns.epoch, [0, 1]);
  assert.deepEqual(columns.train_loss, [0.5, NaN]);
  assert.deepEqual(columns.test_acc, [0.9, Infinity]);
});

Deno.test("selectedRunsCsv: one header with a run column, rows as in each file", () => {
  const text = selectedRunsCsv([{ id: "a/x", csv: CSV }, {
    id: "b/y,z",
    csv: "epoch,train_loss,test_acc\n0,1,2\n",
  }]);
  assert.equal(
    text,
    'run,epoch,train_loss,test_acc\na/x,0,0.5,0.9\na/x,1,NaN,Infinity\n"b/y,z",0,1,2\n',
  );
  assert.equal(selectedRunsCsv([]), "");
});
