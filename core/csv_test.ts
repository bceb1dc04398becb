import { ok as assert } from "node:assert/strict";
import { assertEquals, assertThrowsMessage } from "./test_util.ts";
import {
  CsvError,
  formatCsv,
  formatRunCsv,
  parseNumberCell,
  parseRunCsv,
  readCsvTable,
} from "./csv.ts";

function assertCsvError(fn: () => unknown, part: string) {
  const e = assertThrowsMessage(fn, part);
  assert(e instanceof CsvError, `expected CsvError, got ${e.name}`);
}

const HEAD = "epoch,train_loss,train_acc,window_loss,window_acc,test_loss,test_acc,seconds";

Deno.test("parseRunCsv reads numbers, NaN and ±Infinity, and reads back formatRunCsv", () => {
  const text =
    `${HEAD}\n0,1.5,0.5,2,0.25,3,0.125,1.25\n1,NaN,0.1,Infinity,0.1,-Infinity,0.1,1e-3\n`;
  const rows = parseRunCsv(text, "x.csv");
  assertEquals(rows[0], {
    epoch: 0,
    trainLoss: 1.5,
    trainAcc: 0.5,
    windowLoss: 2,
    windowAcc: 0.25,
    testLoss: 3,
    testAcc: 0.125,
    seconds: 1.25,
  });
  assert(Number.isNaN(rows[1].trainLoss));
  assertEquals([rows[1].windowLoss, rows[1].testLoss, rows[1].seconds], [
    Infinity,
    -Infinity,
    1e-3,
  ]);
  assertEquals(parseRunCsv(formatRunCsv(rows), "y.csv"), rows);
});

Deno.test("parseRunCsv errors name file, line and column", () => {
  assertCsvError(
    () => parseRunCsv(`${HEAD}\n0,1,1,1,1,1,1,1\n\n1,1,1,1,abc,1,1,1\n`, "runs/a.csv"),
    'runs/a.csv:4:5 (column "window_acc"): "abc" is not a number',
  );
  assertCsvError(() => parseRunCsv(`${HEAD}\n0,1,1\n`, "b.csv"), "b.csv:2: 3 fields");
  assertCsvError(() => parseRunCsv("epoch,loss\n0,1\n", "c.csv"), 'c.csv:1: header "epoch,loss"');
  assertCsvError(
    () => parseRunCsv(`${HEAD}\n0,1,1,1,1,1,1,1\n2,1,1,1,1,1,1,1\n`, "d.csv"),
    'd.csv:3:1 (column "epoch"): 2, expected 1',
  );
  assertCsvError(() => parseRunCsv("", "e.csv"), "e.csv: empty file");
});

Deno.test("numbers are strict: what String(x) writes, nothing else", () => {
  assertEquals(["1", "-0.5", "1e-3", ".5", "NaN", "Infinity", "-Infinity"].map(parseNumberCell), [
    1,
    -0.5,
    1e-3,
    0.5,
    NaN,
    Infinity,
    -Infinity,
  ]);
  for (const bad of ["", "inf", "nan", "0x10", "1,0", "abc"]) {
    assertEquals(parseNumberCell(bad), undefined, bad);
  }
});

Deno.test("readCsvTable handles quoted fields and CRLF; formatCsv quotes only when needed", () => {
  const t = readCsvTable('a,b\r\n"x,1","say ""hi"""\r\n', "q.csv");
  assertEquals(t.header, ["a", "b"]);
  assertEquals(t.rows[0].cells, ["x,1", 'say "hi"']);
  assertCsvError(() => readCsvTable('a\n"open\n', "q.csv"), "q.csv:2:1: unterminated");
  assertCsvError(() => readCsvTable('a,b\n"x"y,1\n', "q.csv"), 'q.csv:2:4: expected ","');
  const text = formatCsv(["a", "b"], [["x,1", 'say "hi"'], ["plain", ""]]);
  assertEquals(text, 'a,b\n"x,1","say ""hi"""\nplain,\n');
  assertEquals(readCsvTable(text, "r.csv").rows.map((r) => r.cells), [
    ["x,1", 'say "hi"'],
    ["plain", ""],
  ]);
});
