"""Forward + backpropagation through time for a batch of sequences: course_lib's RNN and LSTM vs PyTorch's.

A batch of 32 sequences of length 50, input size 10, hidden size 64, float32; the loss gradient is a
fixed random array on every hidden state. Implementations, each in its own process at 1 and at the
default number of threads (benchmarks/runner.py), interleaved,
medians with their interquartile range:

    rnn_course_lib, lstm_course_lib   course_lib.RNN / LSTM, forward and backward
    fastlstm_course_lib               course_lib.lstm_fast.FastLSTM (the same maths arranged for speed)
    rnn_pytorch, lstm_pytorch         torch.nn.RNN / nn.LSTM (batch_first), forward and backward, if installed

Goal: course_lib ≤ 1.0 × PyTorch's time. It measures; it never fails.

    python benchmarks/bench_rnn.py
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from runner import cli  # noqa: E402

N, T, D, H = 32, 50, 10, 64
IMPLS = ("rnn_course_lib", "rnn_pytorch", "lstm_course_lib", "fastlstm_course_lib", "lstm_pytorch")
REPEATS = dict.fromkeys(IMPLS, 20)


def batch():
    import numpy as np

    rng = np.random.default_rng(0)
    return rng.standard_normal((N, T, D)).astype(np.float32), rng.standard_normal((N, T, H)).astype(
        np.float32
    )


def course_lib_run(kind):
    import numpy as np

    import course_lib as cl

    x, dout = batch()
    from course_lib.lstm_fast import FastLSTM

    layer = (FastLSTM if kind == "FastLSTM" else getattr(cl, kind))(D, H, np.random.default_rng(0))

    def run():
        layer.forward(x)
        layer.backward(dout)

    return run


def pytorch_run(kind):
    import torch

    x, dout = (torch.from_numpy(a) for a in batch())
    x.requires_grad_(True)
    layer = getattr(torch.nn, kind)(D, H, batch_first=True)

    def run():
        layer.zero_grad()
        y, _ = layer(x)
        y.backward(dout)

    return run


WORKLOADS = {
    "rnn_course_lib": lambda: course_lib_run("RNN"),
    "lstm_course_lib": lambda: course_lib_run("LSTM"),
    "fastlstm_course_lib": lambda: course_lib_run("FastLSTM"),
    "rnn_pytorch": lambda: pytorch_run("RNN"),
    "lstm_pytorch": lambda: pytorch_run("LSTM"),
}


def ratios(ms):
    parts = [
        f"{k}: course_lib / pytorch = {ms[k + '_course_lib'] / ms[torch + '_pytorch']:.2f}"
        for k, torch in (("rnn", "rnn"), ("lstm", "lstm"), ("fastlstm", "lstm"))
        if ms[torch + "_pytorch"]
    ]
    return ",  ".join(parts) + " (goal ≤ 1.0)" if parts else "PyTorch not installed: no ratio"


if __name__ == "__main__":
    cli(__doc__, __file__, IMPLS, REPEATS, WORKLOADS, ratios, unit="ms per batch")
