"""The instructors' switches: solutions off for a graded session (setup(solutions=False),
COURSE_SOLUTIONS=off), the student copy `make student` writes, and projection mode (setup(projector=True),
COURSE_PROJECTOR=1). The projected notebook itself is measured in the browser test (tests/browser)."""

import json
import sys
from pathlib import Path

import matplotlib
import nbformat
import pytest

from course_lib.exercises import core
from course_lib.exercises.predict import MeasuredPrediction
from course_lib.notebook import PLOT_RC, PROJECTOR_RC, setup
from test_bad_inputs_interactive import every_exercise

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from make_student import STUDENT_SETUP, make_student, student_notebook  # noqa: E402

EXERCISES = every_exercise() + [
    MeasuredPrediction("a measured prediction", lambda p, o: "ok", "look", 1.0, "x")
]


@pytest.fixture(autouse=True)
def restore(monkeypatch):
    """Each test starts with solutions on and neither variable set; the plot defaults are restored after it."""
    monkeypatch.delenv(core.SOLUTIONS_ENV, raising=False)
    monkeypatch.delenv("COURSE_PROJECTOR", raising=False)
    with matplotlib.rc_context():
        yield
    core.set_solutions(True)


def _solution_text(exercise, capsys):
    exercise.solution()
    return capsys.readouterr().out


@pytest.mark.parametrize("switch", ["setup", "environment"])
def test_solutions_off_is_one_line_for_every_exercise_and_check_and_hint_work(switch, monkeypatch, capsys):
    assert len(EXERCISES) > 30
    shown = {e.title: _solution_text(e, capsys) for e in EXERCISES}
    references = {e.title: e.reference for e in EXERCISES}  # taken while solutions are on
    if switch == "setup":
        setup(solutions=False)
    else:
        monkeypatch.setenv(core.SOLUTIONS_ENV, "off")
    for exercise in EXERCISES:
        text = _solution_text(exercise, capsys)
        assert text == f"{exercise.title}: {core.SOLUTIONS_OFF}\n", text  # one line, no traceback
        assert core.SOLUTIONS_OFF not in shown[exercise.title]  # and it was not that before
        exercise.hint()
        assert capsys.readouterr().out.startswith(f"Hint ({exercise.title}): ")
        if not isinstance(exercise, MeasuredPrediction):
            assert exercise.evaluate(references[exercise.title])[0], exercise.title  # check still grades
            with pytest.raises(core.AnswerError, match="solutions are off"):
                exercise.reference  # hidden too
        exercise.check()
        blank = capsys.readouterr().out
        assert "not attempted yet" in blank and ".solution()" not in blank, blank


def test_an_open_questions_check_does_not_print_the_model_answer_when_solutions_are_off(capsys):
    # no notebook asks an open question any more (a key-word count cannot judge a sentence), but the class
    # remains, and with solutions off it must not hand out its model answer
    question = core.OpenQuestion(
        "why gradients vanish through time",
        {"repeated factor": core.Idea(("same", "repeat*", "every step"))},
        "what multiplies the gradient at each step back?",
        "The same weight multiplies the gradient at every step back, so it shrinks or grows.",
    )
    answer = "the gradient is multiplied by the same weight at every step, so it shrinks or grows over time"
    question.check(answer)
    assert "Model answer" in capsys.readouterr().out
    setup(solutions=False)
    question.check(answer)
    out = capsys.readouterr().out
    assert "Model answer" not in out and core.HINT_NOT_GRADE in out and "model answer below" not in out, out


@pytest.mark.parametrize(
    "value, shown",
    [("off", False), ("OFF ", False), ("0", False), ("of", False), ("on", True), ("1", True), ("", True)],
)
def test_the_environment_variable_fails_closed(value, shown, monkeypatch):
    monkeypatch.setenv(core.SOLUTIONS_ENV, value)
    assert core.solutions_shown() is shown


def test_setup_cannot_turn_solutions_on_against_the_environment(monkeypatch):
    monkeypatch.setenv(core.SOLUTIONS_ENV, "off")
    setup(solutions=True)
    assert not core.solutions_shown()
    monkeypatch.delenv(core.SOLUTIONS_ENV)
    setup()
    assert core.solutions_shown()


# -- the student copy ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def student_copy(tmp_path_factory):
    out = tmp_path_factory.mktemp("build") / "student"
    return out, make_student(out)


def test_the_student_copy_has_every_notebook_without_outputs_and_with_solutions_off(student_copy):
    out, written = student_copy
    assert [p.relative_to(out) for p in written] == sorted(
        p.relative_to(ROOT / "notebooks") for p in (ROOT / "notebooks").rglob("*.ipynb")
    )  # the Chinese edition's chapters too, in zh/
    assert (out / "glossary.md").exists()
    for path in written:
        nb = json.loads(path.read_text())
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert sum(STUDENT_SETUP in "".join(c["source"]) for c in code) == 1, path.name
        assert not any(c["outputs"] or c["execution_count"] for c in code), path.name
        original = json.loads((ROOT / "notebooks" / path.relative_to(out)).read_text())
        assert len(original["cells"]) == len(nb["cells"]), path.name  # only that line changed


def test_a_notebook_without_a_setup_line_is_refused():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from course_lib.notebook import setup\nsetup(projector=True)")]
    with pytest.raises(ValueError, match="found 0"):
        student_notebook(nb)


def test_the_student_copys_first_cell_runs_in_a_kernel_and_solution_says_off(student_copy):
    """The copy's first cell of chapter 0 (its imports and setup), then every ch00 exercise's .solution(),
    in a real kernel (nbclient): a few seconds, where the whole notebook would take about twenty."""
    from nbclient import NotebookClient

    out, _ = student_copy
    nb = nbformat.read(out / "00_history.ipynb", as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    run = nbformat.v4.new_notebook()
    run.cells = [
        first,
        nbformat.v4.new_code_cell(
            "from course_lib.exercises.core import Exercise\n"
            "for e in [v for v in vars(ch00).values() if isinstance(v, Exercise)]:\n    e.solution()"
        ),
    ]
    NotebookClient(
        run, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(out)}}
    ).execute()
    lines = "".join(o.get("text", "") for o in run.cells[1].outputs).splitlines()
    assert len(lines) >= 3 and all(line.endswith(core.SOLUTIONS_OFF) for line in lines), lines
    assert not any(o.output_type == "error" for c in run.cells for o in c.outputs)


# -- projection mode -----------------------------------------------------------------------------------------


def test_projector_mode_enlarges_the_figures_and_fonts_and_setup_restores_them(monkeypatch):
    setup(projector=True)
    assert {k: matplotlib.rcParams[k] for k in PROJECTOR_RC} == PROJECTOR_RC
    # tick labels are font.size points: at least 18 px at the projector's dpi (see the browser test)
    assert PROJECTOR_RC["font.size"] * PROJECTOR_RC["figure.dpi"] / 72 >= 18
    setup()
    assert {k: matplotlib.rcParams[k] for k in PROJECTOR_RC} == {k: PLOT_RC[k] for k in PROJECTOR_RC}
    monkeypatch.setenv("COURSE_PROJECTOR", "1")
    setup()
    assert matplotlib.rcParams["font.size"] == PROJECTOR_RC["font.size"]
    setup(projector=False)  # the notebook's own word wins over the environment
    assert matplotlib.rcParams["font.size"] == PLOT_RC["font.size"]
