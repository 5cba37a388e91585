"""Does a course workload run faster with one BLAS thread or with the default, on a quiet and on a busy
machine? (the measurement behind `setup(blas_threads=1)` in course_lib/notebook.py)

Workloads, float32, each in its own process (benchmarks/runner.py), 1 thread and default threads
interleaved round by round:

    mlp_b1024   one epoch of Trainer.train_epoch, 289-20-26 sigmoid MLP on the 40 000 training letters,
                batch 1024 (notebook 02's network)
    mlp_b128    the same at batch 128 (eight times as many, smaller products)
    cnn         notebook 06's small CNN, forward + backward of 64 letters (bench_conv.py's course_lib)
    lstm        FastLSTM forward + backward, 32 sequences × 50 steps, hidden 64 (bench_rnn.py's)

under two conditions: the machine as found (other programs may be running: say so when you quote the
numbers), and with a background load added — a second process multiplying 400 × 400 matrices with
the default number of BLAS threads, as a second notebook kernel, a browser or another student's job
would. Printed: medians [IQR] in ms and the ratio default / 1 thread (> 1: the threads cost time).

    python benchmarks/bench_threads.py [--json results.json]     # about two minutes
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from runner import (
    SETTINGS,
    background_load,
    child_or_parent,
    header,
    print_table,
    run_all,  # noqa: E402
    write_json,
)

IMPLS = ("mlp_b1024", "mlp_b128", "cnn", "lstm")
REPEATS = {"mlp_b1024": 15, "mlp_b128": 9, "cnn": 25, "lstm": 25}
CONDITIONS = ("as found", "+ background load")


def mlp_epoch(batch_size):
    import course_lib as cl
    from course_lib.datasets import load_letters

    data = load_letters(seed=0, verbose=False)
    model = cl.mlp((289, 20, 26), "sigmoid", init="seed", rng=0, output_activation=None)
    trainer = cl.Trainer(
        model,
        cl.SigmoidCrossEntropyLoss(),
        cl.SGD(model, lr=1.0),
        data.X_train,
        data.y_train,
        batch_size=batch_size,
    )
    return trainer.train_epoch


def cnn():
    import bench_conv

    return bench_conv.run_course_lib()


def lstm():
    import bench_rnn

    return bench_rnn.course_lib_run("FastLSTM")


WORKLOADS = {
    "mlp_b1024": lambda: mlp_epoch(1024),
    "mlp_b128": lambda: mlp_epoch(128),
    "cnn": cnn,
    "lstm": lstm,
}


def main():
    args = child_or_parent(__doc__, IMPLS, WORKLOADS)
    if args is None:
        return
    title = header(__doc__)
    rows, notes = {}, []
    for condition in CONDITIONS:
        if condition == "as found":
            results = run_all(__file__, IMPLS, REPEATS)
        else:
            with background_load():
                results = run_all(__file__, IMPLS, REPEATS)
        print(f"-- {condition}")
        print_table(results, IMPLS, list(SETTINGS), "ms")
        ratios = {
            impl: results[impl, "default threads"]["median"] / results[impl, "1 thread"]["median"]
            for impl in IMPLS
        }
        notes.append(
            f"{condition}: default / 1 thread = "
            + ",  ".join(f"{impl} {r:.2f}" for impl, r in ratios.items())
        )
        print(notes[-1] + "\n")
        rows.update(
            {(impl, f"{label}, {condition}"): results[impl, label] for impl in IMPLS for label in SETTINGS}
        )
    write_json(
        args.json, title, "ms", dict(sorted(rows.items(), key=lambda kv: IMPLS.index(kv[0][0]))), notes
    )


if __name__ == "__main__":
    main()
