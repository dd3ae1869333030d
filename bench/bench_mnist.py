"""MNIST training speed: the course's numpy network against PyTorch (CPU) and scikit-learn, in one run.

The reference is the notebook's own code: the solution cells and the given `train` function of
source/05_mnist/05_mnist.ipynb are read from the notebook and executed (function definitions only), so
the benchmark measures exactly what students build. The peers train the same architecture (784-H-10, ReLU,
softmax cross-entropy), with the same batch size, optimizer (Adam) and learning rate, on the same data:

* PyTorch on the CPU, once with 1 thread (like the notebook, which runs its small matrix products on one
  BLAS thread) and once with torch's default thread count;
* scikit-learn's MLPClassifier (solver="adam", alpha=0, one `partial_fit` per epoch; it has no
  learning-rate decay, so it runs at the initial learning rate throughout).

The implementations take turns, one epoch each (round robin), so that a change in the machine's load hits
them alike. It prints the median and the fastest epoch time of each (training only, evaluation excluded),
the ratio of each peer's median to the numpy median (above 1: numpy is faster) and the test accuracy after
the last epoch. Data: MNIST from
$MNIST_DIR, ../shared/mnist or the download cache (load_mnist without downloading); the fallback digits
are used, and said so, when none is there.

    python bench/bench_mnist.py                 # full MNIST, 6 epochs, 512 hidden units (a few minutes)
    python bench/bench_mnist.py --epochs 2 --hidden 256
    python bench/bench_mnist.py --quick         # 2,000 images, 1 epoch, 64 hidden units (smoke run)

PyTorch is optional (bench/requirements.txt pins it): without it, its rows say "skipped".
"""
from __future__ import annotations

import argparse
import ast
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import ROOT, log, machine_lines, table  # noqa: E402

import numpy as np  # noqa: E402

NOTEBOOK = ROOT / "source" / "05_mnist" / "05_mnist.ipynb"
DEEP_NOTEBOOK = ROOT / "source" / "06_deep_net" / "06_deep_net.ipynb"
NEEDS = {NOTEBOOK: ("train", "init_he", "forward", "backward", "adam_update", "accuracy", "as_columns"),
         DEEP_NOTEBOOK: ("init_deep", "forward", "backward", "adam_update", "predict", "one_hot")}


def notebook_functions(path: Path = NOTEBOOK) -> dict:
    """Every top-level function and class defined in the notebook's non-test code cells, in one namespace.

    The cells' other statements (loading data, training, figures) are skipped; the imports of the first
    code cell that the functions need are provided.
    """
    nb = json.loads(path.read_text())
    namespace: dict = {"__name__": "mnist_reference"}
    exec("import time\nimport numpy as np\nfrom threadpoolctl import threadpool_limits\n"
         "from tqdm.auto import tqdm\n", namespace)
    for cell in nb["cells"]:
        if cell["cell_type"] != "code" or cell["metadata"].get("nbgrader", {}).get("grade"):
            continue
        source = "".join(cell["source"])
        source = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
        tree = ast.parse(source)
        tree.body = [node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))]
        exec(compile(tree, f"{path.name}", "exec"), namespace)
    for name in NEEDS[path]:
        if name not in namespace:
            raise SystemExit(f"{path} defines no function {name!r}: the benchmark needs the notebook's code")
    return namespace


class NumpyRun:
    """The notebook's `train`, one epoch per call, continuing from the previous epoch's optimizer state."""

    name = "numpy, this course (notebook code)"

    def __init__(self, ref, X, y, X_test, y_test, args):
        self.ref, self.X, self.y, self.X_test, self.y_test, self.args = ref, X, y, X_test, y_test, args
        self.params, self.state, self.epoch, self.threads = ref["init_he"]([784, args.hidden, 10]), {}, 0, 1

    def run_epoch(self) -> float:
        a = self.args
        self.params, history = self.ref["train"](
            self.params, self.X, self.y, self.ref["adam_update"], epochs=1,
            learning_rate=a.lr * a.decay ** self.epoch, batch_size=a.batch, seed=self.epoch, progress=False,
            state=self.state)
        self.state, self.epoch = history["state"], self.epoch + 1
        return history["seconds"]

    def accuracy(self) -> float:
        return self.ref["accuracy"](self.X_test, self.y_test, self.params)


class TorchRun:
    """The same network, loss, batch size, Adam and learning-rate decay in PyTorch (CPU)."""

    def __init__(self, X_rows, y, X_test_rows, y_test, args, threads):
        import torch

        self.torch, self.threads, self.args = torch, threads, args
        self.name = f"PyTorch {torch.__version__.split('+')[0]} CPU"
        torch.manual_seed(0)
        self.model = torch.nn.Sequential(torch.nn.Linear(784, args.hidden), torch.nn.ReLU(),
                                         torch.nn.Linear(args.hidden, 10))
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=args.lr)
        self.schedule = torch.optim.lr_scheduler.ExponentialLR(self.optimizer, gamma=args.decay)
        self.loss_fn = torch.nn.CrossEntropyLoss()
        self.X, self.y = torch.from_numpy(X_rows), torch.from_numpy(y.astype(np.int64))
        self.X_test, self.y_test = torch.from_numpy(X_test_rows), y_test
        self.generator = torch.Generator().manual_seed(0)

    def run_epoch(self) -> float:
        torch, batch = self.torch, self.args.batch
        old = torch.get_num_threads()
        torch.set_num_threads(self.threads)
        try:
            t0 = time.perf_counter()
            perm = torch.randperm(len(self.y), generator=self.generator)
            Xs, ys = self.X[perm], self.y[perm]
            for i in range(0, len(ys), batch):
                self.optimizer.zero_grad(set_to_none=True)
                loss = self.loss_fn(self.model(Xs[i:i + batch]), ys[i:i + batch])
                loss.backward()
                self.optimizer.step()
            self.schedule.step()
            return time.perf_counter() - t0
        finally:
            torch.set_num_threads(old)

    def accuracy(self) -> float:
        with self.torch.no_grad():
            predicted = self.model(self.X_test).argmax(dim=1).numpy()
        return float(np.mean(predicted == self.y_test))


class SklearnRun:
    """scikit-learn's MLPClassifier, one epoch per partial_fit (Adam, alpha=0, constant learning rate)."""

    def __init__(self, X_rows, y, X_test_rows, y_test, args):
        import sklearn
        from sklearn.neural_network import MLPClassifier
        from threadpoolctl import threadpool_info

        self.name = f"scikit-learn {sklearn.__version__} MLPClassifier"
        self.threads = max((i.get("num_threads", 1) for i in threadpool_info() if i.get("user_api") == "blas"),
                           default=1)
        self.model = MLPClassifier(hidden_layer_sizes=(args.hidden,), activation="relu", solver="adam", alpha=0.0,
                                   batch_size=args.batch, learning_rate_init=args.lr, shuffle=True, random_state=0)
        self.X, self.y, self.X_test, self.y_test = X_rows, y, X_test_rows, y_test

    def run_epoch(self) -> float:
        t0 = time.perf_counter()
        self.model.partial_fit(self.X, self.y, classes=np.arange(10))
        return time.perf_counter() - t0

    def accuracy(self) -> float:
        return float(self.model.score(self.X_test, self.y_test))


class DeepNumpyRun:
    """Notebook 06's L-layer network (its init_deep, forward with dropout, backward, adam_update, predict), one
    epoch per call: the minibatch loop of the notebook's `fit`, on one BLAS thread like the notebook."""

    name = "numpy, this course (notebook 06 code)"

    def __init__(self, ref, X, y, X_test, y_test, args):
        self.ref, self.X_test, self.y_test, self.args, self.threads = ref, X_test, y_test, args, 1
        self.params = {k: v.astype(np.float32) for k, v in ref["init_deep"](args.deep_sizes, "he", 0).items()}
        self.rows, self.Y_rows = np.ascontiguousarray(X.T), ref["one_hot"](y, 10).T.astype(np.float32)
        self.rng, self.state, self.step, self.epoch = np.random.default_rng(0), {}, 0, 0

    def run_epoch(self) -> float:
        from threadpoolctl import threadpool_limits

        ref, a, layers = self.ref, self.args, len(self.args.deep_sizes)
        lr = a.lr * a.decay ** self.epoch
        with threadpool_limits(limits=1, user_api="blas"):
            t0 = time.perf_counter()
            perm = self.rng.permutation(len(self.rows))
            rows, Y_rows = self.rows[perm], self.Y_rows[perm]
            for i in range(0, len(rows), a.batch):
                Xb, Yb = rows[i:i + a.batch].T, Y_rows[i:i + a.batch].T
                AL, caches = ref["forward"](Xb, self.params, "relu", a.keep_prob, self.step * layers)
                grads = ref["backward"](Xb, Yb, self.params, caches, "relu")
                self.params, self.state = ref["adam_update"](self.params, grads, self.state, lr)
                self.step += 1
            seconds = time.perf_counter() - t0
        self.epoch += 1
        return seconds

    def accuracy(self) -> float:
        return float(np.mean(self.ref["predict"](self.X_test, self.params) == self.y_test))


class DeepTorchRun(TorchRun):
    """The same L-layer network in PyTorch: Linear, ReLU and Dropout(1 - keep_prob) per hidden layer."""

    def __init__(self, X_rows, y, X_test_rows, y_test, args, threads):
        super().__init__(X_rows, y, X_test_rows, y_test, args, threads)
        torch, sizes = self.torch, args.deep_sizes
        torch.manual_seed(0)
        layers = []
        for n_in, n_out in zip(sizes[:-2], sizes[1:-1]):
            layers += [torch.nn.Linear(n_in, n_out), torch.nn.ReLU()]
            if args.keep_prob < 1:
                layers.append(torch.nn.Dropout(1 - args.keep_prob))
        self.model = torch.nn.Sequential(*layers, torch.nn.Linear(sizes[-2], sizes[-1]))
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=args.lr)
        self.schedule = torch.optim.lr_scheduler.ExponentialLR(self.optimizer, gamma=args.decay)

    def run_epoch(self) -> float:
        self.model.train()
        return super().run_epoch()

    def accuracy(self) -> float:
        self.model.eval()
        return super().accuracy()


def round_robin(runs, epochs: int, what: str) -> dict:
    """Epoch times of every run, one epoch of each in turn: a change in the machine's load hits them alike."""
    seconds = {id(run): [] for run in runs}
    for epoch in range(epochs):
        for run in runs:
            seconds[id(run)].append(run.run_epoch())
        log(f"{what}, epoch {epoch + 1}/{epochs}: " + ", ".join(f"{s[-1]:.2f}s" for s in seconds.values()))
    return seconds


def result_table(runs, seconds: dict, torch_missing: bool) -> str:
    median = {key: float(np.median(s)) for key, s in seconds.items()}
    base = median[id(runs[0])]
    rows = [[run.name, str(run.threads), f"{median[id(run)]:.2f}", f"{min(seconds[id(run)]):.2f}",
             f"{median[id(run)] / base:.2f}", f"{run.accuracy():.4f}"] for run in runs]
    if torch_missing:
        rows.append(["PyTorch CPU", "-", "skipped", "", "", "(torch not installed: pip install -r bench/requirements.txt)"])
    return table(["implementation", "threads", "s / epoch (median)", "fastest epoch", "peer / numpy",
                  "test accuracy"], rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 images, 1 epoch, 64 hidden units")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--hidden", type=int, default=512)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--decay", type=float, default=0.75, help="learning rate factor per epoch")
    parser.add_argument("--no-sklearn", action="store_true", help="skip the (slow) scikit-learn peer")
    parser.add_argument("--deep", default="256,128", help="hidden sizes of the deep network of notebook 06")
    parser.add_argument("--keep-prob", type=float, default=0.8, help="dropout's keep probability in the deep network")
    parser.add_argument("--no-deep", action="store_true", help="skip the deep network's table")
    args = parser.parse_args(argv)
    if args.quick:
        args.epochs, args.hidden, args.deep = 1, 64, "32,16"
    args.deep_sizes = [784, *(int(n) for n in args.deep.split(",")), 10]

    from course.mnist import load_mnist

    ref = notebook_functions()
    data = load_mnist(download=False, progress=False, verbose=False)
    x_train, y_train, x_test, y_test = data
    if args.quick:
        x_train, y_train, x_test, y_test = x_train[:2000], y_train[:2000], x_test[:1000], y_test[:1000]
    X, X_test = ref["as_columns"](x_train), ref["as_columns"](x_test)  # (784, m) float32, the notebook's layout
    X_rows, X_test_rows = np.ascontiguousarray(X.T), np.ascontiguousarray(X_test.T)  # (m, 784) for the peers

    runs = [NumpyRun(ref, X, y_train, X_test, y_test, args)]
    try:
        import torch
    except ImportError:
        torch = None
    if torch is not None:
        runs.append(TorchRun(X_rows, y_train, X_test_rows, y_test, args, threads=1))
        if torch.get_num_threads() > 1:
            runs.append(TorchRun(X_rows, y_train, X_test_rows, y_test, args, threads=torch.get_num_threads()))
    if not args.no_sklearn:
        runs.append(SklearnRun(X_rows, y_train, X_test_rows, y_test, args))

    seconds = round_robin(runs, args.epochs, f"784-{args.hidden}-10")
    source = data.source.replace(str(ROOT.parent), "..")  # the shared folder, named as the README names it
    print(f"data: {source} ({len(y_train):,} training, {len(y_test):,} test images)"
          + ("" if data.is_full else "  [NOT the full MNIST]"))
    print(f"network 784-{args.hidden}-10 ReLU/softmax, Adam lr {args.lr:g} (x{args.decay:g} per epoch; "
          f"scikit-learn: constant), batch {args.batch}, {args.epochs} epoch(s), float32")
    print(result_table(runs, seconds, torch is None))
    print("peer / numpy: ratio of median epoch times; above 1, the course's numpy network is faster.")

    if not args.no_deep:
        deep = notebook_functions(DEEP_NOTEBOOK)
        deep_runs = [DeepNumpyRun(deep, X, y_train, X_test, y_test, args)]
        if torch is not None:
            deep_runs.append(DeepTorchRun(X_rows, y_train, X_test_rows, y_test, args, threads=1))
            if torch.get_num_threads() > 1:
                deep_runs.append(DeepTorchRun(X_rows, y_train, X_test_rows, y_test, args,
                                              threads=torch.get_num_threads()))
        architecture = "-".join(map(str, args.deep_sizes))
        seconds = round_robin(deep_runs, args.epochs, architecture)
        print(f"\nnetwork {architecture} ReLU/softmax (notebook 06), inverted dropout keep_prob {args.keep_prob:g} "
              f"after each hidden layer, Adam lr {args.lr:g} (x{args.decay:g} per epoch), batch {args.batch}, "
              f"{args.epochs} epoch(s), float32")
        print(result_table(deep_runs, seconds, torch is None))
    print(machine_lines()[-1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
