import { assertEquals, assertThrowsMessage } from "../../core/test_util.ts";
import { fillTemplate, loadTemplates } from "./templates.ts";

Deno.test("fillTemplate fills slots and refuses missing or unused values", () => {
  const tpl = { a: "${x}", b: ["${y}", "keep ${x}"], c: { d: "${x}" } };
  assertEquals(fillTemplate(tpl, { x: [1, 2], y: { z: 1 } }), {
    a: [1, 2],
    b: [{ z: 1 }, "keep ${x}"],
    c: { d: [1, 2] },
  });
  assertThrowsMessage(() => fillTemplate(tpl, { x: 1 }, "t"), 't: placeholder "${y}" has no value');
  assertThrowsMessage(() => fillTemplate(tpl, { x: 1, y: 2, w: 3 }, "t"), "no slot for w");
});

Deno.test("the three committed templates load", async () => {
  const t = await loadTemplates();
  assertEquals(Object.keys(t), ["lines", "panels", "bars"]);
});
