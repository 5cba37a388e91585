"""How large the smallest text of every picture a notebook draws is on a 1280×720 projector.

Projection mode (COURSE_PROJECTOR=1) sets larger fonts (course_lib.notebook.PROJECTOR_RC), but a figure that
gives its text a fixed size in points, or packs it into a small figure that the page then shrinks, stays
small. This tool executes notebooks in projection mode with tests/browser/text_sizes_startup.py loaded first
(it notes the smallest text of every PNG the kernel draws, in that PNG's pixels) and prints, per notebook,
each picture's smallest text as the projector shows it, in device pixels:

    text px in the PNG × min(1, OUTPUT_WIDTH / PNG width) × ZOOM

OUTPUT_WIDTH and ZOOM are the browser test's recipe, measured there (test_projection_mode_is_legible_at_
1280x720 prints "output area 998 px (device pixels)" at a zoom of 1.25: 798 CSS px). The browser test
asserts this for chapter 1 in a real browser; this tool measures every chapter without one (a widget's
picture is counted as if shown at its own width, capped by the output area, as JupyterLab shows it).

    python tools/projected_text.py                       # every notebook
    python tools/projected_text.py notebooks/03_backprop.ipynb --under 18

The exit status is 1 if some picture's smallest text is under `--under` device pixels (default 18).
"""

import argparse
import base64
import json
import os
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_html import NOTEBOOKS, ROOT, PromptClient, kernel_env  # noqa: E402

STARTUP = ROOT / "tests" / "browser" / "text_sizes_startup.py"
OUTPUT_WIDTH, ZOOM = 798, 1.25  # CSS px of a code cell's output area in the recipe, and its zoom
SMALLEST_TEXT = 18  # device px, as in the browser test


def noted_sizes(path, timeout=120, save=None):
    """Execute the notebook at `path` in projection mode; returns {PNG sha256: {"px", "text", "size"}} for
    every PNG its kernel drew (text_sizes_startup's record). With `save` (a folder), the PNGs in the
    executed notebook's outputs (figures, and each widget's picture for when it is gone) are written there
    to be looked at, as <notebook>-<cell>-<n>.png."""
    nb = nbformat.read(path, as_version=4)
    first = nbformat.v4.new_code_cell(f"exec(open({str(STARTUP)!r}).read())")
    last = nbformat.v4.new_code_cell("import json; print(json.dumps(_course_text_sizes))")
    nb.cells = [first] + nb.cells + [last]
    client = PromptClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute(env={**kernel_env(), "COURSE_PROJECTOR": "1"})
    if save:
        save.mkdir(parents=True, exist_ok=True)
        for index, cell in enumerate(nb.cells[1:-1]):
            pngs = [
                o["data"]["image/png"] for o in cell.get("outputs", []) if "image/png" in o.get("data", {})
            ]
            for n, png in enumerate(pngs):
                (save / f"{path.stem}-{index}-{n}.png").write_bytes(base64.b64decode(png))
    return json.loads("".join(o.get("text", "") for o in nb.cells[-1].outputs))


def projected(note):
    """The smallest text of a noted PNG in projector device pixels (None if it has no text)."""
    if note["px"] is None:
        return None
    width = note["size"][0]
    return note["px"] * min(1.0, OUTPUT_WIDTH / width) * ZOOM


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook")
    parser.add_argument("--under", type=float, default=SMALLEST_TEXT, help="flag text under this many px")
    parser.add_argument("--save", type=Path, help="write the outputs' pictures into this folder")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(NOTEBOOKS.glob("*.ipynb"))
    small = 0
    for path in paths:
        seen = {}
        for digest, note in noted_sizes(path, save=args.save).items():
            px = projected(note)
            if px is not None:  # one line per distinct text and size (a widget redraws many times)
                key = (round(px, 1), note["text"], tuple(note["size"]))
                seen[key] = seen.get(key, 0) + 1
        rows = sorted(seen.items())
        print(f"{path.name}: {len(rows)} distinct pictures; smallest {rows[0][0][0] if rows else '-'} px")
        for (px, text, size), count in rows:
            if px < args.under:
                small += 1
                print(
                    f"  {px:5.1f} px  {text!r:44} in a {size[0]}×{size[1]} PNG"
                    + (f" (×{count})" * (count > 1))
                )
    return 1 if small else 0


if __name__ == "__main__":
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    sys.exit(main())
