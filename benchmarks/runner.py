"""Shared by the speed benchmarks: run each implementation in its own process, at 1 thread and at the
default number of threads, and collect the median time it prints as JSON.

Separate processes, because numpy's and PyTorch's thread pools disturb each other in one process, and
the thread count must be set (OMP/OpenBLAS/MKL variables) before a library loads.
"""
import json
import os
import statistics
import subprocess
import sys
import time

THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
SETTINGS = ((1, "1 thread"), (None, "default threads"))


def time_child(impl, make_run, repeats, warmup=1):
    """In the child: build the workload with make_run(), time it, print JSON with the median in ms."""
    if impl.endswith("pytorch"):
        try:
            import torch
        except ImportError:
            print(json.dumps({"impl": impl, "skipped": "torch is not installed (pip install torch==2.13.0)"}))
            return
        threads = int(os.environ.get("BENCH_THREADS", "0"))
        if threads:
            torch.set_num_threads(threads)
    run = make_run()
    for _ in range(warmup):
        run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"impl": impl, "ms": statistics.median(times), "all": [round(t, 2) for t in times]}))


def run_all(script, impls):
    """From the parent: {(impl, label): result} for every implementation and thread setting."""
    results = {}
    for threads, label in SETTINGS:
        env = dict(os.environ)
        if threads:
            env.update({v: str(threads) for v in THREAD_VARS}, BENCH_THREADS=str(threads))
        for impl in impls:
            out = subprocess.run([sys.executable, script, "--impl", impl], env=env, capture_output=True, text=True)
            if out.returncode != 0:
                results[impl, label] = {"impl": impl, "skipped": (out.stderr.strip().splitlines() or ["failed"])[-1]}
            else:
                results[impl, label] = json.loads(out.stdout.strip().splitlines()[-1])
    return results


def print_table(results, impls, unit="ms"):
    width = max(14, 2 + max(map(len, impls)), 2 + len(unit))
    print(f"{unit:<{width}}{'1 thread':>18}{'default threads':>18}")
    for impl in impls:
        cells = [f"{results[impl, label]['ms']:.2f}" if "ms" in results[impl, label] else "skipped"
                 for _, label in SETTINGS]
        print(f"{impl:<{width}}{cells[0]:>18}{cells[1]:>18}")
    for r in results.values():
        if "skipped" in r:
            print(f"note: {r['impl']} skipped: {r['skipped']}")
            break


def blas_info():
    try:
        from threadpoolctl import threadpool_info
        return ", ".join(f"{p['internal_api']} {p.get('architecture', '')} ({p['num_threads']} threads)"
                         for p in threadpool_info() if p["user_api"] == "blas") or "unknown"
    except ImportError:
        return "unknown (threadpoolctl not installed)"


def cli(doc, script, impls, repeats, workloads, ratios, unit):
    """The command line both benchmarks share.

    `script --impl NAME` times one workload in this process (the child); plain `script` runs every
    implementation in its own process and prints the table, then one line of ratios per thread setting.

    Args:
        workloads: {impl: function returning the callable to time}.
        ratios: function {impl: ms or None} → the text of the ratios line.
    """
    import argparse

    import numpy as np
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--impl", choices=impls, help="time one implementation in this process (JSON output)")
    args = parser.parse_args()
    if args.impl:
        time_child(args.impl, workloads[args.impl], repeats[args.impl])
        return
    print(doc.split("\n\n")[0])
    print(f"numpy {np.__version__}, BLAS: {blas_info()}, {os.cpu_count()} cores\n")
    results = run_all(script, impls)
    print_table(results, impls, unit=unit)
    print()
    for _, label in SETTINGS:
        print(f"{label:>16}:  " + ratios({impl: results[impl, label].get("ms") for impl in impls}))
