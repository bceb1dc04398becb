/*
 * One width of the elementwise kernels, included once per width by products.c (W, SUF, KFN as
 * for gemm_body.h, whose vector types it uses). Each does per element the IEEE operations of its
 * WebAssembly twin (elementwise_gen.ts, exp_gen.ts), in the same order, with no fused
 * multiply-add (-ffp-contract=off): the same bits at every width.
 */

typedef long long SUF(vi) __attribute__((vector_size(8 * W)));

/* v = mu*v + (g + wd*p);  p = p - lr*v   for elements [lo, hi) */
EXPORT KFN void SUF(mlp_sgd)(double *p, const double *g, double *v, int lo, int hi, double lr,
                             double mu, double wd) {
  int i = lo;
  for (; i + W <= hi; i += W) {
    const SUF(v) pv = *(SUF(u) *)(p + i);
    const SUF(v) vv = mu * *(SUF(u) *)(v + i) + (*(const SUF(u) *)(g + i) + wd * pv);
    *(SUF(u) *)(v + i) = vv;
    *(SUF(u) *)(p + i) = pv - lr * vv;
  }
  for (; i < hi; i++) {
    const double vs = mu * v[i] + (g[i] + wd * p[i]);
    v[i] = vs;
    p[i] = p[i] - lr * vs;
  }
}

/* The rows of repeated constant columns after a fused xtg: for q0 <= d < q1, row pairs[2d] of
 * g [. x m] gets a copy of its twin row pairs[2d+1] (an equal gradient), then mlp_sgd over that
 * row of p, g and v. */
EXPORT KFN void SUF(mlp_sgd_rows)(double *p, double *g, double *v, int m, const int *pairs,
                                  int q0, int q1, double lr, double mu, double wd) {
  for (int d = q0; d < q1; d++) {
    const ptrdiff_t o = (ptrdiff_t)pairs[2 * d] * m, twin = (ptrdiff_t)pairs[2 * d + 1] * m;
    memcpy(g + o, g + twin, sizeof(double) * (size_t)m);
    SUF(mlp_sgd)(p + o, g + o, v + o, 0, m, lr, mu, wd);
  }
}

/*
 * exp(-z) of W lanes as exp_gen.ts computes it (its comments derive the error bound): y, and k
 * whose k div 256 is the power of two; *ok has all bits set in the lanes where y·2^(k div 256)
 * is the correctly rounded exp (the domain 2^-54 <= |z| <= 708, and the error interval rounding
 * to one double).
 */
static inline __attribute__((always_inline)) KFN SUF(v)
    SUF(exp_neg)(SUF(v) z, const double *tab, const mlp_exp_consts *c, SUF(vi) *k, SUF(vi) *ok) {
  const SUF(v) x = -z;
  const SUF(vi) ab = (SUF(vi))x & 0x7fffffffffffffffLL;
  const SUF(v) kd = x * c->inv_l + c->shift;
  const SUF(v) kf = kd - c->shift;
  *k = (SUF(vi))kd - 0x4338000000000000LL;
  const SUF(v) rh = x - kf * c->ln_hi;
  const SUF(v) t = -(kf * c->ln_lo);
  const SUF(v) rr = rh + t;
  const SUF(v) bp = rr - rh;
  const SUF(v) rl = (rh - (rr - bp)) + (t - bp);
  const SUF(v) s = (rr * rr) * (1.0 / 2 + rr * (1.0 / 6 + rr * (1.0 / 24 + rr * (1.0 / 120))));
  // 2^(j/256) = th + tl from the table's row j = k mod 256 (loads only: no rounding)
  const SUF(vi) row = (*k & 255) << 1;
  SUF(v) th, tl;
#if W == 8
  th = (SUF(v))_mm512_i64gather_pd((__m512i)row, tab, 8);
  tl = (SUF(v))_mm512_i64gather_pd((__m512i)row, tab + 1, 8);
#elif W == 4
  th = (SUF(v))_mm256_i64gather_pd(tab, (__m256i)row, 8);
  tl = (SUF(v))_mm256_i64gather_pd(tab + 1, (__m256i)row, 8);
#else
  for (int l = 0; l < W; l++) {
    th[l] = tab[row[l]];
    tl[l] = tab[row[l] + 1];
  }
#endif
  const SUF(v) corr = th * rr + ((tl + tl * rr) + th * (s + rl));
  const SUF(v) y = th + corr;
  const SUF(v) d = corr - (y - th);
  const SUF(v) err = th * c->err_scale;
  const SUF(v) ylo = y + (d - err), yhi = y + (d + err);
  *ok = (ab >= 0x3c90000000000000LL) & (ab <= 0x4086200000000000LL) &
        ((SUF(vi))ylo == (SUF(vi))yhi);
  return y;
}

/* a = 1 / (1 + exp(-z)) for W lanes, or -1 where the exp could not be rounded; *ok as
 * exp_neg's. */
static inline __attribute__((always_inline)) KFN SUF(v)
    SUF(sigmoid)(SUF(v) z, const double *tab, const mlp_exp_consts *c, SUF(vi) *ok) {
  SUF(vi) k;
  const SUF(v) y = SUF(exp_neg)(z, tab, c, &k, ok);
  const SUF(v) e = (SUF(v))((SUF(vi))y + ((k >> 8) << 52));
  const SUF(v) a = 1.0 / (1.0 + e);
  const SUF(v) minus1 = (SUF(v)){0} - 1.0;
  return (SUF(v))(((SUF(vi))a & *ok) | ((SUF(vi))minus1 & ~*ok));
}

/* Appends the lanes of the W elements at i that ok leaves unanswered to marks (up to cap). */
static inline __attribute__((always_inline)) KFN int SUF(note_marks)(SUF(vi) ok, int i, int lanes,
                                                                     int *marks, int cap,
                                                                     int marked) {
  for (int l = 0; l < lanes; l++) {
    if (ok[l] == 0) {
      if (marked < cap) marks[marked] = i + l;
      marked++;
    }
  }
  return marked;
}

/* a[lo:hi] = 1 / (1 + exp(-z)), except the returned number of elements marked -1, which the
 * caller computes with Math.exp (exp_gen.ts: any correctly rounded exp gives its bits); the
 * first `cap` of their indices go to marks, so the caller need not search for them. */
EXPORT KFN int SUF(mlp_sigmoid_fwd)(const double *z, double *a, int lo, int hi, const double *tab,
                                    double ln_hi, double ln_lo, double inv_l, double shift,
                                    double err_scale, int *marks, int cap) {
  const mlp_exp_consts c = {ln_hi, ln_lo, inv_l, shift, err_scale};
  SUF(vi) ok;
  int i = lo, marked = 0;
  for (; i + W <= hi; i += W) {
    *(SUF(u) *)(a + i) = SUF(sigmoid)(*(const SUF(u) *)(z + i), tab, &c, &ok);
    long long every = -1;
    for (int l = 0; l < W; l++) every &= ok[l];
    if (every == 0) marked = SUF(note_marks)(ok, i, W, marks, cap, marked);
  }
  if (i < hi) {
    // the last few elements in one vector padded with 1 (lanes never mix)
    SUF(v) zt = (SUF(v)){0} + 1.0;
    for (int l = 0; l < hi - i; l++) zt[l] = z[i + l];
    const SUF(v) at = SUF(sigmoid)(zt, tab, &c, &ok);
    for (int l = 0; l < hi - i; l++) a[i + l] = at[l];
    marked = SUF(note_marks)(ok, i, hi - i, marks, cap, marked);
  }
  return marked;
}

/* The image row of batch row r: idx[from + r], or from + r when use_idx is 0. */
#define SUF_ROW(r) (use_idx ? idx[from + (r)] : from + (r))
/* Rows ahead whose pixels are prefetched: a row is a few cache lines of a 47 MB array, mostly
 * not cached, and the order is random, so the hardware cannot guess it. */
#define SUF_AHEAD 4

/* dst[0:8] = table[src[0:8]]: eight blank pixels (most of MNIST) are one store of table[0]. */
static inline __attribute__((always_inline)) KFN void SUF(gather8)(const unsigned char *src,
                                                                   const double *table,
                                                                   double *dst) {
  unsigned long long eight;
  memcpy(&eight, src, 8);
  if (eight == 0) {
    const SUF(v) blank = (SUF(v)){0} + table[0];
    for (int l = 0; l < 8; l += W) *(SUF(u) *)(dst + l) = blank;
    return;
  }
#if W == 8
  const __m512i at = _mm512_cvtepu8_epi64(_mm_cvtsi64_si128((long long)eight));
  _mm512_storeu_pd(dst, _mm512_i64gather_pd(at, table, 8));
#else
  for (int l = 0; l < 8; l++) dst[l] = table[src[l]];
#endif
}

/* x[n x dim] = table[img[row, .]] for rows row = idx[from + r] (or from + r when use_idx is 0):
 * pixel bytes to float64 through a 256-entry table, as the wasm gather. */
EXPORT KFN void SUF(mlp_gather)(const unsigned char *img, const int *idx, int use_idx, int from,
                                int n, int dim, const double *table, double *x) {
  for (int r = 0; r < n; r++) {
    if (r + SUF_AHEAD < n) {
      const unsigned char *next = img + (ptrdiff_t)SUF_ROW(r + SUF_AHEAD) * dim;
      for (int p = 0; p < dim; p += 64) __builtin_prefetch(next + p);
    }
    const unsigned char *src = img + (ptrdiff_t)SUF_ROW(r) * dim;
    double *dst = x + (ptrdiff_t)r * dim;
    int p = 0;
    for (; p + 8 <= dim; p += 8) SUF(gather8)(src + p, table, dst + p);
    for (; p < dim; p++) dst[p] = table[src[p]];
  }
}
#undef SUF_ROW
#undef SUF_AHEAD
