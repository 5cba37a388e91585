"""How long does the letters data set take to make and to load? (a measurement, not a test)

Generation happens once per machine (then the cache in data/ is read), inside the first notebook that
needs the letters, so it must stay a small part of that notebook's 30-second budget.

    python benchmarks/bench_letters.py
"""
import tempfile
import time

import numpy as np

from course_lib.datasets import generate_letters, load_letters
from course_lib.datasets import letters as L


def seconds(f, repeats=3):
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - start)
    return best


def main():
    with tempfile.TemporaryDirectory() as cache:
        L._bank.cache_clear()
        t_bank = seconds(L._bank, repeats=1)
        t_generate = seconds(lambda: generate_letters(sum(L.SPLITS.values()), np.random.default_rng(0)), repeats=2)
        t_first = seconds(lambda: load_letters(seed=0, cache_dir=cache, verbose=False), repeats=1)
        t_cached = seconds(lambda: load_letters(seed=0, cache_dir=cache, verbose=False))
    n = sum(L.SPLITS.values())
    print(f"bank of glyph bitmaps:          {t_bank * 1000:7.0f} ms")
    print(f"generate {n:,} images:       {t_generate * 1000:7.0f} ms   ({t_generate / 30:.0%} of a notebook's 30 s)")
    print(f"first load_letters (+ cache):   {t_first * 1000:7.0f} ms")
    print(f"cached load_letters:            {t_cached * 1000:7.0f} ms   (generation / cached load = {t_first / t_cached:.0f}×)")


if __name__ == "__main__":
    main()
