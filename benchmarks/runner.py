"""Shared by the speed benchmarks: interleaved repeats in separate processes, medians with their spread,
and `make bench`'s Markdown report.

How a benchmark is timed (`cli`): every implementation runs in its own child process, once per thread
setting (1 thread and the default), because numpy's and PyTorch's thread pools disturb each other in one
process and a thread count must be set (OMP/OpenBLAS/MKL variables) before a library loads. The children
build their workload, warm up, and then wait; the parent asks them for one timed run each in turn, round
after round, so every implementation sees the same stretch of a noisy machine — a burst of load from
another program slows one round of all of them, not the whole block of one. The start of the order
rotates every round, and a short pause before each request lets the previous child's BLAS/OpenMP threads
stop spinning. Reported: the median over the rounds and its spread, the interquartile range [q1–q3]
(with the min–max in the JSON); ratios are taken between medians of the same run.

    python benchmarks/runner.py --report build/bench/results.md      # what `make bench` runs

runs every script in BENCHMARKS (each prints its own table) and writes one Markdown report with the
commit, the date, the BLAS and the thread settings, so two commits can be compared. A script takes part
in the report by writing its results as JSON to the path after `--json` (see `write_json`); one that
does not is run as it is and its printed output goes into the report verbatim.
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager

HERE = os.path.dirname(os.path.abspath(__file__))
BENCHMARKS = (
    "bench_epoch.py",
    "bench_conv.py",
    "bench_rnn.py",
    "bench_threads.py",
    "bench_letters.py",
    "bench_playground.py",
)
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
SETTINGS = {"1 thread": 1, "default threads": None}  # label → thread count (None: the library's default)
SETTLE = 0.1  # s of pause before each timed request: an idle OpenBLAS thread spins ~0.1 s before it sleeps


# -- statistics ------------------------------------------------------------------------------------------
def summary(times):
    """Median and spread of a list of times: {"median", "q1", "q3", "min", "max", "n"}."""
    q1, _, q3 = statistics.quantiles(times, n=4) if len(times) > 1 else times * 3
    return {
        "median": statistics.median(times),
        "q1": q1,
        "q3": q3,
        "min": min(times),
        "max": max(times),
        "n": len(times),
    }


def cell(s):
    """A table cell: the median and the interquartile range, e.g. `12.30 [11.90–13.00]`."""
    if "skipped" in s:
        return "skipped"
    return f"{s['median']:.2f} [{s['q1']:.2f}–{s['q3']:.2f}]"


def interleave(runs, repeats, warmup=1):
    """In one process: time each callable of {name: run} `repeats` times, alternating them within each
    round; returns {name: summary} (times in ms). For workloads that may share a process."""
    for run in runs.values():
        for _ in range(warmup):
            run()
    times = {name: [] for name in runs}
    names = list(runs)
    for r in range(repeats):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            start = time.perf_counter()
            runs[name]()
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: summary(t) for name, t in times.items()}


# -- the child: one workload, timed on request -------------------------------------------------------------
def serve(impl, make_run, warmup=1):
    """In the child: build the workload, warm up, print "ready", then time one run per line read from stdin
    and print its milliseconds (until stdin closes). Prints "skipped: why" instead if it cannot run."""
    if "pytorch" in impl:
        try:
            import torch
        except ImportError:
            print("skipped: torch is not installed (pip install torch==2.13.0)", flush=True)
            return
        threads = int(os.environ.get("BENCH_THREADS", "0"))
        if threads:
            torch.set_num_threads(threads)
    run = make_run()
    for _ in range(warmup):
        run()
    print("ready", flush=True)
    for _ in sys.stdin:
        start = time.perf_counter()
        run()
        print((time.perf_counter() - start) * 1000, flush=True)


def thread_env(threads):
    """The environment of a child limited to `threads` threads (None: the inherited environment)."""
    env = dict(os.environ)
    if threads:
        env.update({v: str(threads) for v in THREAD_VARS}, BENCH_THREADS=str(threads))
    return env


def run_all(script, impls, repeats, settings=SETTINGS, extra_env=None):
    """From the parent: {(impl, label): summary} for every implementation and setting, interleaved.

    repeats: {impl: rounds}; an implementation with fewer rounds (a slow reference) sits out the later ones.
    settings: {label: threads}. extra_env: {label: {variable: value}} added to that setting's children.
    """
    children, results = {}, {}
    try:
        for label, threads in settings.items():
            env = thread_env(threads)
            env.update((extra_env or {}).get(label, {}))
            for impl in impls:
                child = subprocess.Popen(
                    [sys.executable, script, "--impl", impl],
                    env=env,
                    text=True,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                )
                first = child.stdout.readline().strip()
                if first != "ready":
                    why = (
                        first.removeprefix("skipped: ")
                        if first
                        else (child.communicate()[1].strip().splitlines() or ["failed"])[-1]
                    )
                    results[impl, label] = {"skipped": why}
                    child.kill()
                    continue
                children[impl, label] = child
        times = {key: [] for key in children}
        keys = list(children)
        for r in range(max(repeats.values())):
            for key in keys[r % len(keys) :] + keys[: r % len(keys)]:
                if r < repeats[key[0]]:
                    time.sleep(SETTLE)
                    children[key].stdin.write("run\n")
                    children[key].stdin.flush()
                    times[key].append(float(children[key].stdout.readline()))
        results.update({key: summary(t) for key, t in times.items()})
    finally:
        for child in children.values():
            child.stdin.close()
            child.wait()
    return results


@contextmanager
def background_load(threads=None, seconds=None):
    """Another program competing for the cores while the block runs: a process multiplying 400 × 400
    matrices in a loop with `threads` BLAS threads (None: the default), stopped at the end of the block."""
    code = (
        "import numpy as np\na = np.random.default_rng(0).random((400, 400))\n"
        "while True:\n    a = a @ a\n    a /= np.abs(a).max()\n"
    )
    load = subprocess.Popen([sys.executable, "-c", code], env=thread_env(threads))
    try:
        time.sleep(0.5)  # until numpy has loaded and the loop runs
        yield load
    finally:
        load.kill()
        load.wait()


# -- printing and the report ----------------------------------------------------------------------------
def blas_info():
    import numpy  # noqa: F401  (threadpoolctl sees only the libraries already loaded)

    try:
        from threadpoolctl import threadpool_info

        return (
            ", ".join(
                f"{p['internal_api']} {p.get('version', '')} {p.get('architecture', '')} "
                f"({p['num_threads']} threads)"
                for p in threadpool_info()
                if p["user_api"] == "blas"
            )
            or "unknown"
        )
    except ImportError:
        return "unknown (threadpoolctl not installed)"


def thread_settings():
    """The thread variables of this environment, e.g. `OMP_NUM_THREADS unset, ...`."""
    return ", ".join(f"{v}={os.environ[v]}" if v in os.environ else f"{v} unset" for v in THREAD_VARS)


def print_table(results, impls, labels, unit):
    width = max(14, 2 + max(map(len, impls)), 2 + len(unit))
    print(f"{unit:<{width}}" + "".join(f"{label:>26}" for label in labels) + "     (median [IQR])")
    for impl in impls:
        print(f"{impl:<{width}}" + "".join(f"{cell(results[impl, label]):>26}" for label in labels))
    for (impl, label), r in results.items():
        if "skipped" in r:
            print(f"note: {impl} ({label}) skipped: {r['skipped']}")


def write_json(path, title, unit, results, notes):
    """The results a script hands to the report: {"title", "unit", "rows": [[impl, label, summary]],
    "notes": [lines]} (rows in the order of the printed table)."""
    if path:
        with open(path, "w") as f:
            json.dump(
                {
                    "title": title,
                    "unit": unit,
                    "notes": notes,
                    "rows": [[impl, label, s] for (impl, label), s in results.items()],
                },
                f,
            )


def child_or_parent(doc, impls, workloads):
    """Parse the command line every benchmark shares. As a child (`--impl NAME`) serve that workload and
    return None; as the parent return the arguments (`args.json`: where to write the results, or None)."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--impl", choices=impls, help="be the child that times one implementation")
    parser.add_argument("--json", help="also write the results to this file (for the report)")
    args = parser.parse_args()
    if args.impl:
        serve(args.impl, workloads[args.impl])
        return None
    return args


def header(doc):
    """Print the benchmark's title (the docstring's first paragraph) and the machine it runs on; returns the
    title."""
    import numpy as np

    title = doc.split("\n\n")[0]
    print(title)
    print(
        f"numpy {np.__version__}, BLAS: {blas_info()}, {os.cpu_count()} cores, {thread_settings()}, "
        f"load average {os.getloadavg()[0]:.2f}\n"
    )
    return title


def cli(doc, script, impls, repeats, workloads, ratios, unit):
    """The command line the implementation benchmarks share.

    `script --impl NAME` is a child (see `serve`); plain `script` runs every implementation in its own
    process, interleaved, prints the table and one line of ratios per thread setting, and with
    `--json PATH` also writes the results for the report.

    Args:
        repeats: {impl: rounds}. workloads: {impl: function returning the callable to time}.
        ratios: function {impl: median ms or None} → the text of the ratios line.
    """
    args = child_or_parent(doc, impls, workloads)
    if args is None:
        return
    title = header(doc)
    results = run_all(script, impls, repeats)
    ordered = {(impl, label): results[impl, label] for impl in impls for label in SETTINGS}
    print_table(ordered, impls, list(SETTINGS), unit)
    print()
    notes = [
        f"{label}: " + ratios({impl: results[impl, label].get("median") for impl in impls})
        for label in SETTINGS
    ]
    print("\n".join(notes))
    write_json(args.json, title, unit, ordered, notes)


def git(*args):
    out = subprocess.run(["git", *args], cwd=HERE, capture_output=True, text=True)
    return out.stdout.strip() if out.returncode == 0 else "unknown"


def markdown(sections):
    """The report: a header with what was measured on, then one section per benchmark."""
    import numpy as np

    changed = git("status", "--porcelain", "--untracked-files=no")
    dirty = " (with uncommitted changes)" if changed not in ("", "unknown") else ""
    lines = [
        "# `make bench` results",
        "",
        f"- commit: `{git('rev-parse', '--short', 'HEAD')}`{dirty} — {git('log', '-1', '--format=%s')[:100]}",
        f"- date: {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"- machine: {os.cpu_count()} cores, load average at the start {os.getloadavg()[0]:.2f}",
        f"- numpy {np.__version__}, BLAS: {blas_info()}",
        f"- thread variables: {thread_settings()}; each benchmark runs its implementations at 1 thread "
        "and at the default",
        "",
        "Each cell: median [interquartile range] of interleaved repeats (n = number of repeats). "
        "Compare two commits by their ratios to the reference in the same run, not by raw times.",
        "",
    ]
    for script, data, text in sections:
        lines += [f"## {script}", ""]
        if data is None:
            lines += [
                "Printed output (this script does not write JSON):",
                "",
                "```",
                text.rstrip(),
                "```",
                "",
            ]
            continue
        labels = list(dict.fromkeys(label for _, label, _ in data["rows"]))
        impls = list(dict.fromkeys(impl for impl, _, _ in data["rows"]))
        stats = {(impl, label): s for impl, label, s in data["rows"]}
        lines += [
            data["title"],
            "",
            f"| {data['unit']} | " + " | ".join(labels) + " | n |",
            "|---|" + "---:|" * (len(labels) + 1),
        ]
        for impl in impls:
            row = [stats.get((impl, label), {"skipped": "-"}) for label in labels]
            ns = sorted({s["n"] for s in row if "n" in s})
            lines.append(f"| {impl} | " + " | ".join(cell(s) for s in row) + f" | {'/'.join(map(str, ns))} |")
        lines += [""] + [f"- {note}" for note in data["notes"]] + [""]
    return "\n".join(lines)


def report(path, scripts=BENCHMARKS):
    """Run each benchmark script (its output shown as it runs) and write the Markdown report to `path`."""
    sections = []
    with tempfile.TemporaryDirectory() as tmp:
        for script in scripts:
            print(f"\n=== {script}", flush=True)
            out_json = os.path.join(tmp, script + ".json")
            proc = subprocess.Popen(
                [sys.executable, os.path.join(HERE, script), "--json", out_json],
                stdout=subprocess.PIPE,
                text=True,
            )
            text = ""
            for line in proc.stdout:
                print(line, end="", flush=True)
                text += line
            if proc.wait() != 0:
                text += f"\n(exited with code {proc.returncode})"
            data = None
            if os.path.exists(out_json):
                with open(out_json) as f:
                    data = json.load(f)
            sections.append((script, data, text))
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as f:
        f.write(markdown(sections))
    print(f"\nwrote {path}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--report", required=True, help="the Markdown file to write")
    parser.add_argument("scripts", nargs="*", default=BENCHMARKS, help=f"default: {' '.join(BENCHMARKS)}")
    args = parser.parse_args()
    report(args.report, args.scripts)
