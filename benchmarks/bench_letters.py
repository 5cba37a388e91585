"""How long does the letters data set take to make and to load? (a measurement, not a test)

Generation happens once per machine (then the cache in data/ is read), inside the first notebook that
needs the letters, so it must stay a small part of that notebook's 30-second budget. The four stages
are timed in turn within each round (benchmarks/runner.py's `interleave`), each from a cold start where
it needs one (the glyphs rendered and their stroke weights calibrated, the first load into a fresh cache
directory); printed: medians with their interquartile range.

    python benchmarks/bench_letters.py [--json results.json]
"""

import argparse
import os
import sys
import tempfile

import numpy as np

from course_lib.datasets import generate_letters, load_letters
from course_lib.datasets import letters as L

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from runner import cell, interleave, write_json  # noqa: E402

REPEATS = 3


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", help="also write the results to this file (for the report)")
    args = parser.parse_args()
    n = sum(L.SPLITS.values())
    with tempfile.TemporaryDirectory() as root:
        cached = os.path.join(root, "cached")
        load_letters(seed=0, cache_dir=cached, verbose=False)

        def bank():
            L._faces.cache_clear()
            L._faces()

        def first_load():
            load_letters(seed=0, cache_dir=tempfile.mkdtemp(dir=root), verbose=False)

        stages = {
            "glyphs and stroke weights": bank,
            f"generate {n:,} images": lambda: generate_letters(n, np.random.default_rng(0)),
            "first load_letters (+ cache)": first_load,
            "cached load_letters": lambda: load_letters(seed=0, cache_dir=cached, verbose=False),
        }
        stats = interleave(stages, REPEATS)
    width = max(map(len, stages)) + 2
    print(f"{'ms':<{width}}{'median [IQR]':>26}")
    for name, s in stats.items():
        print(f"{name:<{width}}{cell(s):>26}")
    generate = stats[f"generate {n:,} images"]["median"]
    notes = [
        f"generation = {generate / 30_000:.0%} of a notebook's 30 s; first load / cached load = "
        f"{stats['first load_letters (+ cache)']['median'] / stats['cached load_letters']['median']:.0f}×"
    ]
    print("\n".join(notes))
    write_json(
        args.json,
        __doc__.split("\n\n")[0],
        "ms",
        {(name, "as installed"): s for name, s in stats.items()},
        notes,
    )


if __name__ == "__main__":
    main()
