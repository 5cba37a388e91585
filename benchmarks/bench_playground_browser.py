"""How many new pictures a second does a student see while the playground plays? Measured in JupyterLab and
Chromium as the browser test does (tests/browser: changes of the picture's src while ▶ plays), for this tree
and, interleaved with it, for another commit's course_lib (a measurement, not a test).

    .venv/bin/python benchmarks/bench_playground_browser.py [--against REV] [--rounds 6] [--seconds 5]

Each variant gets its own notebook and kernel in one JupyterLab; every round plays each once, in alternating
order, and the report is the median over the rounds with the range and the load average (the machine is
shared: compare ratios measured in the same run, not absolute rates across runs). Needs the browser test's
setup (Debian's chromium, `make browser-deps`).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
import test_notebooks_in_browser as browser_test  # noqa: E402  (its JupyterLab and Playwright helpers)

PLAYGROUND = 'Playground(data="spiral", hidden=(8, 8), activation="tanh", lr=0.1)'  # chapter 1's


def notebook(path_first=None):
    """A one-cell notebook showing the playground, with `path_first` (another course_lib) first on
    sys.path."""
    source = (f"import sys; sys.path.insert(0, {str(path_first)!r})\n" if path_first else "") + (
        "from course_lib.notebook import setup; setup()\nimport course_lib; print(course_lib.__file__)\n"
        f"from course_lib.viz.playground import Playground\n{PLAYGROUND}"
    )
    return {
        "cells": [
            {
                "cell_type": "code",
                "id": "a1b2c3d4",
                "metadata": {},
                "execution_count": None,
                "outputs": [],
                "source": source,
            }
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--against", help="a git revision whose course_lib to compare with")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench_playground_"))
    served = work / "notebooks"
    served.mkdir()
    variants = {"this tree": None}
    if args.against:
        other = work / "against"
        other.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.against, "course_lib"], capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(other)], input=archive, check=True)
        variants[args.against] = other
    for i, path in enumerate(variants.values()):
        (served / f"v{i}.ipynb").write_text(json.dumps(notebook(path)))
    config = work / "config"
    (config / "labconfig").mkdir(parents=True)
    (config / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}})
    )
    port = browser_test._free_port()
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.token=",
        "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True",
        f"--ServerApp.root_dir={served}",
        "--LabApp.news_url=None",
    ] + (["--allow-root"] if os.geteuid() == 0 else [])
    server = subprocess.Popen(
        cmd,
        stdout=open(work / "lab.log", "w"),
        stderr=subprocess.STDOUT,
        env=dict(os.environ, JUPYTER_CONFIG_DIR=str(config)),
    )
    base = f"http://127.0.0.1:{port}"
    rates = {name: [] for name in variants}
    try:
        for _ in range(120):
            try:
                browser_test._get(f"{base}/api/status")
                break
            except OSError:
                time.sleep(0.5)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            chromium = p.chromium.launch(
                executable_path=browser_test.CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            )
            pages = {}
            for i, name in enumerate(variants):
                page = chromium.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(f"{base}/lab/workspaces/bench-{i}/tree/v{i}.ipynb?reset")
                page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
                browser_test._wait_idle(page)
                browser_test._menu(page, "Run", "Run All Cells")
                time.sleep(2)
                browser_test._wait_idle(page)
                print(f"{name}: {page.locator('.jp-OutputArea-output').first.inner_text().strip()}")
                pages[name] = page
            for r in range(args.rounds):
                for name in list(variants) if r % 2 == 0 else list(variants)[::-1]:
                    page = pages[name]
                    page.bring_to_front()
                    board = page.locator(".course-playground").first
                    board.scroll_into_view_if_needed()
                    time.sleep(1)
                    pictures, paints = browser_test.playground_rate(page, board, args.seconds)
                    rates[name].append(pictures)
                    print(
                        f"round {r + 1} {name}: {pictures:.1f} pictures/s (browser {paints:.0f} frames/s, "
                        f"load average {os.getloadavg()[0]:.2f})",
                        flush=True,
                    )
                    browser_test._wait_idle(page)
                    time.sleep(1)
            chromium.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)
    for name, values in rates.items():
        print(
            f"{name}: median {statistics.median(values):.1f} pictures/s "
            f"(range {min(values):.1f}-{max(values):.1f}, {len(values)} rounds)"
        )
    if args.against:
        mine, theirs = (statistics.median(v) for v in rates.values())
        print(f"this tree / {args.against}: {mine / theirs:.2f}")


if __name__ == "__main__":
    main()
