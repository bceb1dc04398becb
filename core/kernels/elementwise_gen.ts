/**
 * Emits the WebAssembly text of the elementwise step kernels, appended to the matrix-product
 * module (matmul.wat) so that one instance, on one thread or two, serves a whole training step.
 *
 * Each function performs exactly the IEEE operations of its JavaScript twin in
 * core/kernels/elementwise.ts, in the same order per element (SIMD lanes are different
 * elements), so results are bit-identical. Ranges [lo, hi) let two threads split the work.
 *
 *   sgd(p, g, v, lo, hi, lr, mu, wd)          v = μ·v + (g + λ·p);  p = p − η·v
 *   bias_grad(g, gb, n, m, c0, c1, mean)      gb[j] = Σ_i g[i, j] (i ascending), then / n if mean
 *   relu_fwd(z, a, lo, hi)                    a = z > 0 ? z : +0
 *   relu_bwd(z, g, lo, hi)                    g = z > 0 ? g : +0
 *   sigmoid_bwd(a, g, lo, hi)                 g = (g · a) · (1 − a)
 *   gather(img, idx, use_idx, from, n, dim, table, x)
 *                                             x[r, ·] = table[img[row, ·]], row = idx[from + r]
 *                                             (or from + r when use_idx is 0)
 *   const_cols(x, n, k, mask)                 mask[p] = 1 when column p of x[n×k] holds the
 *                                             same bits in every row, else 0
 *   const_prefix(x, n, k) → p                 the leading such columns: 0..p-1 constant
 *   copy_cols(src, rows, stride, list, ranges, unit, dst)
 *                                             dst = the column ranges [list[2d], list[2d+1]) of
 *                                             each row of src[rows×stride] (in units of `unit`
 *                                             elements), packed
 *   spread_rows(gw, unit, list, ranges)       moves packed rows (of `unit` elements) at the top
 *                                             of gw to the ranges' rows, last range first
 *   copy_rows(gw, unit, pairs, count)         row pairs[2d] of gw = row pairs[2d+1], d < count
 *   add_rows(dst, src, unit, pairs, count)    row pairs[2d+1] of dst += row pairs[2d] of src
 */

const i32Params = (names: string[]) => names.map((n) => `(param $${n} i32)`).join(" ");

/**
 * A loop over element pairs [lo, lo + 2⌊(hi−lo)/2⌋) with `vec(o)` (o: byte offset of the pair),
 * then one scalar element `scalar(o)` when the range is odd.
 */
function pairLoop(vec: (o: string) => string[], scalar: (o: string) => string[]): string[] {
  return [
    `(local.set $o (i32.shl (local.get $lo) (i32.const 3)))`,
    `(local.set $end (i32.shl (i32.and (i32.sub (local.get $hi) (local.get $lo)) (i32.const -2)) (i32.const 3)))`,
    `(local.set $end (i32.add (local.get $end) (local.get $o)))`,
    `(block $pairs_done (loop $pairs`,
    `  (br_if $pairs_done (i32.ge_u (local.get $o) (local.get $end)))`,
    ...vec("(local.get $o)").map((l) => "  " + l),
    `  (local.set $o (i32.add (local.get $o) (i32.const 16)))`,
    `  (br $pairs)))`,
    `(if (i32.and (i32.sub (local.get $hi) (local.get $lo)) (i32.const 1)) (then`,
    ...scalar("(local.get $o)").map((l) => "  " + l),
    `))`,
  ];
}

const at = (base: string, o: string) => `(i32.add (local.get $${base}) ${o})`;

function fn(name: string, params: string, locals: string[], body: string[]): string {
  return [
    `(func $${name} (export "${name}") ${params}`,
    ...locals.map((l) => "  " + l),
    ...body.map((l) => "  " + l),
    ")",
  ].join("\n");
}

function sgd(): string {
  const vec = (o: string) => [
    `(local.set $pv (v128.load ${at("p", o)}))`,
    // v = μ·v + (g + λ·p)
    `(local.set $vv (f64x2.add (f64x2.mul (local.get $muv) (v128.load ${
      at("v", o)
    })) (f64x2.add (v128.load ${at("g", o)}) (f64x2.mul (local.get $wdv) (local.get $pv)))))`,
    `(v128.store ${at("v", o)} (local.get $vv))`,
    // p = p − η·v
    `(v128.store ${
      at("p", o)
    } (f64x2.sub (local.get $pv) (f64x2.mul (local.get $lrv) (local.get $vv))))`,
  ];
  const scalar = (o: string) => [
    `(local.set $ps (f64.load ${at("p", o)}))`,
    `(local.set $vs (f64.add (f64.mul (local.get $mu) (f64.load ${
      at("v", o)
    })) (f64.add (f64.load ${at("g", o)}) (f64.mul (local.get $wd) (local.get $ps)))))`,
    `(f64.store ${at("v", o)} (local.get $vs))`,
    `(f64.store ${at("p", o)} (f64.sub (local.get $ps) (f64.mul (local.get $lr) (local.get $vs))))`,
  ];
  return fn(
    "sgd",
    `${i32Params(["p", "g", "v", "lo", "hi"])} (param $lr f64) (param $mu f64) (param $wd f64)`,
    [
      "(local $o i32) (local $end i32)",
      "(local $pv v128) (local $vv v128) (local $lrv v128) (local $muv v128) (local $wdv v128)",
      "(local $ps f64) (local $vs f64)",
    ],
    [
      `(local.set $lrv (f64x2.splat (local.get $lr)))`,
      `(local.set $muv (f64x2.splat (local.get $mu)))`,
      `(local.set $wdv (f64x2.splat (local.get $wd)))`,
      ...pairLoop(vec, scalar),
    ],
  );
}

/** Column sums over rows, two columns per vector; an odd last column alone. */
function biasGrad(): string {
  return fn(
    "bias_grad",
    i32Params(["g", "gb", "n", "m", "c0", "c1", "mean"]),
    [
      "(local $j i32) (local $i i32) (local $p i32) (local $row i32)",
      "(local $acc v128) (local $s f64) (local $nv v128)",
    ],
    [
      `(local.set $row (i32.shl (local.get $m) (i32.const 3)))`,
      `(local.set $nv (f64x2.splat (f64.convert_i32_u (local.get $n))))`,
      `(local.set $j (local.get $c0))`,
      `(block $cols_done (loop $cols`,
      `  (br_if $cols_done (i32.ge_s (i32.add (local.get $j) (i32.const 1)) (local.get $c1)))`,
      `  (local.set $acc (v128.const i64x2 0 0))`,
      `  (local.set $p (i32.add (local.get $g) (i32.shl (local.get $j) (i32.const 3))))`,
      `  (local.set $i (local.get $n))`,
      `  (block $rows_done (loop $rows`,
      `    (br_if $rows_done (i32.eqz (local.get $i)))`,
      `    (local.set $acc (f64x2.add (local.get $acc) (v128.load (local.get $p))))`,
      `    (local.set $p (i32.add (local.get $p) (local.get $row)))`,
      `    (local.set $i (i32.sub (local.get $i) (i32.const 1)))`,
      `    (br $rows)))`,
      `  (if (local.get $mean) (then (local.set $acc (f64x2.div (local.get $acc) (local.get $nv)))))`,
      `  (v128.store (i32.add (local.get $gb) (i32.shl (local.get $j) (i32.const 3))) (local.get $acc))`,
      `  (local.set $j (i32.add (local.get $j) (i32.const 2)))`,
      `  (br $cols)))`,
      `(if (i32.lt_s (local.get $j) (local.get $c1)) (then`,
      `  (local.set $s (f64.const 0))`,
      `  (local.set $p (i32.add (local.get $g) (i32.shl (local.get $j) (i32.const 3))))`,
      `  (local.set $i (local.get $n))`,
      `  (block $last_done (loop $last`,
      `    (br_if $last_done (i32.eqz (local.get $i)))`,
      `    (local.set $s (f64.add (local.get $s) (f64.load (local.get $p))))`,
      `    (local.set $p (i32.add (local.get $p) (local.get $row)))`,
      `    (local.set $i (i32.sub (local.get $i) (i32.const 1)))`,
      `    (br $last)))`,
      `  (if (local.get $mean) (then (local.set $s (f64.div (local.get $s) (f64.convert_i32_u (local.get $n))))))`,
      `  (f64.store (i32.add (local.get $gb) (i32.shl (local.get $j) (i32.const 3))) (local.get $s))`,
      `))`,
    ],
  );
}

/** out = src where z > 0, else +0 (a mask of all ones keeps the bits, zeros give +0). */
function reluLike(name: string, src: string, out: string): string {
  const z = "z";
  const mask = (o: string) => `(f64x2.gt (v128.load ${at(z, o)}) (v128.const i64x2 0 0))`;
  return fn(
    name,
    i32Params(["z", out, "lo", "hi"]),
    ["(local $o i32) (local $end i32)"],
    pairLoop(
      (o) => [`(v128.store ${at(out, o)} (v128.and (v128.load ${at(src, o)}) ${mask(o)}))`],
      (o) => [
        `(f64.store ${at(out, o)} (select (f64.load ${
          at(src, o)
        }) (f64.const 0) (f64.gt (f64.load ${at(z, o)}) (f64.const 0))))`,
      ],
    ),
  );
}

function sigmoidBwd(): string {
  const one = "(v128.const f64x2 1 1)";
  return fn(
    "sigmoid_bwd",
    i32Params(["a", "g", "lo", "hi"]),
    ["(local $o i32) (local $end i32) (local $av v128) (local $as f64)"],
    pairLoop(
      (o) => [
        `(local.set $av (v128.load ${at("a", o)}))`,
        `(v128.store ${at("g", o)} (f64x2.mul (f64x2.mul (v128.load ${
          at("g", o)
        }) (local.get $av)) (f64x2.sub ${one} (local.get $av))))`,
      ],
      (o) => [
        `(local.set $as (f64.load ${at("a", o)}))`,
        `(f64.store ${at("g", o)} (f64.mul (f64.mul (f64.load ${
          at("g", o)
        }) (local.get $as)) (f64.sub (f64.const 1) (local.get $as))))`,
      ],
    ),
  );
}

/**
 * x[r, ·] = table[img[row, ·]], eight bytes at a time: a chunk of eight 0 bytes (60% of MNIST's
 * chunks) stores table[0] four pairs at a time, any other is looked up byte by byte. Either way
 * every element is a copy of its table entry, so the values are those of the plain lookup.
 */
function gather(): string {
  const px = (k: number) =>
    `(f64.store offset=${
      k * 8
    } (local.get $dst) (f64.load (i32.add (local.get $table) (i32.shl (i32.load8_u offset=${k} (local.get $src)) (i32.const 3)))))`;
  return fn(
    "gather",
    i32Params(["img", "idx", "use_idx", "from", "n", "dim", "table", "x"]),
    [
      "(local $r i32) (local $row i32) (local $src i32) (local $dst i32) (local $end i32)",
      "(local $zero v128)",
    ],
    [
      `(local.set $zero (v128.load64_splat (local.get $table)))`,
      `(local.set $dst (local.get $x))`,
      `(local.set $r (i32.const 0))`,
      `(block $rows_done (loop $rows`,
      `  (br_if $rows_done (i32.ge_u (local.get $r) (local.get $n)))`,
      `  (local.set $row (i32.add (local.get $from) (local.get $r)))`,
      `  (if (local.get $use_idx) (then (local.set $row (i32.load (i32.add (local.get $idx) (i32.shl (local.get $row) (i32.const 2)))))))`,
      `  (local.set $src (i32.add (local.get $img) (i32.mul (local.get $row) (local.get $dim))))`,
      `  (local.set $end (i32.add (local.get $src) (i32.and (local.get $dim) (i32.const -8))))`,
      `  (block $chunks_done (loop $chunks`,
      `    (br_if $chunks_done (i32.ge_u (local.get $src) (local.get $end)))`,
      `    (if (i64.eqz (i64.load (local.get $src)))`,
      `      (then`,
      ...[0, 1, 2, 3].map((k) =>
        `        (v128.store${k ? ` offset=${k * 16}` : ""} (local.get $dst) (local.get $zero))`
      ),
      `      )`,
      `      (else`,
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((k) => "        " + px(k)),
      `      ))`,
      `    (local.set $src (i32.add (local.get $src) (i32.const 8)))`,
      `    (local.set $dst (i32.add (local.get $dst) (i32.const 64)))`,
      `    (br $chunks)))`,
      `  (local.set $end (i32.add (local.get $end) (i32.and (local.get $dim) (i32.const 7))))`,
      `  (block $rest_done (loop $rest`,
      `    (br_if $rest_done (i32.ge_u (local.get $src) (local.get $end)))`,
      `    ${px(0)}`,
      `    (local.set $src (i32.add (local.get $src) (i32.const 1)))`,
      `    (local.set $dst (i32.add (local.get $dst) (i32.const 8)))`,
      `    (br $rest)))`,
      `  (local.set $r (i32.add (local.get $r) (i32.const 1)))`,
      `  (br $rows)))`,
    ],
  );
}

/**
 * Marks the columns of x[n×k] whose n values are bitwise equal (i64 compare: -0 ≠ +0, a NaN
 * equals its own bits). Eight columns at a time, then two, then the last one; a group stops at
 * the first row where all of its columns have differed.
 */
function constCols(): string {
  const store = (v: string, lane: number, at: number) =>
    `(i32.store8${at ? ` offset=${at}` : ""} (i32.add (local.get $mask) (local.get $p)) ` +
    `(i32.wrap_i64 (i64.and (i64x2.extract_lane ${lane} (local.get $${v})) (i64.const 1))))`;
  const quad = [0, 1, 2, 3];
  return fn(
    "const_cols",
    i32Params(["x", "n", "k", "mask"]),
    [
      "(local $p i32) (local $i i32) (local $q i32) (local $row i32) (local $r i64) (local $one i32)",
      "(local $ref v128) (local $same v128)",
      ...quad.map((j) => `(local $ref${j} v128) (local $same${j} v128)`),
    ],
    [
      `(local.set $row (i32.shl (local.get $k) (i32.const 3)))`,
      `(block $octs_done (loop $octs`,
      `  (br_if $octs_done (i32.gt_u (i32.add (local.get $p) (i32.const 8)) (local.get $k)))`,
      `  (local.set $q (i32.add (local.get $x) (i32.shl (local.get $p) (i32.const 3))))`,
      ...quad.map((j) =>
        `  (local.set $ref${j} (v128.load${j ? ` offset=${16 * j}` : ""} (local.get $q)))`
      ),
      ...quad.map((j) => `  (local.set $same${j} (v128.const i64x2 -1 -1))`),
      `  (local.set $i (i32.const 1))`,
      `  (block $orows_done (loop $orows`,
      `    (br_if $orows_done (i32.ge_u (local.get $i) (local.get $n)))`,
      `    (br_if $orows_done (i32.eqz (v128.any_true (v128.or (v128.or (local.get $same0) (local.get $same1)) (v128.or (local.get $same2) (local.get $same3))))))`,
      `    (local.set $q (i32.add (local.get $q) (local.get $row)))`,
      ...quad.map((j) =>
        `    (local.set $same${j} (v128.and (local.get $same${j}) (i64x2.eq (v128.load${
          j ? ` offset=${16 * j}` : ""
        } (local.get $q)) (local.get $ref${j}))))`
      ),
      `    (local.set $i (i32.add (local.get $i) (i32.const 1)))`,
      `    (br $orows)))`,
      ...quad.flatMap((j) => [store(`same${j}`, 0, 2 * j), store(`same${j}`, 1, 2 * j + 1)]),
      `  (local.set $p (i32.add (local.get $p) (i32.const 8)))`,
      `  (br $octs)))`,
      `(block $pairs_done (loop $pairs`,
      `  (br_if $pairs_done (i32.ge_u (i32.add (local.get $p) (i32.const 1)) (local.get $k)))`,
      `  (local.set $q (i32.add (local.get $x) (i32.shl (local.get $p) (i32.const 3))))`,
      `  (local.set $ref (v128.load (local.get $q)))`,
      `  (local.set $same (v128.const i64x2 -1 -1))`,
      `  (local.set $i (i32.const 1))`,
      `  (block $rows_done (loop $rows`,
      `    (br_if $rows_done (i32.ge_u (local.get $i) (local.get $n)))`,
      `    (br_if $rows_done (i32.eqz (v128.any_true (local.get $same))))`,
      `    (local.set $q (i32.add (local.get $q) (local.get $row)))`,
      `    (local.set $same (v128.and (local.get $same) (i64x2.eq (v128.load (local.get $q)) (local.get $ref))))`,
      `    (local.set $i (i32.add (local.get $i) (i32.const 1)))`,
      `    (br $rows)))`,
      `  ${store("same", 0, 0)}`,
      `  ${store("same", 1, 1)}`,
      `  (local.set $p (i32.add (local.get $p) (i32.const 2)))`,
      `  (br $pairs)))`,
      `(if (i32.lt_u (local.get $p) (local.get $k)) (then`,
      `  (local.set $q (i32.add (local.get $x) (i32.shl (local.get $p) (i32.const 3))))`,
      `  (local.set $r (i64.load (local.get $q)))`,
      `  (local.set $one (i32.const 1))`,
      `  (local.set $i (i32.const 1))`,
      `  (block $last_done (loop $last`,
      `    (br_if $last_done (i32.ge_u (local.get $i) (local.get $n)))`,
      `    (local.set $q (i32.add (local.get $q) (local.get $row)))`,
      `    (if (i64.ne (i64.load (local.get $q)) (local.get $r)) (then (local.set $one (i32.const 0)) (br $last_done)))`,
      `    (local.set $i (i32.add (local.get $i) (i32.const 1)))`,
      `    (br $last)))`,
      `  (i32.store8 (i32.add (local.get $mask) (local.get $p)) (local.get $one))`,
      `))`,
    ],
  );
}

/** How many leading columns of x[n×k] hold the same bits in every row (xw starts after them). */
function constPrefix(): string {
  return fn(
    "const_prefix",
    `${i32Params(["x", "n", "k"])} (result i32)`,
    ["(local $p i32) (local $q i32) (local $i i32) (local $row i32) (local $r i64)"],
    [
      `(local.set $row (i32.shl (local.get $k) (i32.const 3)))`,
      `(block $done (loop $cols`,
      `  (br_if $done (i32.ge_u (local.get $p) (local.get $k)))`,
      `  (local.set $q (i32.add (local.get $x) (i32.shl (local.get $p) (i32.const 3))))`,
      `  (local.set $r (i64.load (local.get $q)))`,
      `  (local.set $i (i32.const 1))`,
      `  (block $constant (loop $rows`,
      `    (br_if $constant (i32.ge_u (local.get $i) (local.get $n)))`,
      `    (local.set $q (i32.add (local.get $q) (local.get $row)))`,
      `    (br_if $done (i64.ne (i64.load (local.get $q)) (local.get $r)))`,
      `    (local.set $i (i32.add (local.get $i) (i32.const 1)))`,
      `    (br $rows)))`,
      `  (local.set $p (i32.add (local.get $p) (i32.const 1)))`,
      `  (br $cols)))`,
      `(local.get $p)`,
    ],
  );
}

/**
 * Packs column ranges of a row-major matrix (the openblas backend's compaction of the columns
 * that vary over a batch, and of w's matching rows): plain 16-byte copies, bits unchanged.
 */
function copyCols(): string {
  // adjacent ranges are merged into one run before copying (xtg's plan cuts long runs into
  // blocks for the two threads), so each row makes one copy per run of kept columns
  const flush = [
    `(if (i32.gt_u (local.get $rb) (local.get $ra)) (then`,
    `  (local.set $s (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $stride)) (i32.mul (local.get $ra) (local.get $unit))) (i32.const 3))))`,
    `  (local.set $e (i32.shl (i32.mul (i32.sub (local.get $rb) (local.get $ra)) (local.get $unit)) (i32.const 3)))`,
    `  (if (i32.and (local.get $e) (i32.const 8)) (then`,
    `    (i64.store (local.get $dst) (i64.load (local.get $s)))`,
    `    (local.set $s (i32.add (local.get $s) (i32.const 8)))`,
    `    (local.set $dst (i32.add (local.get $dst) (i32.const 8)))))`,
    `  (local.set $e (i32.add (local.get $s) (i32.and (local.get $e) (i32.const -16))))`,
    `  (block $copy4_done (loop $copy4`,
    `    (br_if $copy4_done (i32.gt_u (i32.add (local.get $s) (i32.const 64)) (local.get $e)))`,
    ...[0, 1, 2, 3].map((j) => {
      const o = j ? ` offset=${16 * j}` : "";
      return `    (v128.store${o} (local.get $dst) (v128.load${o} (local.get $s)))`;
    }),
    `    (local.set $s (i32.add (local.get $s) (i32.const 64)))`,
    `    (local.set $dst (i32.add (local.get $dst) (i32.const 64)))`,
    `    (br $copy4)))`,
    `  (block $copy_done (loop $copy`,
    `    (br_if $copy_done (i32.ge_u (local.get $s) (local.get $e)))`,
    `    (v128.store (local.get $dst) (v128.load (local.get $s)))`,
    `    (local.set $s (i32.add (local.get $s) (i32.const 16)))`,
    `    (local.set $dst (i32.add (local.get $dst) (i32.const 16)))`,
    `    (br $copy)))))`,
  ];
  return fn(
    "copy_cols",
    i32Params(["src", "rows", "stride", "list", "ranges", "unit", "dst"]),
    [
      "(local $r i32) (local $d i32) (local $a i32) (local $b i32) (local $s i32) (local $e i32)",
      "(local $ra i32) (local $rb i32)",
    ],
    [
      `(block $rows_done (loop $rows`,
      `  (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))`,
      `  (local.set $ra (i32.const 0))`,
      `  (local.set $rb (i32.const 0))`,
      `  (local.set $d (i32.const 0))`,
      `  (block $ranges_done (loop $ranges`,
      `    (br_if $ranges_done (i32.ge_u (local.get $d) (local.get $ranges)))`,
      `    (local.set $a (i32.load (i32.add (local.get $list) (i32.shl (local.get $d) (i32.const 3)))))`,
      `    (local.set $b (i32.load offset=4 (i32.add (local.get $list) (i32.shl (local.get $d) (i32.const 3)))))`,
      `    (local.set $d (i32.add (local.get $d) (i32.const 1)))`,
      `    (if (i32.eq (local.get $a) (local.get $rb)) (then`,
      `      (local.set $rb (local.get $b))`,
      `      (br $ranges)))`,
      ...flush.map((l) => "    " + l),
      `    (local.set $ra (local.get $a))`,
      `    (local.set $rb (local.get $b))`,
      `    (br $ranges)))`,
      ...flush.map((l) => "  " + l),
      `  (local.set $r (i32.add (local.get $r) (i32.const 1)))`,
      `  (br $rows)))`,
    ],
  );
}

/**
 * Undoes copy_cols on the rows of a product's output: the packed rows at the top of gw go to
 * their ranges' rows. Last range first, so no move overwrites a packed row not yet moved
 * (every range lands at or below its packed place; memory.copy handles the overlap).
 */
function spreadRows(): string {
  return fn(
    "spread_rows",
    i32Params(["gw", "unit", "list", "ranges"]),
    ["(local $d i32) (local $a i32) (local $b i32) (local $top i32) (local $bytes i32)"],
    [
      `(local.set $bytes (i32.shl (local.get $unit) (i32.const 3)))`,
      `(block $sum_done (loop $sum`,
      `  (br_if $sum_done (i32.ge_u (local.get $d) (local.get $ranges)))`,
      `  (local.set $top (i32.add (local.get $top) (i32.sub (i32.load offset=4 (i32.add (local.get $list) (i32.shl (local.get $d) (i32.const 3)))) (i32.load (i32.add (local.get $list) (i32.shl (local.get $d) (i32.const 3)))))))`,
      `  (local.set $d (i32.add (local.get $d) (i32.const 1)))`,
      `  (br $sum)))`,
      `(block $moves_done (loop $moves`,
      `  (br_if $moves_done (i32.eqz (local.get $d)))`,
      `  (local.set $d (i32.sub (local.get $d) (i32.const 1)))`,
      `  (local.set $a (i32.load (i32.add (local.get $list) (i32.shl (local.get $d) (i32.const 3)))))`,
      `  (local.set $b (i32.load offset=4 (i32.add (local.get $list) (i32.shl (local.get $d) (i32.const 3)))))`,
      `  (local.set $top (i32.sub (local.get $top) (i32.sub (local.get $b) (local.get $a))))`,
      `  (memory.copy`,
      `    (i32.add (local.get $gw) (i32.mul (local.get $a) (local.get $bytes)))`,
      `    (i32.add (local.get $gw) (i32.mul (local.get $top) (local.get $bytes)))`,
      `    (i32.mul (i32.sub (local.get $b) (local.get $a)) (local.get $bytes)))`,
      `  (br $moves)))`,
    ],
  );
}

/** Copies whole rows of gw (xtg's repeated constant columns take their twin's row). */
function copyRows(): string {
  return fn(
    "copy_rows",
    i32Params(["gw", "unit", "pairs", "count"]),
    ["(local $d i32) (local $bytes i32) (local $q i32)"],
    [
      `(local.set $bytes (i32.shl (local.get $unit) (i32.const 3)))`,
      `(block $done (loop $rows`,
      `  (br_if $done (i32.ge_u (local.get $d) (local.get $count)))`,
      `  (local.set $q (i32.add (local.get $pairs) (i32.shl (local.get $d) (i32.const 3))))`,
      `  (memory.copy`,
      `    (i32.add (local.get $gw) (i32.mul (i32.load (local.get $q)) (local.get $bytes)))`,
      `    (i32.add (local.get $gw) (i32.mul (i32.load offset=4 (local.get $q)) (local.get $bytes)))`,
      `    (local.get $bytes))`,
      `  (local.set $d (i32.add (local.get $d) (i32.const 1)))`,
      `  (br $rows)))`,
    ],
  );
}

/**
 * Adds whole rows of src into rows of dst, in list order (the openblas backend sums w's rows of
 * equal constant columns into one packed row).
 */
function addRows(): string {
  return fn(
    "add_rows",
    i32Params(["dst", "src", "unit", "pairs", "count"]),
    [
      "(local $d i32) (local $bytes i32) (local $q i32) (local $s i32) (local $t i32)",
      "(local $e i32)",
    ],
    [
      `(local.set $bytes (i32.shl (local.get $unit) (i32.const 3)))`,
      `(block $done (loop $rows`,
      `  (br_if $done (i32.ge_u (local.get $d) (local.get $count)))`,
      `  (local.set $q (i32.add (local.get $pairs) (i32.shl (local.get $d) (i32.const 3))))`,
      `  (local.set $s (i32.add (local.get $src) (i32.mul (i32.load (local.get $q)) (local.get $bytes))))`,
      `  (local.set $t (i32.add (local.get $dst) (i32.mul (i32.load offset=4 (local.get $q)) (local.get $bytes))))`,
      `  (local.set $e (i32.add (local.get $s) (i32.and (local.get $bytes) (i32.const -16))))`,
      `  (block $pairs_done (loop $pairs`,
      `    (br_if $pairs_done (i32.ge_u (local.get $s) (local.get $e)))`,
      `    (v128.store (local.get $t) (f64x2.add (v128.load (local.get $t)) (v128.load (local.get $s))))`,
      `    (local.set $s (i32.add (local.get $s) (i32.const 16)))`,
      `    (local.set $t (i32.add (local.get $t) (i32.const 16)))`,
      `    (br $pairs)))`,
      `  (if (i32.and (local.get $unit) (i32.const 1)) (then`,
      `    (f64.store (local.get $t) (f64.add (f64.load (local.get $t)) (f64.load (local.get $s))))))`,
      `  (local.set $d (i32.add (local.get $d) (i32.const 1)))`,
      `  (br $rows)))`,
    ],
  );
}

/** The functions' text, to be placed inside the module. */
export function generateElementwiseWat(): string[] {
  return [
    sgd(),
    biasGrad(),
    reluLike("relu_fwd", "z", "a"),
    reluLike("relu_bwd", "g", "g"),
    sigmoidBwd(),
    gather(),
    constCols(),
    constPrefix(),
    copyCols(),
    spreadRows(),
    copyRows(),
    addRows(),
  ];
}
