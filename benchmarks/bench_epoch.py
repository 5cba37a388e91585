"""How long does one training epoch of the seed lab's task take? (`make bench`)

The task: a 289-20-26 sigmoid network, sigmoid cross-entropy, plain SGD (lr 1.0), batch 1024,
40 000 samples of 289 binary features, float32, a fresh shuffle every epoch. Implementations:

    course_lib   the course's modular layers driven by `Trainer.train_epoch` (the real code path, which
                 also records every layer's gradient norm at every step)
    seed_style   the lab's structure: per-sample `np.dot` loops over column vectors (benchmarks/seed_style.py)
    pytorch      torch.nn + torch.optim.SGD on the CPU, if torch is installed (it is not a course dependency)
    gemm_only    just the six matrix products of each step in numpy: a floor for any numpy implementation

Each implementation runs in its own process (their thread pools disturb each other), once limited to one
thread and once with the default number of threads; the epochs of all of them are interleaved round by
round (benchmarks/runner.py). The script prints the median milliseconds per epoch with their
interquartile range, and the ratios of the medians the course aims for:
course_lib ≤ 0.75 × PyTorch, and seed_style ≥ 15 × course_lib. It measures; it never fails.

    python benchmarks/bench_epoch.py            # everything (about a minute)
    python benchmarks/bench_epoch.py --json results.json    # and the results for the report
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from runner import cli  # noqa: E402

N, D, H, K, BATCH = 40_000, 289, 20, 26, 1024
IMPLS = ("course_lib", "seed_style", "pytorch", "gemm_only")
REPEATS = {"course_lib": 9, "seed_style": 3, "pytorch": 9, "gemm_only": 9}


def make_data():
    import numpy as np

    rng = np.random.default_rng(0)
    X = (rng.random((N, D)) < 0.25).astype(np.float32)
    y = rng.integers(0, K, N)
    return X, y


def epoch_course_lib():
    import course_lib as cl

    X, y = make_data()
    model = cl.mlp((D, H, K), "sigmoid", init="seed", rng=0, output_activation=None)
    trainer = cl.Trainer(model, cl.SigmoidCrossEntropyLoss(), cl.SGD(model, lr=1.0), X, y, batch_size=BATCH)
    return trainer.train_epoch


def epoch_seed_style():
    import numpy as np

    import seed_style

    X, y = make_data()
    X = X.reshape(N, D, 1)
    rng = np.random.default_rng(0)
    layers, loss = seed_style.build(rng)
    return lambda: seed_style.train_epoch(layers, loss, X, y, BATCH, rng)


def epoch_pytorch():
    import torch

    X, y = make_data()
    X, Y = torch.from_numpy(X), torch.nn.functional.one_hot(torch.from_numpy(y), K).float()
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(D, H), torch.nn.Sigmoid(), torch.nn.Linear(H, K))
    loss_fn = torch.nn.BCEWithLogitsLoss(reduction="sum")
    opt = torch.optim.SGD(model.parameters(), lr=1.0)

    def run():
        order = torch.randperm(N)
        Xs, Ys = X[order], Y[order]
        for start in range(0, N, BATCH):
            xb, yb = Xs[start : start + BATCH], Ys[start : start + BATCH]
            opt.zero_grad()
            loss = loss_fn(model(xb), yb) / len(xb)
            loss.backward()
            opt.step()

    return run


def epoch_gemm_only():
    import numpy as np

    X, _ = make_data()
    rng = np.random.default_rng(0)
    W1, W2 = rng.standard_normal((D, H), np.float32), rng.standard_normal((H, K), np.float32)

    def run():
        for start in range(0, N, BATCH):
            x = X[start : start + BATCH]
            h = x @ W1
            out = h @ W2
            _dW2 = h.T @ out  # computed to be timed, as a backward pass would
            dh = out @ W2.T
            _dW1 = x.T @ dh
            dh @ W1.T  # the input gradient, as a layer-by-layer backward would compute it

    return run


def ratios(ms):
    line = f"seed_style / course_lib = {ms['seed_style'] / ms['course_lib']:.1f}× (goal ≥ 15)"
    if ms["pytorch"]:
        line += f",  course_lib / pytorch = {ms['course_lib'] / ms['pytorch']:.2f} (goal ≤ 0.75)"
    return line + f",  course_lib / gemm_only = {ms['course_lib'] / ms['gemm_only']:.2f}"


if __name__ == "__main__":
    cli(
        __doc__,
        __file__,
        IMPLS,
        REPEATS,
        {impl: globals()[f"epoch_{impl}"] for impl in IMPLS},
        ratios,
        unit="ms per epoch",
    )
