/*
 * The native kernels of mlpbench (core/kernels/native.ts loads them through Deno FFI): the three
 * products (gemm_body.h) and the long elementwise passes (elementwise_body.h: the momentum
 * update, the sigmoid with its exp; the batch gather below), each compiled at four widths: 8
 * lanes (AVX-512F), 4 (AVX2), 2 (the baseline vectors: SSE2, NEON) and 1 (scalar). All give the
 * same bits: build with -ffp-contract=off and never -ffast-math. mlp_widths() says which the CPU
 * can run.
 */
#include <stddef.h>
#include <string.h>
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#endif

#define EXPORT __attribute__((visibility("default")))
#define CAT(a, b) a##b
#define XCAT(a, b) CAT(a, b)

/* The exp's constants, as exp_gen.ts derives them (passed in, so they have one home). */
typedef struct {
  double ln_hi, ln_lo, inv_l, shift, err_scale;
} mlp_exp_consts;

/* The momentum update fused into a weight-gradient product: for each gradient element written
 * at gw + o, v[o] = mu*v[o] + (gw[o] + wd*p[o]); p[o] = p[o] - lr*v[o] (the sgd kernel's ops). */
typedef struct {
  const double *gw;
  double *p, *v;
  double lr, mu, wd;
} mlp_update;

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define W 8
#define SUF(x) XCAT(x, _w8)
#define KFN __attribute__((target("avx512f")))
#include "gemm_body.h"
#include "elementwise_body.h"
#undef W
#undef SUF
#undef KFN

#define W 4
#define SUF(x) XCAT(x, _w4)
#define KFN __attribute__((target("avx2")))
#include "gemm_body.h"
#include "elementwise_body.h"
#undef W
#undef SUF
#undef KFN
#endif

#define W 2
#define SUF(x) XCAT(x, _w2)
#define KFN
#include "gemm_body.h"
#include "elementwise_body.h"
#undef W
#undef SUF
#undef KFN

#define W 1
#define SUF(x) XCAT(x, _w1)
#define KFN
#include "gemm_body.h"
#include "elementwise_body.h"
#undef W
#undef SUF
#undef KFN

/* Bit i set: width 2^i runs here (1 and 2 always; 4 with AVX2, 8 with AVX-512F). */
EXPORT int mlp_widths(void) {
  int bits = 1 | 2;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2")) bits |= 4;
  if (__builtin_cpu_supports("avx512f")) bits |= 8;
#endif
  return bits;
}

/* wt[m x k] = w[k x m]^T: gwt's operand, so its lanes (columns of gx) are contiguous. In 8 x 8
 * blocks, so both the reads and the strided writes stay within a few cache lines. */
EXPORT void mlp_transpose(const double *w, double *wt, int k, int m) {
  enum { B = 8 };
  for (int p0 = 0; p0 < k; p0 += B)
    for (int j0 = 0; j0 < m; j0 += B) {
      const int p1 = p0 + B < k ? p0 + B : k, j1 = j0 + B < m ? j0 + B : m;
      for (int j = j0; j < j1; j++)
        for (int p = p0; p < p1; p++) wt[(ptrdiff_t)j * k + p] = w[(ptrdiff_t)p * m + j];
    }
}

