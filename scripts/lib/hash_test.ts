import assert from "node:assert/strict";
import { canonicalJson, configHash, sha256Hex } from "./hash.ts";
import { validateRunConfig } from "../../core/config.ts";

Deno.test("canonicalJson sorts keys at every level and drops undefined", () => {
  assert.deepEqual(
    canonicalJson({ b: 1, a: { d: [2, { z: 0, y: "s" }], c: undefined } }),
    '{"a":{"d":[2,{"y":"s","z":0}]},"b":1}',
  );
  assert.deepEqual(canonicalJson({ x: 1, y: 2 }), canonicalJson({ y: 2, x: 1 }));
  assert.throws(() => canonicalJson({ x: NaN }), /NaN is not representable/);
});

Deno.test("sha256Hex matches the known digest of 'abc'", async () => {
  assert.deepEqual(
    await sha256Hex("abc"),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
});

Deno.test("configHash depends on config values and engine version, not key order", async () => {
  const a = validateRunConfig({ learningRate: 0.01, batchSize: 50 });
  const b = validateRunConfig({ batchSize: 50, learningRate: 0.01 });
  const c = validateRunConfig({ batchSize: 50, learningRate: 0.001 });
  assert.deepEqual(await configHash(a), await configHash(b));
  assert.notDeepEqual(await configHash(a), await configHash(c));
  assert.notDeepEqual(await configHash(a, "1"), await configHash(a, "2"));
  assert.deepEqual((await configHash(a)).length, 64);
});
