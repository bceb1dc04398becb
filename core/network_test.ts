/**
 * Finite-difference gradient checks of every layer and loss (textbook profile), and one test per
 * author quirk showing the documented behaviour.
 */
import { assertClose, assertEquals } from "./test_util.ts";
import { ACTIVATIONS, LOSSES, type RunConfig, validateRunConfig } from "./config.ts";
import {
  activationBackward,
  activationForward,
  gelu,
  GELU_DELTA,
  geluDerivative,
} from "./activations.ts";
import { lossForwardBackward } from "./losses.ts";
import { Arena } from "./kernels/arena.ts";
import { referenceKernels } from "./kernels/reference.ts";
import { Mlp } from "./network.ts";
import { RandomState } from "./rng.ts";

const INPUTS = 6;
const N = 3;

function tinyNet(cfg: RunConfig): Mlp {
  const net = new Mlp(
    cfg,
    new Arena(Mlp.arenaCapacity(cfg, INPUTS)),
    referenceKernels,
    new RandomState(7),
    INPUTS,
  );
  // larger weights than the study's 0.01 so every path carries signal
  for (const L of net.layers) {
    for (let i = 0; i < L.w.length; i++) L.w[i] *= 40;
    for (let j = 0; j < L.b.length; j++) L.b[j] = 0.1 * Math.sin(j + 1);
  }
  for (let i = 0; i < N * INPUTS; i++) net.x[i] = Math.sin(1.3 * i + 0.4);
  return net;
}

const LABELS = [3, 0, 7];

function lossOf(net: Mlp, cfg: RunConfig): number {
  const y = net.forward(N);
  return lossForwardBackward(cfg, y, LABELS, N, null).value;
}

for (const hidden of [[5], [5, 4]]) {
  for (const activation of ACTIVATIONS) {
    for (const loss of LOSSES) {
      Deno.test(`gradcheck (textbook): ${hidden.join("-")} ${activation} + ${loss}`, () => {
        const cfg = validateRunConfig({
          hidden,
          activation,
          loss,
          profile: "textbook",
          batchSize: N,
          margin: 1,
        });
        const net = tinyNet(cfg);
        const y = net.forward(N);
        lossForwardBackward(cfg, y, LABELS, N, net.outputGrad);
        net.backward(N);
        const h = 1e-6;
        let checked = 0;
        for (const L of net.layers) {
          for (const [p, g] of [[L.w, L.gw], [L.b, L.gb]] as const) {
            const grads = Float64Array.from(g);
            for (let i = 0; i < p.length; i += Math.max(1, Math.floor(p.length / 7))) {
              const keep = p[i];
              p[i] = keep + h;
              const up = lossOf(net, cfg);
              p[i] = keep - h;
              const down = lossOf(net, cfg);
              p[i] = keep;
              const numeric = (up - down) / (2 * h);
              // absolute floor: hinge is piecewise linear, relu has kinks; both far from them here
              if (Math.abs(numeric) < 1e-7 && Math.abs(grads[i]) < 1e-7) continue;
              assertClose(grads[i], numeric, 1e-5, `param ${i} of a ${L.inDim}x${L.outDim} layer:`);
              checked++;
            }
          }
        }
        assertEquals(checked > 10, true, `only ${checked} gradient entries were non-zero`);
      });
    }
  }
}

Deno.test("gradcheck: activation derivatives match central differences", () => {
  const xs = Float64Array.from({ length: 41 }, (_, i) => -4 + 0.2 * i + 0.013);
  for (const kind of ACTIVATIONS) {
    const a = new Float64Array(xs.length), g = new Float64Array(xs.length).fill(1);
    activationForward(kind, xs, a, xs.length);
    activationBackward(kind, "textbook", xs, a, g, xs.length);
    const f = new Float64Array(1), fx = new Float64Array(1);
    xs.forEach((x, i) => {
      const h = 1e-6;
      fx[0] = x + h;
      activationForward(kind, fx, f, 1);
      const up = f[0];
      fx[0] = x - h;
      activationForward(kind, fx, f, 1);
      assertClose(g[i], (up - f[0]) / (2 * h), 1e-6, `${kind}'(${x}):`);
    });
  }
});

Deno.test("quirk 1 (author): the bias gradient is the batch mean, 1/N of the textbook sum", () => {
  const base = { hidden: [5], activation: "sigmoid", loss: "euclidean", batchSize: N };
  const grads = (profile: string) => {
    const cfg = validateRunConfig({ ...base, profile });
    const net = tinyNet(cfg);
    lossForwardBackward(cfg, net.forward(N), LABELS, N, net.outputGrad);
    net.backward(N);
    return net.layers.map((L) => ({ gw: Array.from(L.gw), gb: Array.from(L.gb) }));
  };
  const author = grads("author"), textbook = grads("textbook");
  author.forEach((a, l) => {
    assertEquals(a.gw, textbook[l].gw); // weights untouched by the quirk
    a.gb.forEach((v, j) => assertEquals(v, textbook[l].gb[j] / N));
  });
});

Deno.test("quirk 2 (author): GELU backward is the forward difference with δ = 1e-5", () => {
  const xs = Float64Array.from([-2.5, -0.3, 0, 0.7, 3.1]);
  const a = new Float64Array(5), gA = new Float64Array(5).fill(2), gT = new Float64Array(5).fill(2);
  activationForward("gelu", xs, a, 5);
  activationBackward("gelu", "author", xs, a, gA, 5);
  activationBackward("gelu", "textbook", xs, a, gT, 5);
  xs.forEach((x, i) => {
    assertEquals(gA[i], 2 * (gelu(x + GELU_DELTA) - gelu(x)) / GELU_DELTA);
    assertClose(gT[i], 2 * geluDerivative(x), 1e-15);
    // the forward difference is off by about δ·f''(x)/2: visible, but small
    const off = Math.abs(gA[i] - gT[i]);
    assertEquals(off > 1e-9 && off < 1e-4, true, `x=${x}: |author - analytic| = ${off}`);
  });
});

Deno.test("quirk 3 (author): hinge lowers the target logit in place; grad and accuracy see it", () => {
  const margin = 5;
  // one row, target 2, whose logit beats the others by 3 (< Δ): a 'correct' argmax
  const row = () => Float64Array.from([0, 1, 4, 0.5, -1, 2, -3, -2, 1.5, 0]);
  const spec = (profile: "author" | "textbook") => ({ loss: "hinge" as const, profile, margin });
  const yT = row(), gT = new Float64Array(10);
  const t = lossForwardBackward(spec("textbook"), yT, [2], 1, gT);
  const yA = row(), gA = new Float64Array(10);
  const a = lossForwardBackward(spec("author"), yA, [2], 1, gA);
  // same (correct) loss value: Σ_{k≠t} max(0, 5 - 4 + y_k)
  const expected = [0, 1, 0.5, -1, 2, -3, -2, 1.5, 0].reduce((s, v) => s + Math.max(0, 1 + v), 0);
  assertEquals(t.value, expected);
  assertEquals(a.value, expected);
  // in place: the author's logits now hold y_t - Δ
  assertEquals(yA[2], 4 - margin);
  assertEquals(yT[2], 4);
  // textbook: 1[Δ - y_t + y_k > 0] (here N = 1); author: 1[y_k - y_t + 2Δ > 0], not divided by N
  assertEquals(Array.from(gT), [1, 1, -6, 1, 0, 1, 0, 0, 1, 1]);
  assertEquals(Array.from(gA), [1, 1, -9, 1, 1, 1, 1, 1, 1, 1]);
  // accuracy: textbook counts the argmax; the author's lowered logit no longer wins
  assertEquals([t.correct, a.correct], [1, 0]);
  // author grads are not divided by N: with N = 2 the rows keep integer entries
  const y2 = Float64Array.from([...row(), ...row()]), g2 = new Float64Array(20);
  lossForwardBackward(spec("author"), y2, [2, 2], 2, g2);
  assertEquals(Array.from(g2.subarray(10)), [1, 1, -9, 1, 1, 1, 1, 1, 1, 1]);
});

Deno.test("losses: values and gradients on a hand-computed example", () => {
  const y = Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, Math.log(2)]);
  const g = new Float64Array(10);
  const ce = lossForwardBackward(
    { loss: "softmax_ce", profile: "author", margin: 5 },
    y,
    [9],
    1,
    g,
  );
  assertClose(ce.value, -Math.log(2 / 11), 1e-15);
  assertClose(g[9], 2 / 11 - 1, 1e-15);
  assertClose(g[0], 1 / 11, 1e-15);
  const eu = lossForwardBackward({ loss: "euclidean", profile: "author", margin: 5 }, y, [0], 1, g);
  assertClose(eu.value, (1 + Math.log(2) ** 2) / 2, 1e-15);
  assertEquals(eu.correct, 0);
  assertEquals(g[0], -1);
});
