"""expect() and setup(): a false claim fails the notebook (under nbval too) but shows as one line."""

import subprocess
import sys

import nbformat
import pytest

from course_lib.notebook import ClaimFailed, expect


def test_expect_prints_a_tick_when_the_claim_holds(capsys):
    expect("validation accuracy", 0.981, at_least=0.95)
    assert capsys.readouterr().out == "✓ validation accuracy 0.981 (expected ≥ 0.950)\n"


def test_a_count_is_printed_as_a_whole_number(capsys):
    import numpy as np

    expect("hand-drawn letters read correctly (of 9)", int(np.sum(np.ones(9))), at_least=7)
    expect("seeds behind (of 3)", np.sum(np.arange(3) > 0), at_least=2)  # a NumPy integer
    expect("runs that stopped (of 8)", 6.0, at_least=6, at_most=8.0, fmt="d")  # whole floats, fmt="d"
    expect("steps", 65, at_least=64.5)  # a bound that is not whole
    assert capsys.readouterr().out.splitlines() == [
        "✓ hand-drawn letters read correctly (of 9) 9 (expected ≥ 7)",
        "✓ seeds behind (of 3) 2 (expected ≥ 2)",
        "✓ runs that stopped (of 8) 6 (expected ≥ 6 and ≤ 8)",
        "✓ steps 65 (expected ≥ 64.5)",
    ]
    with pytest.raises(ClaimFailed, match=r"read correctly 6 \(expected ≥ 7\)"):
        expect("read correctly", 6, at_least=7)


def test_a_claim_in_chinese_with_its_values_filled_in_after_translating(capsys, monkeypatch, tmp_path):
    from course_lib import i18n

    path = tmp_path / "zh" / "LC_MESSAGES" / "course_lib.po"
    path.parent.mkdir(parents=True)
    path.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "validation ÷ training loss with {n} samples"\nmsgstr "{n} 个样本时，验证损失 ÷ 训练损失"\n\n'
        'msgid "{what} {value} (expected ≤ {high})"\nmsgstr "{what} {value}（预期 ≤ {high}）"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(i18n, "_catalogues", {})
    monkeypatch.setattr(i18n, "_chosen", ["zh"])
    expect("validation ÷ training loss with {n} samples", 1.1, at_most=1.2, n=600)
    monkeypatch.setattr(i18n, "_chosen", ["en"])
    expect("validation ÷ training loss with {n} samples", 1.1, at_most=1.2, n=600)
    assert capsys.readouterr().out.splitlines() == [
        "✓ 600 个样本时，验证损失 ÷ 训练损失 1.100（预期 ≤ 1.200）",
        "✓ validation ÷ training loss with 600 samples 1.100 (expected ≤ 1.200)",
    ]


@pytest.mark.parametrize("kwargs", [{"at_least": 0.99}, {"at_most": 0.5}, {"at_least": 0.99, "at_most": 1.0}])
def test_expect_raises_when_the_claim_fails(kwargs):
    with pytest.raises(ClaimFailed, match="does not hold"):
        expect("validation accuracy", 0.981 if "at_least" in kwargs else 0.7, **kwargs)


def test_a_false_claim_or_a_course_error_fails_nbval_with_a_one_line_message(tmp_path):
    cells = [
        nbformat.v4.new_code_cell("from course_lib.notebook import setup, expect\nsetup()"),
        nbformat.v4.new_code_cell("expect('accuracy', 0.5, at_least=0.9)"),
        nbformat.v4.new_code_cell(
            "import numpy as np, course_lib as cl\ncl.mlp((3, 2)).forward(np.zeros((2, 5)))"
        ),
    ]
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    nbformat.write(nb, tmp_path / "claims.ipynb")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--nbval-lax",
            "--nbval-current-env",
            str(tmp_path / "claims.ipynb"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert "2 failed, 1 passed" in run.stdout, run.stdout
    assert "✗ ClaimFailed: accuracy 0.500 (expected ≥ 0.900)" in run.stdout
    assert "✗ ShapeError: Linear(3 → 2) expected input of shape (N, 3), got (N, 5)" in run.stdout
    assert "most recent call last" not in run.stdout and "site-packages" not in run.stdout


# -- training(...) and require(...): checks never run on a stopped, failed or skipped training cell -------


def test_require_names_a_run_that_never_ran():
    from course_lib.errors import NotReadyError
    from course_lib.notebook import require

    with pytest.raises(NotReadyError, match="has not run yet: run the cell above"):
        require("a run nobody started")


def test_a_stopped_run_is_one_line_and_its_checks_refuse_to_run():
    from course_lib.errors import CourseError, NotReadyError, TrainingInterrupted
    from course_lib.notebook import require, training

    with pytest.raises(TrainingInterrupted, match="stopped before it finished; run this cell again") as stop:
        with training("stopped run"):
            raise KeyboardInterrupt
    assert isinstance(stop.value, CourseError) and stop.value.__suppress_context__
    with pytest.raises(NotReadyError, match="did not finish .* run it again"):
        require("stopped run")
    with training("stopped run"):  # run the cell again: now the checks go ahead
        pass
    require("stopped run")


def test_a_failed_run_blocks_its_checks_and_keeps_the_error():
    from course_lib.errors import ConfigError, NotReadyError
    from course_lib.notebook import require, training

    with pytest.raises(ConfigError):
        with training("failed run"):
            raise ConfigError("lr must be > 0")
    with pytest.raises(NotReadyError):
        require("failed run")


def test_trainer_interrupt_message_passes_through_unchanged():
    from course_lib.errors import TrainingInterrupted
    from course_lib.notebook import training

    with pytest.raises(TrainingInterrupted, match="stopped at epoch 2 of 5"):
        with training("fit"):
            raise TrainingInterrupted("run: stopped at epoch 2 of 5")


# -- the claims log and table behind `make robust` ------------------------------------------------------


def test_expect_logs_every_claim_when_asked(tmp_path, monkeypatch, capsys):
    import json

    log = tmp_path / "claims.jsonl"
    monkeypatch.setenv("COURSE_CLAIMS_LOG", str(log))
    expect("accuracy", 0.98, at_least=0.95)
    with pytest.raises(ClaimFailed):
        expect("loss", 2.0, at_most=1.0)
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert records == [
        {"what": "accuracy", "value": 0.98, "ok": True, "at_least": 0.95, "at_most": None},
        {"what": "loss", "value": 2.0, "ok": False, "at_least": None, "at_most": 1.0},
    ]


def _claims_tool():
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1] / "tools"))
    try:
        import claims
    finally:
        sys.path.pop(0)
    return claims


def test_margins_are_log_ratios_for_positive_claims_and_differences_otherwise():
    claims = _claims_tool()
    ratio = {"value": 1e9, "at_least": 100, "at_most": None}
    diff = {"value": -0.017, "at_least": None, "at_most": 0.0}
    assert claims.on_log_scale([ratio]) and not claims.on_log_scale([diff])
    assert claims.margin(ratio, log=True) == pytest.approx(7.0)
    assert claims.margin(diff) == pytest.approx(0.017)
    assert claims.margin({"value": float("nan"), "at_least": 0, "at_most": None}) < 0


@pytest.mark.parametrize(
    "values, flag",
    [
        ((0.52, 0.51, 0.19), "FAILED"),  # one setting below the bound
        ((0.45, 0.32, 0.44), "THIN"),  # holds, by less than the spread
        ((0.45, 0.44, 0.46), ""),  # holds by far more
        ((0.45, 0.44, None), "MISSING"),
    ],
)  # its notebook stopped early
def test_the_table_flags_failed_thin_and_missing_claims(tmp_path, monkeypatch, capsys, values, flag):
    import json

    claims = _claims_tool()
    monkeypatch.setattr(claims, "OUT", tmp_path)
    names = ["a", "b", "c"]
    for name, value in zip(names, values):
        (tmp_path / name).mkdir()
        record = {"what": "dead units", "value": value, "ok": True, "at_least": 0.3, "at_most": None}
        (tmp_path / name / "01_x.jsonl").write_text(json.dumps(record) + "\n" if value is not None else "")
    problems = claims.table(names)
    row = next(line for line in capsys.readouterr().out.splitlines() if "dead units" in line)
    assert row.rstrip().endswith(flag) if flag else not row.rstrip().endswith(("FAILED", "THIN", "MISSING"))
    assert problems == (1 if flag else 0)


def test_seed_settings_shift_every_literal_seed(tmp_path):
    claims = _claims_tool()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "rng = np.random.default_rng(0)\nm = mlp(s, rng=1)\nd = load(seed=0)\nseeds = 10",
            metadata={"tags": ["nbval-check-output"]},
        )
    ]
    nbformat.write(nb, tmp_path / "n.ipynb")
    [copy] = claims.shifted_copy([str(tmp_path / "n.ipynb")], 2, tmp_path / "out")
    cell = nbformat.read(copy, as_version=4).cells[0]
    assert cell.source == "rng = np.random.default_rng(2)\nm = mlp(s, rng=3)\nd = load(seed=2)\nseeds = 10"
    assert "nbval-check-output" not in cell.metadata["tags"]


def test_stopping_a_training_cell_in_a_real_kernel_gives_one_line_and_the_next_cell_says_so():
    """■ in Jupyter sends SIGINT to the kernel: the cell shows one red line, the checking cell refuses to run."""
    import time

    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3")
    try:

        def run(code, interrupt_after=None):
            msg_id = kc.execute(code)
            if interrupt_after is not None:
                time.sleep(interrupt_after)
                km.interrupt_kernel()
            outputs = []
            while True:
                msg = kc.get_iopub_msg(timeout=60)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    return outputs
                if msg["msg_type"] in ("error", "stream"):
                    outputs.append(msg["content"])

        run(
            "import numpy as np, course_lib as cl\nfrom course_lib.notebook import setup, training, require\nsetup()\n"
            "X = np.random.default_rng(0).standard_normal((20000, 50)); y = (X[:, 0] > 0).astype(int)\n"
            "model = cl.mlp((50, 200, 2), 'relu', rng=0, output_activation=None)\n"
            "t = cl.Trainer(model, cl.SoftmaxCrossEntropyLoss(), cl.SGD(model, lr=0.01), X, y, batch_size=16)"
        )
        stopped = run("with training('long run'):\n    t.fit_to(1000)", interrupt_after=2.0)
        errors = [o for o in stopped if "ename" in o]
        assert len(errors) == 1 and errors[0]["ename"] == "TrainingInterrupted", stopped
        import re

        line = errors[0]["traceback"]
        stopped_at = re.search(
            r"stopped (?:after|during) epoch (\d+) of 1000; the run is as it was (?:after epoch \d+|before "
            r"its first epoch) — run the "
            r"cell again to train the remaining (\d+)",
            line[0],
        )
        assert len(line) == 1 and stopped_at, line
        reached = 0 if "during" in line[0] else int(stopped_at.group(1))
        assert int(stopped_at.group(2)) == 1000 - reached
        check = run("require('long run')")
        assert [o["ename"] for o in check if "ename" in o] == ["NotReadyError"]
        assert "did not finish" in check[0]["traceback"][0] and len(check[0]["traceback"]) == 1
        history = run(
            "print(t.history.epochs, len(t.history.step_loss) == (t.history.steps_at_epoch or [0])[-1])"
        )
        assert history[0]["text"].split() == [str(reached), "True"]  # whole epochs only, as the message says
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_an_infinite_value_on_the_right_side_of_its_bound_is_not_thin(tmp_path, monkeypatch, capsys):
    import json

    claims = _claims_tool()
    monkeypatch.setattr(claims, "OUT", tmp_path)
    for name, value in (("a", 4e21), ("b", float("inf")), ("c", 1e21)):
        (tmp_path / name).mkdir()
        record = {"what": "LSTM ÷ RNN", "value": value, "ok": True, "at_least": 1e6, "at_most": None}
        (tmp_path / name / "07_x.jsonl").write_text(json.dumps(record) + "\n")
    assert claims.table(["a", "b", "c"]) == 0
    (tmp_path / "b" / "07_x.jsonl").write_text(json.dumps({**record, "value": float("-inf")}) + "\n")
    assert claims.table(["a", "b", "c"]) == 1


def _blas_threads():
    from threadpoolctl import threadpool_info

    return {p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"}


@pytest.fixture
def blas_at_two_threads(monkeypatch):
    """numpy's BLAS at 2 threads whatever the test run set, and back as it was after the test."""
    from threadpoolctl import threadpool_limits

    from course_lib import notebook

    monkeypatch.delenv(notebook.BLAS_THREADS_ENV, raising=False)
    with threadpool_limits(limits=2, user_api="blas"):
        yield
        notebook.limit_blas_threads("default")


def test_setup_limits_blas_to_one_thread_and_can_be_switched_off(blas_at_two_threads, monkeypatch):
    from course_lib.errors import ConfigError
    from course_lib.notebook import BLAS_THREADS_ENV, setup

    assert _blas_threads() == {2}
    setup()
    assert _blas_threads() == {1}
    setup(blas_threads="default")  # undoes the limit the first call set
    assert _blas_threads() == {2}
    monkeypatch.setenv(BLAS_THREADS_ENV, "default")
    setup()
    assert _blas_threads() == {2}
    monkeypatch.setenv(BLAS_THREADS_ENV, "3")
    setup()
    assert _blas_threads() == {3}
    with pytest.raises(ConfigError, match="a number from 1 to 1024 or \"default\", got 'all'"):
        setup(blas_threads="all")


def test_kept_runs_survive_running_the_cell_again_until_the_settings_change():
    """Issue 23 item 1: 07b's recall cell keeps its finished runs, so running it again after ■ goes on."""
    from course_lib.errors import ConfigError
    from course_lib.notebook import kept_runs

    runs = kept_runs("kept test", {"lr": 0.1})
    assert runs == {}
    runs["RNN", 5] = "a finished run"
    assert kept_runs("kept test", {"lr": 0.1}) == {("RNN", 5): "a finished run"}  # the cell run again
    assert kept_runs("kept test", {"lr": 0.2}) == {}  # other settings: afresh
    with pytest.raises(ConfigError, match="settings must be a dict"):
        kept_runs("kept test", 0.1)
