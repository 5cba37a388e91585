"""Run every notebook under several settings and print each claim's value, bound and margin.

A notebook claim (`course_lib.notebook.expect`) must hold on every machine, not only on the one it was
written on: under one BLAS thread and the default count, and under another OpenBLAS kernel. The last
bits of a matrix product differ between these, and a chaotic run amplifies them. Nor may it hold only
for the seed it was written with: the `seed+k` settings run a copy of each notebook in which every
literal seed (`seed=0`, `rng=0`, `default_rng(0)`) is shifted by k. This tool executes the notebooks
with nbval once per setting, collects every claim each notebook made, and prints one table:

    notebook  claim                                 bound      default   1-thread  sandybridge  margin  spread
    04        deep net after 3 epochs ÷ shallow ... ≤ 0.50     0.17      0.17      0.17         0.33    0.00

`margin` is the smallest distance to the bound over all settings (negative: the claim failed), `spread`
the range of the values. A claim whose margin is not wider than its spread is flagged THIN: it holds
here by luck. For a positive lower bound on positive values (ratios, accuracies) both are measured
as log10 ratios — "a factor of 3 to spare, values within a factor of 2 of each other" — since a ratio
of 1e9 against a bound of 100 is not thin because other seeds give 1e8; the table then prints them
with a ×, e.g. `×3.1`. The exit status is 1 if a notebook failed, a claim failed or is thin, or a claim made
under one setting is missing under another (its notebook stopped early).

    python tools/claims.py --settings default,1-thread            # what `make test` runs
    python tools/claims.py --settings default,1-thread,sandybridge,seed+1,seed+2  # `make robust`

It doubles as a pytest plugin (`-p claims`, with tools/ on the path): before each notebook's first cell
it points COURSE_CLAIMS_LOG at <dir>/<notebook>.jsonl, so the kernel nbval starts for that notebook
(which inherits the environment) logs that notebook's claims there.
"""

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# COURSE_CLAIMS_OUT gives a run its own folder, so that two runs at once do not delete each other's logs
OUT = Path(os.environ.get("COURSE_CLAIMS_OUT") or ROOT / "artifacts" / "claims")

# Each setting is the environment the notebooks' kernels run in. OPENBLAS_CORETYPE picks one of the
# kernels a DYNAMIC_ARCH OpenBLAS (numpy's wheels) carries; Sandybridge exists on every x86-64 machine.
# The seed settings shift the notebooks' own seeds; seeds left to a library default stay, so a notebook
# whose claim depends on one passes it explicitly.
SETTINGS = {
    # setup() limits BLAS to one thread (course_lib/notebook.py says why); "default" lifts that limit, so the
    # claims are also checked with numpy's own thread count
    "default": {"COURSE_BLAS_THREADS": "default"},
    "1-thread": {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"},
    "sandybridge": {"OPENBLAS_CORETYPE": "Sandybridge"},
    "seed+1": {},
    "seed+2": {},
}
SEED = re.compile(r"(\bseed\s*=\s*|\brng\s*=\s*|default_rng\(\s*)(\d+)\b")


def seed_shift(name):
    return int(name.split("+")[1]) if name.startswith("seed+") else 0


def shifted_copy(notebooks, shift, folder):
    """Copies of the notebooks with every literal seed + shift; returns their paths.

    Cells tagged nbval-check-output are untagged in the copy: their printed numbers change with the seed."""
    paths = []
    for source in notebooks:
        for path in sorted(Path(source).glob("*.ipynb")) if Path(source).is_dir() else [Path(source)]:
            nb = json.loads(path.read_text())
            for cell in nb["cells"]:
                if cell["cell_type"] == "code":
                    code = "".join(cell["source"])
                    cell["source"] = SEED.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + shift}", code)
                    tags = cell.get("metadata", {}).get("tags", [])
                    cell.get("metadata", {})["tags"] = [t for t in tags if t != "nbval-check-output"]
            # a Chinese notebook's copy stays in a folder named zh: that folder makes its messages Chinese
            copy = folder / ("zh" if path.parent.name == "zh" else "") / path.name
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(json.dumps(nb, ensure_ascii=False, indent=1))
            paths.append(str(copy))
    return paths


# -- the pytest plugin ---------------------------------------------------------------------------------


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before nbval starts a notebook's kernel (in its first cell's setup), name that notebook's log."""
    folder = os.environ.get("COURSE_CLAIMS_DIR")
    if folder and item.path.suffix == ".ipynb":
        edition = "zh-" if item.path.parent.name == "zh" else ""  # the Chinese edition has the same names
        log = Path(folder) / f"{edition}{item.path.stem}.jsonl"
        if os.environ.get("COURSE_CLAIMS_LOG") != str(log):
            log.parent.mkdir(parents=True, exist_ok=True)
            log.write_text("")
            os.environ["COURSE_CLAIMS_LOG"] = str(log)


# -- running and reading -------------------------------------------------------------------------------


def blas_description(env):
    """What BLAS the setting gives, as threadpoolctl reports it in a fresh interpreter (proof it took)."""
    code = (
        "import numpy, threadpoolctl; print(', '.join(f\"{i['internal_api']} {i.get('architecture', '?')} "
        "× {i['num_threads']}\" for i in threadpoolctl.threadpool_info()))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, **env}, capture_output=True, text=True
    )
    return done.stdout.strip() or done.stderr.strip().splitlines()[-1]


def run_setting(name, notebooks, extra_args):
    """Execute the notebooks with nbval under one setting; returns pytest's exit status."""
    folder = OUT / name
    shutil.rmtree(folder, ignore_errors=True)
    if seed_shift(name):
        notebooks = shifted_copy(notebooks, seed_shift(name), folder / "notebooks")
    env = {
        **os.environ,
        **SETTINGS[name],
        "COURSE_CLAIMS_DIR": str(folder),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "tools"), os.environ.get("PYTHONPATH")])),
    }
    what = f"every seed + {seed_shift(name)}" if seed_shift(name) else blas_description(SETTINGS[name])
    print(f"\n== notebooks under {name}: {what}", flush=True)
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "claims",
        "--nbval-lax",
        "--nbval-current-env",
        *extra_args,
        *notebooks,
    ]
    return subprocess.run(cmd, cwd=ROOT, env=env).returncode


def read_claims(name):
    """{(notebook, claim): record} for one setting; a claim made twice in a notebook gets a #2."""
    claims = {}
    for log in sorted((OUT / name).glob("*.jsonl")):
        for line in log.read_text().splitlines():
            record = json.loads(line)
            key, n = (log.stem.split("_")[0], record["what"]), 1
            while key in claims:
                n += 1
                key = (log.stem.split("_")[0], f"{record['what']} #{n}")
            claims[key] = record
    return claims


def on_log_scale(records):
    """True for a positive lower bound on positive values (a ratio ≥ 100, an accuracy ≥ 0.95): then margins
    and spreads are log10 ratios. An upper bound (an error ≤ 1e-7, |difference| ≤ 0.02) stays linear: there,
    values far below the bound are the good case, however widely they spread on a log scale."""
    low, high = records[0]["at_least"], records[0]["at_most"]
    values = [r["value"] for r in records]
    return (
        low is not None
        and low > 0
        and (high is None or high > 0)
        and all(v is not None and v > 0 and math.isfinite(v) for v in values)
    )


def margin(record, log=False):
    """Distance from the value to the nearest bound (log10 ratio if `log`), positive when the claim holds."""
    v = record["value"]
    if v is None or math.isnan(v):
        return -math.inf
    f = math.log10 if log else (lambda x: x)
    gaps = [f(v) - f(record["at_least"])] if record["at_least"] is not None else []
    gaps += [f(record["at_most"]) - f(v)] if record["at_most"] is not None else []
    return min(gaps)


def _num(x):
    return f"{x:.3g}" if x is not None and math.isfinite(x) else str(x)


def assess(present, n_settings):
    """(log, margin, spread, flag) of one claim from its records under the settings that made it."""
    log = on_log_scale([r for r in present if r["value"] != math.inf])
    low = min(margin(r, log) for r in present)
    # The spread of the finite values: an infinite one on the right side of its bound (a ratio whose
    # denominator underflowed to 0) counts in the margin, as +inf, and cannot make the claim thin.
    finite = [r["value"] for r in present if r["value"] is not None and math.isfinite(r["value"])]
    finite = [math.log10(v) for v in finite] if log else finite
    spread = max(finite) - min(finite) if finite else 0.0
    flag = (
        "FAILED"
        if low < 0
        else "MISSING"
        if len(present) < n_settings
        else "THIN"
        if spread > 0 and low <= spread
        else ""
    )
    return log, low, spread, flag


def table(names, full=True):
    """Print the claims table for the given settings (every claim if `full`, else only those with a
    problem), then one line per notebook; returns the number of claims with a problem."""
    by_setting = {n: read_claims(n) for n in names}
    keys = list(dict.fromkeys(k for n in names for k in by_setting[n]))
    head = (
        f"{'nb':3} {'claim':50} {'bound':>12} "
        + "".join(f"{n:>11}" for n in names)
        + f"{'margin':>10}{'spread':>10}  "
    )
    print("\n" + head + "\n" + "-" * len(head))
    rows = []  # (notebook, claim, margin, spread, flag, show)
    for key in keys:
        records = [by_setting[n].get(key) for n in names]
        present = [r for r in records if r]
        log, low, spread, flag = assess(present, len(names))
        show = (lambda x: f"×{10**x:.3g}") if log else _num  # a log10 ratio, shown as a factor
        rows.append((key[0], key[1], low, spread, flag, show))
        if full or flag:
            r0 = present[0]
            bound = " and ".join(
                filter(
                    None,
                    [
                        f"≥ {_num(r0['at_least'])}" if r0["at_least"] is not None else "",
                        f"≤ {_num(r0['at_most'])}" if r0["at_most"] is not None else "",
                    ],
                )
            )
            what = key[1] if len(key[1]) <= 50 else key[1][:47] + "..."
            cells = "".join(f"{_num(r['value']) if r else '—':>11}" for r in records)
            print(f"{key[0]:3} {what:50} {bound:>12} {cells}{show(low):>10}{show(spread):>10}  {flag}")
    print("\nper notebook: claims, problems, and the claim with the least room (margin ÷ spread)")
    for nb in sorted({row[0] for row in rows}):
        mine = [row for row in rows if row[0] == nb]
        _, what, low, spread, _, show = min(mine, key=lambda row: row[2] / row[3] if row[3] > 0 else math.inf)
        print(
            f"  {nb}: {len(mine):3d} claims, {sum(bool(row[4]) for row in mine)} with a problem; "
            f"least room: {what[:60]!r} (margin {show(low)}, spread {show(spread)})"
        )
    problems = sum(bool(row[4]) for row in rows)
    print(
        f"\n{len(keys)} claims under {len(names)} settings ({', '.join(names)}): "
        f"{problems} with a problem (FAILED, MISSING, or THIN: margin not wider than the spread)"
    )
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--settings", default="default,1-thread", help=f"comma-separated, from {', '.join(SETTINGS)}"
    )
    parser.add_argument("--table-only", action="store_true", help="print the table from the last run's logs")
    parser.add_argument("--problems-only", action="store_true", help="list only the claims with a problem")
    parser.add_argument("notebooks", nargs="*", default=["notebooks", "notebooks/zh"])
    args, extra = parser.parse_known_args(argv)
    names = [s.strip() for s in args.settings.split(",")]
    unknown = [n for n in names if n not in SETTINGS]
    if unknown:
        parser.error(f"unknown setting(s) {unknown}: choose from {', '.join(SETTINGS)}")
    failed = [] if args.table_only else [n for n in names if run_setting(n, args.notebooks, extra)]
    problems = table(names, full=not args.problems_only)
    if failed:
        print(f"notebooks failed under: {', '.join(failed)}")
    return 1 if failed or problems else 0


if __name__ == "__main__":
    sys.exit(main())
