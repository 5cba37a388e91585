"""Issue 22: switches fail closed (item 2), messages that mislead (item 6), notebook slips (item 8), and an
`expect()` with no bound (item 5). Each case the issue lists is one test here."""

import json
import os
import subprocess
import sys
import zipfile

import matplotlib
import numpy as np
import pytest

import course_lib as cl
from course_lib import notebook
from course_lib.datasets import letters
from course_lib.errors import (
    ConfigError,
    Interrupted,
    ModelFileError,
    ShapeError,
    true_or_false,
    whole_number,
)
from course_lib.exercises import core
from course_lib.exercises.checks import close_to, number_answer
from course_lib.notebook import PLOT_RC, PROJECTOR_RC, expect, setup


@pytest.fixture(autouse=True)
def clean_switches(monkeypatch):
    """Each test starts with solutions on, no switch variable set, BLAS as it was; all restored after it."""
    for variable in (core.SOLUTIONS_ENV, notebook.PROJECTOR_ENV, notebook.BLAS_THREADS_ENV):
        monkeypatch.delenv(variable, raising=False)
    core.set_solutions(True)
    with matplotlib.rc_context():
        yield
    core.set_solutions(True)
    notebook.limit_blas_threads("default")


def one_line(error):
    text = str(error.value)
    assert "\n" not in text and len(text) < 320, text
    return text


# -- item 2: switches fail closed ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["off", "no", 0, 1, "False", "true", [], np.array([False])])
def test_setup_solutions_that_are_not_true_or_false_are_refused_and_hide_the_solutions(value):
    with pytest.raises(ConfigError) as e:
        setup(solutions=value)
    assert "setup: solutions must be True or False" in one_line(e)
    assert not core.solutions_shown()  # fails closed: a graded session with a typo stays graded


@pytest.mark.parametrize(
    "value, shown", [(np.False_, False), (np.True_, True), (False, False), (True, True), (None, True)]
)
def test_setup_solutions_takes_numpy_bools_as_bools(value, shown):
    setup(solutions=value)
    assert core.solutions_shown() is shown


def test_set_solutions_itself_fails_closed():
    with pytest.raises(ConfigError, match="solutions must be True or False, got 'off'"):
        core.set_solutions("off")
    assert not core.solutions_shown()


@pytest.mark.parametrize("value", ["maybe", "of", "2", "hidden"])
def test_an_unknown_solutions_variable_hides_them_and_setup_says_so(value, monkeypatch):
    monkeypatch.setenv(core.SOLUTIONS_ENV, value)
    assert not core.solutions_shown()
    with pytest.raises(ConfigError) as e:
        setup()
    assert f"COURSE_SOLUTIONS must be on or off (or 1/0, yes/no, true/false), got '{value}'" in one_line(e)
    assert not core.solutions_shown()


@pytest.mark.parametrize(
    "value, shown",
    [
        ("on", True),
        (" YES ", True),
        ("true", True),
        ("1", True),
        ("off", False),
        ("No", False),
        ("false", False),
        ("0", False),
        ("", True),
        ("  ", True),
    ],
)
def test_the_solutions_variable_reads_the_switch_words(value, shown, monkeypatch):
    monkeypatch.setenv(core.SOLUTIONS_ENV, value)
    setup()
    assert core.solutions_shown() is shown


@pytest.mark.parametrize("value", ["no", "off", "yes", 0, 1, "False", 2])
def test_setup_projector_that_is_not_true_or_false_is_refused(value):
    with pytest.raises(ConfigError) as e:
        setup(projector=value)
    assert "setup: projector must be True or False" in one_line(e)
    assert matplotlib.rcParams["font.size"] != PROJECTOR_RC["font.size"]  # 'no' did not turn it on


@pytest.mark.parametrize(
    "value, on",
    [
        ("1", True),
        ("on", True),
        ("Yes", True),
        ("TRUE", True),
        ("0", False),
        ("off", False),
        ("no", False),
        ("false", False),
        ("", False),
    ],
)
def test_the_projector_variable_reads_the_switch_words(value, on, monkeypatch):
    monkeypatch.setenv(notebook.PROJECTOR_ENV, value)
    setup()
    assert matplotlib.rcParams["font.size"] == (PROJECTOR_RC if on else PLOT_RC)["font.size"]


@pytest.mark.parametrize("value", ["maybe", "2", "projector", "nein"])
def test_an_unknown_projector_variable_is_an_error_not_a_choice(value, monkeypatch):
    monkeypatch.setenv(notebook.PROJECTOR_ENV, value)
    with pytest.raises(ConfigError) as e:
        setup()
    assert f"COURSE_PROJECTOR must be on or off (or 1/0, yes/no, true/false), got '{value}'" in one_line(e)
    setup(projector=False)  # the notebook's own word still decides


@pytest.mark.parametrize("value", ["no", 0, None, 1])
def test_setup_friendly_errors_that_is_not_true_or_false_is_refused(value):
    with pytest.raises(ConfigError, match="setup: friendly_errors must be True or False"):
        setup(friendly_errors=value)


@pytest.mark.parametrize("value", [0, -1, 2.5, True, "0", "two", "", 10**6, float("nan"), "1.5"])
def test_blas_threads_is_a_number_from_1_or_default(value):
    with pytest.raises(ConfigError) as e:
        setup(blas_threads=value)
    assert 'blas_threads (or COURSE_BLAS_THREADS): a number from 1 to 1024 or "default"' in one_line(e)


@pytest.mark.parametrize("value", ["0", "-1", "many", "2.0"])
def test_the_blas_threads_variable_is_checked_the_same_way(value, monkeypatch):
    monkeypatch.setenv(notebook.BLAS_THREADS_ENV, value)
    with pytest.raises(ConfigError, match=r"a number from 1 to 1024 or \"default\", got"):
        setup()


def test_blas_threads_takes_whole_numbers_and_their_digits(monkeypatch):
    from threadpoolctl import threadpool_info

    setup(blas_threads=np.int64(1))
    assert {p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"} == {1}
    monkeypatch.setenv(notebook.BLAS_THREADS_ENV, " 1 ")
    setup()


def test_true_or_false_reads_words_only_when_asked():
    assert true_or_false(" Off ", "X", words=True) is False and true_or_false("YES", "X", words=True) is True
    for value in ("maybe", 1, True, None):
        with pytest.raises(ConfigError, match="X must be on or off"):
            true_or_false(value, "X", words=True)
    with pytest.raises(ConfigError, match="X must be True or False"):
        true_or_false("on", "X")


# -- item 5: a claim with no bound ----------------------------------------------------------------------------


def test_expect_without_a_bound_is_an_error_naming_the_fix(capsys):
    with pytest.raises(ConfigError) as e:
        expect("validation accuracy", 0.98)
    assert "makes no claim: give at_least=…, at_most=… or both" in one_line(e)
    assert "✓" not in capsys.readouterr().out


# -- item 6: messages that mislead ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", [2**53 + 1, 2**53, 2**63 - 1, np.uint64(2**63 - 1)])
def test_whole_number_takes_large_ints_exactly(value):
    assert whole_number(value, "seed") == int(value)


def test_the_playground_makes_new_data_at_seed_2_to_the_53():
    from course_lib.lessons.playground import Session

    session = Session(seed=2**53)
    session.reset(seed=session.settings.seed + 1)  # what the "new data" button does
    assert session.settings.seed == 2**53 + 1


@pytest.mark.parametrize("value", [np.True_, np.False_, 2**63, 1e300])
def test_whole_number_refuses_numpy_bools_and_numbers_beyond_int64(value):
    with pytest.raises(ConfigError, match="seed must be a whole number ≥ 0"):
        whole_number(value, "seed")


@pytest.mark.parametrize(
    "text, fix", [("0,125", "0.125"), ("1,5", "1.5"), ("12,34", "12.34"), ("−0,5", "-0.5")]
)
def test_a_decimal_comma_is_refused_naming_the_decimal_point(text, fix):
    with pytest.raises(core.AnswerError) as e:
        number_answer(text)
    assert f"write the decimal point as a dot, {fix}" in one_line(e)


@pytest.mark.parametrize(
    "text, value",
    [
        ("6,346", 6346),
        ("1,234,567.5", 1234567.5),
        ("−0.5", -0.5),
        ("−1/64", -1 / 64),
        ("1.5e−3", 1.5e-3),
        ("−6,346", -6346),
    ],
)
def test_thousands_commas_and_the_notebooks_minus_sign_are_numbers(text, value):
    assert number_answer(text) == value


def test_rounding_is_judged_with_the_minus_sign_and_a_negative_exponent():
    assert close_to("−0.0156", -1 / 64) and not close_to("−0.02", -1 / 64)
    assert not close_to("1.5e-3", 0.7)  # the exponent's sign is not dropped: 1.5e3 is not 0.0015
    assert close_to("1.5e-3", 0.00152)


def test_backward_with_another_batch_size_shows_both_sizes():
    model = cl.mlp((4, 3, 2), rng=0)
    model.forward(np.zeros((5, 4), np.float32))
    with pytest.raises(ShapeError) as e:
        model.backward(np.zeros((3, 2), np.float32))
    text = one_line(e)
    assert "expected dout of shape (5, 2)" in text and "got (3, 2)" in text
    assert "batch of the last forward()" in text
    with pytest.raises(ShapeError, match=r"expected dout of shape \(N, 2\) .*got \(N, 3\)$"):
        model.backward(np.zeros((5, 3), np.float32))  # same batch: N is enough


def test_a_target_of_another_batch_size_shows_both_sizes():
    with pytest.raises(ShapeError, match=r"target shape \(3, 2\) does not match prediction shape \(5, 2\)"):
        cl.QuadraticLoss().forward(np.zeros((5, 2)), np.zeros((3, 2)))


@pytest.fixture
def model():
    return cl.mlp((4, 3, 2), rng=0)


def test_a_plain_zip_is_not_a_saved_model(model, tmp_path):
    path = tmp_path / "notes.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("notes.txt", "hello")
    with pytest.raises(ModelFileError) as e:
        model.load(path)
    assert (
        "not a file written by model.save (a zip archive, and notes.txt in it is not an array)" in one_line(e)
    )
    assert "rebuild" not in str(e.value) and "exactly as it was" not in str(e.value)


@pytest.mark.parametrize("how", ["positional", "named", "none"])
def test_arrays_saved_with_np_savez_are_not_a_saved_model(model, tmp_path, how):
    path = tmp_path / "weights.npz"
    W, b = model.layers[0].params["W"], model.layers[0].params["b"]
    {
        "positional": lambda: np.savez(path, W, b),
        "named": lambda: np.savez(path, W=W, b=b),
        "none": lambda: np.savez(path),
    }[how]()
    with pytest.raises(ModelFileError) as e:
        model.load(path)
    text = one_line(e)
    assert "is not a file written by model.save" in text and "read with np.load" in text, text
    assert "exactly as it was" not in text
    if how == "positional":
        assert "arrays named arr_0, arr_1" in text


def test_a_model_without_parameters_still_saves_and_loads(tmp_path):
    net = cl.Sequential([cl.ReLU()])
    net.load(net.save(tmp_path / "relu.npz"))


# -- item 8: notebook slips -----------------------------------------------------------------------------------


def test_stopping_the_first_load_letters_is_one_line_and_leaves_no_cache(tmp_path, monkeypatch):
    def stopped(n, rng):
        raise KeyboardInterrupt

    monkeypatch.setattr(letters, "generate_letters", stopped)
    with pytest.raises(Interrupted) as e:
        letters.load_letters(seed=3, cache_dir=tmp_path, verbose=False)
    assert isinstance(e.value, KeyboardInterrupt)  # `except KeyboardInterrupt:` still sees it
    assert "load_letters: stopped before the letters were ready" in one_line(e)
    assert "run the cell again" in str(e.value)
    assert list(tmp_path.iterdir()) == []


# A notebook's kernel, without starting one: the cells run in IPython's shell in a fresh process (its own
# IPYTHONDIR, no history), each cell's output collected as the notebook would show it.
SHELL = r"""
import contextlib, io, json, sys
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config
config = Config()
config.HistoryManager.enabled = False
shell = InteractiveShell.instance(config=config, colors="nocolor")
outputs = []
for cell in json.loads(sys.stdin.read()):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        shell.run_cell(cell)
    outputs.append(out.getvalue())
print(json.dumps(outputs))
"""


def run_cells(cells, tmp_path):
    env = {**os.environ, "IPYTHONDIR": str(tmp_path / "ipython"), "MPLBACKEND": "Agg"}
    for variable in (core.SOLUTIONS_ENV, notebook.PROJECTOR_ENV, notebook.BLAS_THREADS_ENV):
        env.pop(variable, None)
    done = subprocess.run(
        [sys.executable, "-c", SHELL],
        input=json.dumps(cells),
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    return [text.replace("\033[31m", "").replace("\033[0m", "") for text in json.loads(done.stdout)]


def shown_as_one_line(output):
    lines = [line for line in output.splitlines() if line.strip()]
    return len(lines) == 1 and lines[0].startswith("✗ ")


@pytest.fixture(scope="module")
def notebook_session(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("shell")
    cells = {
        "setup": "from course_lib.notebook import setup\nsetup()",
        "skipped import": "ch03.backprop.check()",
        "typo": "prnt(1)",
        "in a cell's function": "def f():\n    return not_run_yet\nf()",
        "unbound local": "def g():\n    y += 1\n    return y\ng()",
        "in library code": "ns = {}\nexec('def h():\\n    return missing', ns)\nns['h']()",
        "bad switch": "setup(solutions='no')",
        "solutions after it": "from course_lib.exercises import core\nprint(core.solutions_shown())",
        "stopped letters": (
            "import course_lib.datasets.letters as L\n"
            "def stop(n, rng):\n    raise KeyboardInterrupt\n"
            "L.generate_letters = stop\nL.load_letters(cache_dir='.', verbose=False)"
        ),
        "friendly off": "setup(friendly_errors=False, solutions=True)",
        "not defined, friendly off": "ch03",
        "friendly on": "setup()",
        "not defined, friendly on": "ch03",
    }
    return dict(zip(cells, run_cells(list(cells.values()), tmp_path)))


def test_a_name_not_defined_yet_is_one_line_naming_what_to_run(notebook_session):
    output = notebook_session["skipped import"]
    assert shown_as_one_line(output), output
    assert (
        "NameError: `ch03` is not defined: if a cell above defines it, run the cells above (Run → Run All Above); "
        "if none does, check the spelling"
    ) in output


def test_a_mistyped_name_is_one_line_with_the_name_it_is_close_to(notebook_session):
    output = notebook_session["typo"]
    assert shown_as_one_line(output) and "`prnt` is not defined:" in output, output
    assert "did you mean `print`?" in output


def test_a_name_missing_in_a_function_of_the_notebook_is_one_line(notebook_session):
    output = notebook_session["in a cell's function"]
    assert shown_as_one_line(output) and "`not_run_yet` is not defined:" in output, output


@pytest.mark.parametrize("case", ["unbound local", "in library code"])
def test_other_name_errors_keep_their_traceback(notebook_session, case):
    output = notebook_session[case]  # a bug in a function, not a cell run out of order
    assert "Traceback" in output and not shown_as_one_line(output), output


def test_a_bad_switch_in_a_notebook_is_one_line_and_hides_the_solutions(notebook_session):
    output = notebook_session["bad switch"]
    assert shown_as_one_line(output) and "setup: solutions must be True or False, got 'no'" in output, output
    assert notebook_session["solutions after it"].strip() == "False"


def test_stopping_load_letters_in_a_notebook_is_one_line(notebook_session):
    output = notebook_session["stopped letters"]
    assert shown_as_one_line(output) and "Interrupted: load_letters: stopped" in output, output


def test_friendly_errors_false_after_setup_gives_the_usual_tracebacks_again(notebook_session):
    off = notebook_session["not defined, friendly off"]
    assert "Traceback" in off and "name 'ch03' is not defined" in off, off
    assert shown_as_one_line(notebook_session["not defined, friendly on"])


def assigned_at_top_level(source):
    """The names a cell binds in the notebook's namespace (not a function's locals or parameters)."""
    import ast

    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
    names, todo = set(), list(ast.parse(code).body)
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            continue
        if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        todo.extend(ast.iter_child_nodes(node))
    return names


@pytest.mark.parametrize(
    "notebook_name, name",
    [("01_neurons_activations", "x"), ("01_neurons_activations", "t"), ("04_vanishing_gradient", "norms")],
)
def test_a_name_read_by_an_earlier_cell_is_not_given_another_meaning_later(notebook_name, name):
    # re-running an earlier cell after the rest of the notebook must find the value it was written for:
    # 01's three inputs x (not the plotting grid), its grid t (not a Trainer), 04's norms by depth (not one
    # run's norms by layer)
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "notebooks" / f"{notebook_name}.ipynb"
    cells = [cell for cell in json.loads(path.read_text())["cells"] if cell["cell_type"] == "code"]
    binding = [cell["id"] for cell in cells if name in assigned_at_top_level("".join(cell["source"]))]
    assert len(binding) == 1, f"{notebook_name}: `{name}` is bound by cells {binding}"
