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

/* What a block computes: C = init + A.B + bias over t in [t0, T), per output column c:
 *   C[r*crs + c] = (init[c] + sum_{t0 <= t < T} A[r*ars + t*ats] * B[t*bts + c]) + bias[c]
 * The sum starts at init[c] (the running sums of the first t0 terms, the same for every row),
 * or at +0 when init is NULL; bias is added after the sum, or not at all when NULL. */
typedef struct {
  const double *A;
  ptrdiff_t ars, ats;
  const double *B;
  ptrdiff_t bts;
  double *C;
  ptrdiff_t crs;
  const double *init, *bias;
  int t0, T;
  /* when not NULL, the job's row r is rows[r] (of A and C), else r */
  const int *rows;
  /* when not NULL, each output element also updates the weights and momentum (mlp_update) */
  const mlp_update *upd;
} SUF(job);

/* The update of the weights (a T of 1, 2 or W lanes) whose new gradients G were just written at
 * AT, in the same places of p and v. */
#define SUF_UPDATE(T, TU, U, AT, G)                                                                \
  do {                                                                                             \
    const ptrdiff_t o_ = (AT) - (U)->gw;                                                           \
    const T p_ = *(const TU *)((U)->p + o_);                                                       \
    const T v_ = (U)->mu * *(const TU *)((U)->v + o_) + ((G) + (U)->wd * p_);                      \
    *(TU *)((U)->v + o_) = v_;                                                                     \
    *(TU *)((U)->p + o_) = p_ - (U)->lr * v_;                                                      \
  } while (0)

/* Where row r of the job starts in A and in C. */
#define SUF_AROW(j, r) ((j)->A + ((j)->rows ? (j)->rows[r] : (r)) * (j)->ars)
#define SUF_CROW(j, r) ((j)->C + ((j)->rows ? (j)->rows[r] : (r)) * (j)->crs)

/* One register tile: rows r < NR, columns c < NC*W of the job (pointers already offset). */
static inline __attribute__((always_inline)) KFN void SUF(tile)(const SUF(job) *j, int col,
                                                                const int NR, const int NC) {
  const double *B = j->B + col, *A[8];
  const ptrdiff_t ats = j->ats, bts = j->bts;
  for (int r = 0; r < NR; r++) A[r] = SUF_AROW(j, r);
  SUF(v) acc[8][SUF_CB];
  for (int r = 0; r < NR; r++)
    for (int c = 0; c < NC; c++)
      acc[r][c] = j->init ? *(const SUF(u) *)(j->init + col + c * W) : (SUF(v)){0};
  for (int t = j->t0; t < j->T; t++) {
    SUF(v) b[SUF_CB];
    for (int c = 0; c < NC; c++) b[c] = *(const SUF(u) *)(B + t * bts + c * W);
    for (int r = 0; r < NR; r++) {
      const SUF(v) a = (SUF(v)){0} + A[r][t * ats];
      for (int c = 0; c < NC; c++) acc[r][c] = acc[r][c] + a * b[c];
    }
  }
  for (int r = 0; r < NR; r++)
    for (int c = 0; c < NC; c++) {
      SUF(v) out = acc[r][c];
      if (j->bias) out = out + *(const SUF(u) *)(j->bias + col + c * W);
      double *at = SUF_CROW(j, r) + col + c * W;
      *(SUF(u) *)at = out;
      if (j->upd) SUF_UPDATE(SUF(v), SUF(u), j->upd, at, out);
    }
}

/* Two columns as one 2-lane vector, for the columns past the last whole W-lane vector. */
typedef double SUF(p) __attribute__((vector_size(16)));
typedef double SUF(pu) __attribute__((vector_size(16), aligned(8)));

/* The columns [c0, c1) past the last whole vector, for NR rows at once: pairs of columns in
 * 2-lane vectors, then a last single column; same order, so the same bits. */
static inline __attribute__((always_inline)) KFN void SUF(tail)(const SUF(job) *j, const int NR,
                                                                int c0, int c1) {
  const double *A[8];
  const ptrdiff_t ats = j->ats, bts = j->bts;
  for (int r = 0; r < NR; r++) A[r] = SUF_AROW(j, r);
  int c = c0;
  for (; c + 2 <= c1; c += 2) {
    SUF(p) acc[8];
    for (int r = 0; r < NR; r++) acc[r] = j->init ? *(const SUF(pu) *)(j->init + c) : (SUF(p)){0};
    for (int t = j->t0; t < j->T; t++) {
      const SUF(p) b = *(const SUF(pu) *)(j->B + t * bts + c);
      for (int r = 0; r < NR; r++) acc[r] = acc[r] + ((SUF(p)){0} + A[r][t * ats]) * b;
    }
    for (int r = 0; r < NR; r++) {
      SUF(p) out = acc[r];
      if (j->bias) out = out + *(const SUF(pu) *)(j->bias + c);
      double *at = SUF_CROW(j, r) + c;
      *(SUF(pu) *)at = out;
      if (j->upd) SUF_UPDATE(SUF(p), SUF(pu), j->upd, at, out);
    }
  }
  if (c < c1) {
    double acc[8];
    for (int r = 0; r < NR; r++) acc[r] = j->init ? j->init[c] : 0;
    for (int t = j->t0; t < j->T; t++) {
      const double b = j->B[t * bts + c];
      for (int r = 0; r < NR; r++) acc[r] = acc[r] + A[r][t * ats] * b;
    }
    for (int r = 0; r < NR; r++) {
      double *at = SUF_CROW(j, r) + c;
      *at = j->bias ? acc[r] + j->bias[c] : acc[r];
      if (j->upd) SUF_UPDATE(double, double, j->upd, at, *at);
    }
  }
}

/* One strip of NR rows: column tiles of SUF_CB vectors, then single vectors, then the tail. */
static inline __attribute__((always_inline)) KFN void SUF(strip)(const SUF(job) *j, const int NR,
                                                                 int cols) {
  int c = 0;
  for (; c + SUF_CB * W <= cols; c += SUF_CB * W) SUF(tile)(j, c, NR, SUF_CB);
  for (; c + W <= cols; c += W) SUF(tile)(j, c, NR, 1);
  SUF(tail)(j, NR, c, cols);
}

/* The whole job: `rows` x `cols` outputs, in strips of SUF_RB rows, then one strip of the rows
 * left (each strip height its own unrolled code: short strips would waste the register tile). */
static KFN void SUF(block)(SUF(job) j, int rows, int cols) {
  int r = 0;
  for (; r + SUF_RB <= rows; r += SUF_RB) {
    SUF(strip)(&j, SUF_RB, cols);
    if (j.rows) {
      j.rows += SUF_RB;
    } else {
      j.A += SUF_RB * j.ars;
      j.C += SUF_RB * j.crs;
    }
  }
  switch (rows - r) {
  case 1: SUF(strip)(&j, 1, cols); break;
  case 2: SUF(strip)(&j, 2, cols); break;
  case 3: SUF(strip)(&j, 3, cols); break;
#if SUF_RB > 4
  case 4: SUF(strip)(&j, 4, cols); break;
  case 5: SUF(strip)(&j, 5, cols); break;
#endif
  }
}

/*
 * out[n x m] = x[n x k] . w[k x m] + b[m], rows [r0, r1) and columns [c0, c1) of out. With
 * k0 > 0, pre[m] holds the running sums over x's first k0 columns (constant over the batch, so
 * the same for every row) and each sum continues from there: the same bits either way.
 */
EXPORT KFN void SUF(mlp_xw)(const double *x, const double *w, const double *b, double *out,
                            int n, int k, int m, int r0, int r1, int c0, int c1, int k0,
                            const double *pre) {
  (void)n;
  SUF(job) j = {x + (ptrdiff_t)r0 * k, k, 1, w + c0, m, out + (ptrdiff_t)r0 * m + c0, m,
                k0 > 0 ? pre + c0 : 0, b + c0, k0 > 0 ? k0 : 0, k, 0, 0};
  SUF(block)(j, r1 - r0, c1 - c0);
}

/* gw[k x m] = x[n x k]^T . g[n x m], rows [r0, r1) (of k) and columns [c0, c1) of gw. */
EXPORT KFN void SUF(mlp_xtg)(const double *x, const double *g, double *gw, int n, int k, int m,
                             int r0, int r1, int c0, int c1) {
  SUF(job) j = {x + r0, 1, k, g + c0, m, gw + (ptrdiff_t)r0 * m + c0, m, 0, 0, 0, n, 0, 0};
  SUF(block)(j, r1 - r0, c1 - c0);
}

/* gw[k x m] = x[n x k]^T . g[n x m] for the rows list[q0..q1) of gw (columns of x), all m
 * columns: the rows MNIST's constant columns leave to compute, in whole register tiles. */
EXPORT KFN void SUF(mlp_xtg_rows)(const double *x, const double *g, double *gw, int n, int k,
                                  int m, const int *list, int q0, int q1) {
  SUF(job) j = {x, 1, k, g, m, gw, m, 0, 0, 0, n, list + q0, 0};
  SUF(block)(j, q1 - q0, m);
}

/* mlp_xtg_rows, each gradient element then updating p and v as mlp_sgd would (momentum mu,
 * weight decay wd, learning rate lr): for a layer whose weights nothing reads in between. */
EXPORT KFN void SUF(mlp_xtg_rows_sgd)(const double *x, const double *g, double *gw, int n, int k,
                                      int m, const int *list, int q0, int q1, double *p,
                                      double *v, double lr, double mu, double wd) {
  const mlp_update u = {gw, p, v, lr, mu, wd};
  SUF(job) j = {x, 1, k, g, m, gw, m, 0, 0, 0, n, list + q0, &u};
  SUF(block)(j, q1 - q0, m);
}

/* gx[n x k] = g[n x m] . w[k x m]^T from wt = w^T [m x k]; rows [r0, r1), columns [c0, c1). */
EXPORT KFN void SUF(mlp_gwt)(const double *g, const double *wt, double *gx, int n, int k, int m,
                             int r0, int r1, int c0, int c1) {
  (void)n;
  SUF(job) j = {g + (ptrdiff_t)r0 * m, m, 1, wt + c0, k, gx + (ptrdiff_t)r0 * k + c0, k,
                0, 0, 0, m, 0, 0};
  SUF(block)(j, r1 - r0, c1 - c0);
}

#undef SUF_RB
#undef SUF_CB
#undef SUF_AROW
#undef SUF_CROW
#undef SUF_UPDATE
