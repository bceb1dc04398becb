import { assertEquals } from "../../core/test_util.ts";
import { expandStudy } from "./experiments.ts";
import { depthLabel, pairLabel, runLabel } from "./labels.ts";

Deno.test("labels: pairs, networks, and runs as their section declares them", () => {
  assertEquals(pairLabel("gelu", "softmax_ce"), "GELU + softmax CE");
  assertEquals(depthLabel("256-128"), "Two hidden (784-256-128-10)");
  assertEquals(depthLabel([128]), "One hidden (784-128-10)");
  const { sections } = expandStudy({
    "experiments/x.ts": [
      { kind: "sweep", section: "s", name: "w={weightDecay}", key: "weightDecay", values: [2e-4] },
      {
        kind: "sweep",
        section: "t",
        label: "wd",
        name: "w={weightDecay}",
        key: "weightDecay",
        values: [0.02],
      },
      {
        kind: "grid",
        section: "g",
        name: "{activation}-{margin}",
        base: { loss: "hinge" },
        axes: { activation: ["relu"], margin: [2] },
      },
    ],
  });
  assertEquals(sections.map((s) => runLabel(s, s.runs[0])), [
    "weightDecay = 0.0002",
    "wd = 0.02",
    "ReLU + hinge, margin = 2",
  ]);
});
