import assert from "node:assert/strict";
import { decodeView, defaultView, encodeView } from "./state.js";

const IDS = new Set(["one_hidden/gelu-hinge", "sweep_lr/lr=0.1"]);

Deno.test("the default view is the empty hash", () => {
  assert.equal(encodeView(defaultView()), "");
  assert.deepEqual(decodeView("", IDS), defaultView());
});

Deno.test("a view round-trips through the hash, keys in a fixed order", () => {
  const v = {
    ...defaultView(),
    runs: ["sweep_lr/lr=0.1", "one_hidden/gelu-hinge"],
    metric: "loss" as const,
    src: ["test" as const, "window" as const],
    layout: "facet" as const,
    log: true,
    smooth: 0.6,
    q: "/relu|gelu/ hinge",
    sort: "acc",
    desc: true,
    preset: "one_hidden/overlay-test_loss",
  };
  const hash = encodeView(v);
  assert.match(hash, /^preset=.*&runs=.*&metric=loss&src=test%2Cwindow&layout=facet&log=1/);
  assert.deepEqual(decodeView(`#${hash}`, IDS), v);
  const t = { ...defaultView(), chart: "timing" as const, timing: "wasm-t2" };
  assert.deepEqual(decodeView(encodeView(t), IDS), t);
});

Deno.test("decodeView: unknown runs, bad values and duplicates fall back", () => {
  const v = decodeView(
    "runs=nope,sweep_lr%2Flr%3D0.1,sweep_lr%2Flr%3D0.1&metric=x&src=zz&smooth=7&log=yes",
    IDS,
  );
  assert.deepEqual(v.runs, ["sweep_lr/lr=0.1"]);
  assert.equal(v.metric, "acc");
  assert.deepEqual(v.src, ["test"]);
  assert.equal(v.smooth, 0.99);
  assert.equal(v.log, false);
});
