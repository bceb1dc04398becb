/**
 * The MLP: Linear → act → … → Linear, all tensors in one Arena, every matrix product through
 * the Kernels (summation-order contract in kernels/kernels.ts). A step allocates nothing.
 *
 *   forward   z_l = a_{l-1}·W_l + b_l            a_0 = x,  a_l = act(z_l) for hidden l
 *   backward  gW_l = a_{l-1}ᵀ·g_l,  gb_l = Σ_rows g_l (author: mean, quirk 1)
 *             g_{l-1} = (g_l·W_lᵀ) ⊙ act'(z_{l-1})    (not for l = 1: nothing uses ∂L/∂x)
 *   update    v = μ·v + (g + λ·p);  p = p − η·v      (weights and biases alike)
 */
import type { Activation, Profile, RunConfig } from "./config.ts";
import { type Arena, arenaSize } from "./kernels/arena.ts";
import { type Elementwise, jsElementwise } from "./kernels/elementwise.ts";
import type { Kernels } from "./kernels/kernels.ts";
import { perturbWeights } from "./perturb.ts";
import type { RandomState } from "./rng.ts";

/** One layer's tensors, all views on the run's arena (B: the batch size). */
export interface Linear {
  /** Inputs. */
  inDim: number;
  /** Outputs. */
  outDim: number;
  /** Weights [in×out]. */
  w: Float64Array;
  /** Bias [out]. */
  b: Float64Array;
  /** Gradient of w [in×out]. */
  gw: Float64Array;
  /** Gradient of b [out]. */
  gb: Float64Array;
  /** Momentum of w [in×out]. */
  vw: Float64Array;
  /** Momentum of b [out]. */
  vb: Float64Array;
  /** Linear output [B×out]. */
  z: Float64Array;
  /** Activation output [B×out] (hidden layers; the last layer's a is z). */
  a: Float64Array;
  /** ∂L/∂z [B×out]. */
  g: Float64Array;
}

/** Tensor lengths of a network, in allocation order (used to size the arena). */
function tensorLengths(dims: number[], batch: number): number[] {
  // two input batches: the one training, and the next one being gathered (core/batches.ts)
  const lengths: number[] = [batch * dims[0], batch * dims[0]];
  for (let l = 1; l < dims.length; l++) {
    const io = dims[l - 1] * dims[l], o = dims[l];
    const hidden = l < dims.length - 1;
    lengths.push(io, o, io, o, io, o, batch * o, ...(hidden ? [batch * o] : []), batch * o);
  }
  return lengths;
}

/** The network of one run: its layers' tensors on an arena, and one step's three passes. */
export class Mlp {
  /** Layer widths, input first: [784, …hidden, 10]. */
  readonly dims: number[];
  /** The linear layers, input side first. */
  readonly layers: Linear[] = [];
  /** The two input buffers [B×784]: x (training now) and spareX (the next batch). */
  readonly #inputs: [Float64Array, Float64Array];
  /** Activation of the hidden layers. */
  readonly activation: Activation;
  /** Quirks of the original code (author) or none (textbook). */
  readonly profile: Profile;
  /** The matrix products' backend. */
  readonly kernels: Kernels;
  /** Gather, activations, bias gradient and update: the backend's own, or plain JS. */
  readonly ew: Elementwise;

  /**
   * Room the arena needs for this network plus kernel scratch: the openblas backend packs a
   * layer's input [B×in] and weights [in×out] (see kernels/openblas_columns.ts).
   */
  static arenaCapacity(cfg: RunConfig, inputs = 784, classes = 10): number {
    const dims = [inputs, ...cfg.hidden, classes];
    let scratch = 0;
    for (let l = 1; l < dims.length; l++) {
      scratch = Math.max(scratch, (cfg.batchSize + dims[l]) * dims[l - 1]);
    }
    return arenaSize(tensorLengths(dims, cfg.batchSize)) + scratch + 4096;
  }

  /** Draws every W = randn(in, out)·initStd in layer order (the study's random stream). */
  constructor(cfg: RunConfig, arena: Arena, kernels: Kernels, rng: RandomState, inputs = 784) {
    this.dims = [inputs, ...cfg.hidden, 10];
    this.activation = cfg.activation;
    this.profile = cfg.profile;
    this.kernels = kernels;
    this.ew = kernels.elementwise ?? jsElementwise;
    const B = cfg.batchSize;
    this.#inputs = [arena.alloc(B * inputs), arena.alloc(B * inputs)];
    for (let l = 1; l < this.dims.length; l++) {
      const inDim = this.dims[l - 1], outDim = this.dims[l];
      const hidden = l < this.dims.length - 1;
      const w = arena.alloc(inDim * outDim);
      w.set(rng.randn(inDim, outDim));
      for (let i = 0; i < w.length; i++) w[i] *= cfg.initStd;
      perturbWeights(w, cfg.perturb);
      const b = arena.alloc(outDim);
      const gw = arena.alloc(inDim * outDim), gb = arena.alloc(outDim);
      const vw = arena.alloc(inDim * outDim), vb = arena.alloc(outDim);
      const z = arena.alloc(B * outDim);
      const a = hidden ? arena.alloc(B * outDim) : z;
      const g = arena.alloc(B * outDim);
      this.layers.push({ inDim, outDim, w, b, gw, gb, vw, vb, z, a, g });
    }
  }

  /** Input batch [B×784] that forward() and backward() read. */
  get x(): Float64Array {
    return this.#inputs[0];
  }

  /** The other input buffer [B×784], where the next batch can be gathered meanwhile. */
  get spareX(): Float64Array {
    return this.#inputs[1];
  }

  /** Makes spareX the input (and x the spare). */
  swapInputs(): void {
    this.#inputs.reverse();
  }

  /**
   * Logits [n×10] of the first n rows of x; `afterFirstLayer` is called once the first layer
   * no longer needs x (where the next batch's gather can start).
   */
  forward(n: number, afterFirstLayer?: () => void): Float64Array {
    let input = this.x;
    for (let l = 0; l < this.layers.length; l++) {
      const L = this.layers[l];
      // z[n×out] = input[n×in] · w[in×out] + b[out]
      this.kernels.xw(input, L.w, L.b, L.z, n, L.inDim, L.outDim);
      // a[n×out] = act(z)
      if (L.a !== L.z) this.ew.activationForward(this.activation, L.z, L.a, n * L.outDim);
      if (l === 0) afterFirstLayer?.();
      input = L.a;
    }
    return this.output;
  }

  /** Logits [B×10] of the last forward(). */
  get output(): Float64Array {
    return this.layers[this.layers.length - 1].z;
  }

  /** ∂L/∂logits, written by the loss. */
  get outputGrad(): Float64Array {
    return this.layers[this.layers.length - 1].g;
  }

  /** Gradients of every parameter from outputGrad (first n rows). */
  backward(n: number): void {
    this.#backward(n, false, 0, 0, 0);
  }

  /**
   * backward(n), then update(…): the same bits, but where the kernels can (xtgSgd), the first
   * layer's weights are updated as their gradient is computed (nothing reads them in between).
   */
  backwardAndUpdate(n: number, learningRate: number, momentum: number, weightDecay: number): void {
    const fused = this.kernels.xtgSgd !== undefined;
    this.#backward(n, fused, learningRate, momentum, weightDecay);
    this.#update(learningRate, momentum, weightDecay, fused);
  }

  /** backward(n); with `fuse`, the first layer's weight gradient also updates its weights. */
  #backward(n: number, fuse: boolean, lr: number, mu: number, wd: number): void {
    const meanBias = this.profile === "author";
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const L = this.layers[l];
      const input = l > 0 ? this.layers[l - 1].a : this.x;
      // gw[in×out] = input[n×in]ᵀ · g[n×out]   (then, fused: v, w updated as update() would)
      if (l === 0 && fuse) {
        this.kernels.xtgSgd!(input, L.g, L.gw, L.w, L.vw, n, L.inDim, L.outDim, lr, mu, wd);
      } else this.kernels.xtg(input, L.g, L.gw, n, L.inDim, L.outDim);
      // gb[out] = Σ_rows g[n×out] (quirk 1: the author's code took the mean)
      this.ew.biasGrad(L.g, L.gb, n, L.outDim, meanBias);
      if (l > 0) {
        const P = this.layers[l - 1];
        // P.g[n×in] = g[n×out] · w[in×out]ᵀ, then ⊙ act'(P.z)
        this.kernels.gwt(L.g, L.w, P.g, n, L.inDim, L.outDim);
        this.ew.activationBackward(this.activation, this.profile, P.z, P.a, P.g, n * P.outDim);
      }
    }
  }

  /** Momentum + weight decay on every weight and bias, one pass per tensor. */
  update(learningRate: number, momentum: number, weightDecay: number): void {
    this.#update(learningRate, momentum, weightDecay, false);
  }

  /** update(); the first layer's weights skipped when their update was fused into backward. */
  #update(lr: number, mu: number, wd: number, firstDone: boolean): void {
    for (let l = 0; l < this.layers.length; l++) {
      const L = this.layers[l];
      if (!(l === 0 && firstDone)) this.ew.sgd(L.w, L.gw, L.vw, lr, mu, wd);
      this.ew.sgd(L.b, L.gb, L.vb, lr, mu, wd);
    }
  }
}
