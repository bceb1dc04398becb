/**
 * Elementwise activations, each one fused pass over a batch's memory. Forward reads the
 * linear output z and writes a; backward turns the upstream gradient g (∂L/∂a) into ∂L/∂z in
 * place. Transcendentals: Math.exp (V8's own, identical on every machine) and the engine's tanh
 * (core/tanh.ts, the same bits as the wasm kernels).
 */
import type { Activation, Profile } from "./config.ts";
import { GELU_C, GELU_CUBIC, GELU_DELTA } from "./gelu_constants.ts";
import { tanh } from "./tanh.ts";

export { GELU_DELTA };

/** σ(x) = 1 / (1 + e^-x), with Math.exp (the kernels' exp gives its bits or defers to it). */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function gelu(x: number): number {
  return 0.5 * x * (1 + tanh(GELU_C * (x + GELU_CUBIC * (x * x * x))));
}

/** Analytic derivative of the tanh-form GELU (textbook profile). */
export function geluDerivative(x: number): number {
  const t = tanh(GELU_C * (x + GELU_CUBIC * (x * x * x)));
  return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_C * (1 + 3 * GELU_CUBIC * x * x);
}

/** a[start:end] = act(z[start:end]) */
export function activationForward(
  kind: Activation,
  z: Float64Array,
  a: Float64Array,
  end: number,
  start = 0,
): void {
  switch (kind) {
    case "sigmoid":
      for (let i = start; i < end; i++) a[i] = sigmoid(z[i]);
      break;
    case "relu":
      for (let i = start; i < end; i++) a[i] = z[i] > 0 ? z[i] : 0;
      break;
    case "gelu":
      for (let i = start; i < end; i++) a[i] = gelu(z[i]);
      break;
  }
}

/** g[start:end] ← g ⊙ act'(z), using the forward's z and a. */
export function activationBackward(
  kind: Activation,
  profile: Profile,
  z: Float64Array,
  a: Float64Array,
  g: Float64Array,
  end: number,
  start = 0,
): void {
  switch (kind) {
    case "sigmoid":
      for (let i = start; i < end; i++) g[i] = g[i] * a[i] * (1 - a[i]);
      break;
    case "relu":
      for (let i = start; i < end; i++) g[i] = z[i] > 0 ? g[i] : 0;
      break;
    case "gelu":
      if (profile === "author") {
        // Quirk 2: forward difference of the forward formula, g · (gelu(x+δ) - gelu(x)) / δ.
        for (let i = start; i < end; i++) {
          g[i] = g[i] * (gelu(z[i] + GELU_DELTA) - a[i]) / GELU_DELTA;
        }
      } else {
        for (let i = start; i < end; i++) g[i] = g[i] * geluDerivative(z[i]);
      }
      break;
  }
}
