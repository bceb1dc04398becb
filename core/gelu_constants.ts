/**
 * GELU's constants, shared by the JS activations (core/activations.ts) and the WebAssembly
 * kernel generator (core/kernels/gelu_gen.ts), which must compute the same bits.
 */

/** √(2/π), the tanh form's scale */
export const GELU_C = Math.sqrt(2 / Math.PI);
/** coefficient of the cubic term: u = C·(x + 0.044715·x³) */
export const GELU_CUBIC = 0.044715;
/** Step of the author's forward-difference GELU derivative (quirk 2). */
export const GELU_DELTA = 1e-5;
