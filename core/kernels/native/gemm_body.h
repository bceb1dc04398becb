/*
 * One width of the product kernels, included once per width by products.c with
 *   W      the number of float64 lanes (1, 2, 4 or 8),
 *   SUF(x) the name of x at this width,
 *   KFN    the function attributes (the target ISA).
 *
 * Every output element is an accumulator that starts at +0 and adds the products along the
 * contraction index one at a time in increasing order, each product rounded before the add
 * (the file is compiled with -ffp-contract=off): the contract of core/kernels/kernels.ts. Lanes
 * are output columns and never mix, so every width gives the same bits.
 */

typedef double SUF(v) __attribute__((vector_size(8 * W)));
/* The same vector with 8-byte alignment, for loads and stores at any column. */
typedef double SUF(u) __attribute__((vector_size(8 * W), aligned(8)));

/* Rows and vectors of columns held in registers by the main tile. */
#define SUF_RB (W >= 8 ? 6 : 4)
#define SUF_CB 2

/*
 * C[r*crs + c] = bias[c] + sum_t A[r*ars + t*ats] * B[t*bts + c]   (bias may be NULL: no add)
 * for r < NR, c < NC*W: one register tile.
 */
static inline __attribute__((always_inline)) KFN void SUF(tile)(
    const double *A, ptrdiff_t ars, ptrdiff_t ats, const double *B, ptrdiff_t bts, double *C,
    ptrdiff_t crs, const double *bias, int T, const int NR, const int NC) {
  SUF(v) acc[8][SUF_CB];
  for (int r = 0; r < NR; r++)
    for (int c = 0; c < NC; c++) acc[r][c] = (SUF(v)){0};
  for (int t = 0; t < T; t++) {
    SUF(v) b[SUF_CB];
    for (int c = 0; c < NC; c++) b[c] = *(const SUF(u) *)(B + t * bts + c * W);
    for (int r = 0; r < NR; r++) {
      const SUF(v) a = (SUF(v)){0} + A[r * ars + t * ats];
      for (int c = 0; c < NC; c++) acc[r][c] = acc[r][c] + a * b[c];
    }
  }
  for (int r = 0; r < NR; r++)
    for (int c = 0; c < NC; c++) {
      SUF(v) out = acc[r][c];
      if (bias) out = out + *(const SUF(u) *)(bias + c * W);
      *(SUF(u) *)(C + r * crs + c * W) = out;
    }
}

/* The columns past the last whole vector: one element at a time, same order. */
static KFN void SUF(tail)(const double *A, ptrdiff_t ars, ptrdiff_t ats, const double *B,
                          ptrdiff_t bts, double *C, ptrdiff_t crs, const double *bias, int T,
                          int rows, int c0, int c1) {
  for (int r = 0; r < rows; r++)
    for (int c = c0; c < c1; c++) {
      double acc = 0;
      for (int t = 0; t < T; t++) acc = acc + A[r * ars + t * ats] * B[t * bts + c];
      C[r * crs + c] = bias ? acc + bias[c] : acc;
    }
}

/* One strip of NR rows: column tiles of SUF_CB vectors, then single vectors, then the tail. */
static inline __attribute__((always_inline)) KFN void SUF(strip)(
    const double *A, ptrdiff_t ars, ptrdiff_t ats, const double *B, ptrdiff_t bts, double *C,
    ptrdiff_t crs, const double *bias, int T, const int NR, int cols) {
  int c = 0;
  for (; c + SUF_CB * W <= cols; c += SUF_CB * W)
    SUF(tile)(A, ars, ats, B + c, bts, C + c, crs, bias ? bias + c : 0, T, NR, SUF_CB);
  for (; c + W <= cols; c += W)
    SUF(tile)(A, ars, ats, B + c, bts, C + c, crs, bias ? bias + c : 0, T, NR, 1);
  SUF(tail)(A, ars, ats, B, bts, C, crs, bias, T, NR, c, cols);
}

/* The general block: `rows` x `cols` outputs, contraction length T, any strides. */
static KFN void SUF(block)(const double *A, ptrdiff_t ars, ptrdiff_t ats, const double *B,
                           ptrdiff_t bts, double *C, ptrdiff_t crs, const double *bias, int T,
                           int rows, int cols) {
  int r = 0;
  for (; r + SUF_RB <= rows; r += SUF_RB)
    SUF(strip)(A + r * ars, ars, ats, B, bts, C + r * crs, crs, bias, T, SUF_RB, cols);
  for (; r < rows; r++) SUF(strip)(A + r * ars, ars, ats, B, bts, C + r * crs, crs, bias, T, 1, cols);
}

/* out[n x m] = x[n x k] . w[k x m] + b[m], rows [r0, r1) and columns [c0, c1) of out. */
EXPORT KFN void SUF(mlp_xw)(const double *x, const double *w, const double *b, double *out,
                            int n, int k, int m, int r0, int r1, int c0, int c1) {
  (void)n;
  SUF(block)(x + (ptrdiff_t)r0 * k, k, 1, w + c0, m, out + (ptrdiff_t)r0 * m + c0, m, b + c0, k,
             r1 - r0, c1 - c0);
}

/* gw[k x m] = x[n x k]^T . g[n x m], rows [r0, r1) (of k) and columns [c0, c1) of gw. */
EXPORT KFN void SUF(mlp_xtg)(const double *x, const double *g, double *gw, int n, int k, int m,
                             int r0, int r1, int c0, int c1) {
  SUF(block)(x + r0, 1, k, g + c0, m, gw + (ptrdiff_t)r0 * m + c0, m, 0, n, r1 - r0, c1 - c0);
}

/* gx[n x k] = g[n x m] . w[k x m]^T from wt = w^T [m x k]; rows [r0, r1), columns [c0, c1). */
EXPORT KFN void SUF(mlp_gwt)(const double *g, const double *wt, double *gx, int n, int k, int m,
                             int r0, int r1, int c0, int c1) {
  (void)n;
  SUF(block)(g + (ptrdiff_t)r0 * m, m, 1, wt + c0, k, gx + (ptrdiff_t)r0 * k + c0, k, 0, m,
             r1 - r0, c1 - c0);
}

#undef SUF_RB
#undef SUF_CB
