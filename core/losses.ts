/**
 * Losses fused with their gradient and the batch accuracy: one pass over the logits computes
 * the loss value, writes ∂L/∂y and counts correct argmaxes. Values are batch means.
 */
import type { LossName, Profile } from "./config.ts";

export const CLASSES = 10;

/** exp of one row's logits (softmax scratch: computed once, not per use). */
const EXP = new Float64Array(CLASSES);

export interface LossSpec {
  loss: LossName;
  profile: Profile;
  /** Hinge margin Δ. */
  margin: number;
}

export interface LossResult {
  value: number;
  correct: number;
}

/** First index of the row's maximum; a NaN counts as the maximum (np.argmax). */
function argmax(y: Float64Array, o: number): number {
  let best = 0;
  let bv = y[o];
  if (bv !== bv) return 0;
  for (let k = 1; k < CLASSES; k++) {
    const v = y[o + k];
    if (v !== v) return k;
    if (v > bv) {
      bv = v;
      best = k;
    }
  }
  return best;
}

/**
 * y[n×10] logits, labels[n]; writes grad[n×10] (when given) and returns value and #correct.
 * Author hinge (quirk 3) lowers y[t] by Δ in place before the gradient and the accuracy see it.
 * The training loop passes its own `out`, so a step allocates nothing.
 */
export function lossForwardBackward(
  spec: LossSpec,
  y: Float64Array,
  labels: ArrayLike<number>,
  n: number,
  grad: Float64Array | null,
  out: LossResult = { value: 0, correct: 0 },
): LossResult {
  let total = 0;
  let correct = 0;
  switch (spec.loss) {
    case "euclidean": {
      // value Σ(y-t)²/(2N), grad (y-t)/N
      for (let i = 0; i < n; i++) {
        const o = i * CLASSES, t = labels[i];
        let row = 0;
        for (let k = 0; k < CLASSES; k++) {
          const d = y[o + k] - (k === t ? 1 : 0);
          row += d * d;
          if (grad) grad[o + k] = d / n;
        }
        total += row;
        if (argmax(y, o) === t) correct++;
      }
      out.value = total / (2 * n);
      out.correct = correct;
      return out;
    }
    case "softmax_ce": {
      // h = exp(y)/Σexp(y) without max-subtraction (as the original); value mean(-Σ t log h).
      // Σ_k t_k·log h_k is log h_t exactly, unless an off-target h is 0, ∞ or NaN: then NumPy's
      // 0·log h term is NaN, and so is the row.
      for (let i = 0; i < n; i++) {
        const o = i * CLASSES, t = labels[i];
        let s = 0;
        for (let k = 0; k < CLASSES; k++) s += EXP[k] = Math.exp(y[o + k]);
        let offTargetBad = false;
        for (let k = 0; k < CLASSES; k++) {
          const h = EXP[k] / s;
          if (k !== t && !(h > 0 && h < Infinity)) offTargetBad = true;
          if (grad) grad[o + k] = (h - (k === t ? 1 : 0)) / n;
        }
        const row = offTargetBad ? NaN : Math.log(EXP[t] / s);
        total += -row;
        if (argmax(y, o) === t) correct++;
      }
      out.value = total / n;
      out.correct = correct;
      return out;
    }
    case "hinge": {
      const m = spec.margin;
      const author = spec.profile === "author";
      for (let i = 0; i < n; i++) {
        const o = i * CLASSES, t = labels[i];
        const yt = y[o + t];
        let row = 0;
        for (let k = 0; k < CLASSES; k++) {
          if (k !== t) row += Math.max(0, m - yt + y[o + k]);
        }
        total += row;
        // Quirk 3: the target logit is lowered in place; backward and accuracy see y' = y - Δ·t.
        const ytSeen = author ? yt - m : yt;
        if (author) y[o + t] = ytSeen;
        if (grad) {
          let count = 0;
          for (let k = 0; k < CLASSES; k++) {
            if (k === t) continue;
            const active = m - ytSeen + y[o + k] > 0 ? 1 : 0;
            count += active;
            grad[o + k] = author ? active : active / n;
          }
          grad[o + t] = author ? -count : -count / n;
        }
        if (argmax(y, o) === t) correct++;
      }
      out.value = total / n;
      out.correct = correct;
      return out;
    }
  }
}
