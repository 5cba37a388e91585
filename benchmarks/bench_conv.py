"""Forward + backward of one batch through a small CNN — course_lib vs a naive loop convolution vs PyTorch.

The network (notebook 06's): 64 letters (1×17×17) → Conv2d 3×3 ×8, padding 1 → ReLU → 2×2 max pool
→ flatten (8·8·8 = 512) → dense to 26 → softmax cross-entropy; float32; one forward and one backward pass.

    course_lib   Conv2d (im2col) + ReLU + MaxPool2d + Flatten + Linear + SoftmaxCrossEntropyLoss
    naive_loops  the same, but the convolution forward and backward written as loops over
                 samples × filters × output rows × output columns (benchmarks/naive_conv.py)
    pytorch      torch.nn equivalents on the CPU, if torch is installed

Each in its own process, at 1 and at the default number of threads (benchmarks/runner.py), interleaved,
medians with their interquartile range. Goals:
course_lib ≤ 1.5 × PyTorch's time, and ≥ 100 × faster than the loops. It measures; it never fails.

    python benchmarks/bench_conv.py
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from runner import cli  # noqa: E402

N, K = 64, 26
IMPLS = ("course_lib", "naive_loops", "pytorch")
REPEATS = {"course_lib": 30, "naive_loops": 2, "pytorch": 30}


def make_batch():
    import numpy as np

    rng = np.random.default_rng(0)
    return (rng.random((N, 1, 17, 17)) < 0.25).astype(np.float32), rng.integers(0, K, N)


def run_course_lib():
    import numpy as np

    import course_lib as cl

    X, y = make_batch()
    rng = np.random.default_rng(0)
    model = cl.Sequential(
        [
            cl.Conv2d(1, 8, 3, rng, padding=1),
            cl.ReLU(),
            cl.MaxPool2d(2),
            cl.Flatten(),
            cl.Linear(512, K, rng, init="xavier"),
        ]
    )
    loss = cl.SoftmaxCrossEntropyLoss()

    def run():
        loss.forward(model.forward(X), y)
        model.backward(loss.backward(), need_dx=False)

    return run


def run_naive_loops():
    import numpy as np

    import course_lib as cl
    import naive_conv

    X, y = make_batch()
    rng = np.random.default_rng(0)
    conv = cl.Conv2d(1, 8, 3, rng, padding=1)
    W, b = conv.params["W"], conv.params["b"]
    rest = cl.Sequential([cl.ReLU(), cl.MaxPool2d(2), cl.Flatten(), cl.Linear(512, K, rng, init="xavier")])
    loss = cl.SoftmaxCrossEntropyLoss()

    def run():
        z, xp = naive_conv.conv_forward(X, W, b, 1)
        loss.forward(rest.forward(z), y)
        naive_conv.conv_backward(rest.backward(loss.backward()), xp, W, 1)

    return run


def run_pytorch():
    import torch

    X, y = make_batch()
    X, y = torch.from_numpy(X), torch.from_numpy(y)
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, 3, padding=1),
        torch.nn.ReLU(),
        torch.nn.MaxPool2d(2),
        torch.nn.Flatten(),
        torch.nn.Linear(512, K),
    )
    loss_fn = torch.nn.CrossEntropyLoss()

    def run():
        model.zero_grad()
        loss_fn(model(X), y).backward()

    return run


def ratios(ms):
    line = f"naive_loops / course_lib = {ms['naive_loops'] / ms['course_lib']:.0f}× (goal ≥ 100)"
    if ms["pytorch"]:
        line += f",  course_lib / pytorch = {ms['course_lib'] / ms['pytorch']:.2f} (goal ≤ 1.5)"
    return line


if __name__ == "__main__":
    cli(
        __doc__,
        __file__,
        IMPLS,
        REPEATS,
        {impl: globals()[f"run_{impl}"] for impl in IMPLS},
        ratios,
        unit="ms per batch",
    )
