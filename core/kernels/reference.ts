import type { Kernels } from "./kernels.ts";

/** The reference kernels: plain loops that define the summation order (see kernels.ts). */
export const referenceKernels: Kernels = {
  name: "reference",
  exact: true,
  xw(x, w, b, out, n, k, m) {
    // out[n×m] = x[n×k] · w[k×m] + b[m]
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let acc = 0;
        for (let p = 0; p < k; p++) acc += x[i * k + p] * w[p * m + j];
        out[i * m + j] = acc + b[j];
      }
    }
  },
  xtg(x, g, gw, n, k, m) {
    // gw[k×m] = x[n×k]ᵀ · g[n×m]
    for (let p = 0; p < k; p++) {
      for (let j = 0; j < m; j++) {
        let acc = 0;
        for (let i = 0; i < n; i++) acc += x[i * k + p] * g[i * m + j];
        gw[p * m + j] = acc;
      }
    }
  },
  gwt(g, w, gx, n, k, m) {
    // gx[n×k] = g[n×m] · w[k×m]ᵀ
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < k; p++) {
        let acc = 0;
        for (let j = 0; j < m; j++) acc += g[i * m + j] * w[p * m + j];
        gx[i * k + p] = acc;
      }
    }
  },
};
