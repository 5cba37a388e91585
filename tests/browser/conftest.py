"""Prints what the browser test measured and does not assert (a timed assertion fails on a busy machine,
not on slow code): each notebook's Run All time, and each explorer's time from a control change to its new
picture (the goal is a median of at most 300 ms), and each playground's pictures a second while it plays."""

import statistics


def pytest_terminal_summary(terminalreporter):
    from test_notebooks_in_browser import LATENCIES, PLAYGROUND_RATES, RUN_ALL_SECONDS

    write = terminalreporter.write_line
    if PLAYGROUND_RATES:
        write("")
        write(
            "playground while playing (new pictures a second, counted as changes of its <img>'s src; goal ≥ 30 "
            "on a quiet machine):"
        )
        for name, (pictures, paints, load) in sorted(PLAYGROUND_RATES.items()):
            write(
                f"  {name.split('_')[0]} {pictures:.1f} pictures/s (browser {paints:.0f} frames/s, "
                f"load average {load:.2f})"
            )
    if not RUN_ALL_SECONDS:
        return
    write("")
    write(
        "Run All in the browser, to idle: "
        + ", ".join(
            f"{name.split('_')[0]} {seconds:.1f} s" for name, seconds in sorted(RUN_ALL_SECONDS.items())
        )
    )
    if not LATENCIES:
        return
    write("explorer latency, control change → new picture (ms; — = no new picture within 10 s):")
    seen = []
    for name, widget, control, times in LATENCIES:
        shown = ", ".join("—" if t is None else f"{t:.0f}" for t in times)
        write(f"  {name.split('_')[0]} widget {widget:>2} {control:<6} {shown}")
        seen += [t for t in times if t is not None]
    if seen:
        q = statistics.quantiles(seen, n=4) if len(seen) > 1 else [seen[0]] * 3
        write(
            f"  all {len(seen)} changes: median {statistics.median(seen):.0f} ms "
            f"(quartiles {q[0]:.0f}–{q[2]:.0f}, max {max(seen):.0f}); goal: median ≤ 300 ms"
        )
