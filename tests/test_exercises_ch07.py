"""Chapter 7's exercises: CASES are the typical mistakes each checker must name (test_exercises.py checks them,
with every chapter's, in one test); the review questions give right verdicts, also questions 3 and 5, which ask for an explanation and are answered by marking statements
(the key-word checkers they replace passed false sentences); the notebook's bug is the one the checker
diagnoses."""

import json
from pathlib import Path

import numpy as np
import pytest

from course_lib import sigmoid
from course_lib.exercises import ch07

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "07_rnn.ipynb"  # part 1: the BPTT bug
REVIEW_NOTEBOOK = NOTEBOOK.with_name("07b_lstm.ipynb")  # part 2: the review questions
F = float(sigmoid(3.0))


def _slip(name):
    return ch07._bptt_slip(name)


CASES = [  # (exercise, [(wrong answer, a phrase its verdict must contain)])
    (
        ch07.bptt_bug,
        [
            (_slip("overwrite"), "hold only the first step's part"),
            (_slip("no transpose"), "Wh.T"),
            (_slip("forward"), "last step to the first"),
            (
                lambda x, h, d, Wx, Wh: tuple(2 * g for g in ch07.bptt_bug.reference(x, h, d, Wx, Wh)),
                "constant factor",
            ),
            (lambda x, h, d, Wx, Wh: ch07.bptt_bug.reference(x, h, d, Wx, Wh)[:2], "three gradients"),
        ],
    ),
    (
        ch07.relu_prediction,
        [
            ("stays", "only where a unit is active"),
            ("Explodes", "happens at scale 2"),
            ("sideways", "is not one of"),
        ],
    ),
    (
        ch07.cell_fraction,
        [
            (round(F, 3), "one step back"),
            (F**50, "50 factors"),
            (0.081, "rounded f to 0.95"),
            (0.098, "approximation"),
            (float(sigmoid(1.0)) ** 49, "bias of 1"),
            (0.09, "2 significant"),
            (0, "cell path keeps more"),
            ("a tenth", "answer with a number"),
        ],
    ),
    (
        ch07.forward,
        [
            (lambda x, Wx, Wh, b: ch07.forward.reference(x, Wx, Wh.T, b), "Wh.T"),
            (ch07._without_tanh, "no tanh"),
        ],
    ),
    (ch07.param_count, [(31000, "T copies"), ("31,000", "T copies"), (220, "and W, the recurrence")]),
    (
        ch07.q1_reasons,
        [("abcf", "f) is not among the book's reasons"), ("abcdef", "in 2006; f) is not among")],
    ),
    (
        ch07.q3_uses,
        [
            ("abdfc", "not all eight verdicts"),
            ("abcdefgh", "not all eight verdicts"),
            ("abdz", "z is not one"),
            ("", "not attempted"),
        ],
    ),
    (
        ch07.q5_bptt_statements,
        [("ace", "not all eight verdicts"), ("bdfh", "not all eight verdicts"), ("acegx", "x is not one")],
    ),
]


@pytest.mark.parametrize("answer", [F**49, 0.092, "0.0925", 0.09248])
def test_cell_fraction_accepts_rounded_answers(answer):
    assert ch07.cell_fraction.evaluate(answer)[0]


@pytest.mark.parametrize("answer", ["abc", "abcd", {"a", "b", "c", "d"}, ["c", "a", "b"]])
def test_q1_accepts_fewer_parameters_as_the_seed_argues(answer):
    ok, message = ch07.q1_reasons.evaluate(answer)
    assert ok and "fewer parameters" in message, message


# Sentences the retired key-word checkers passed: q5_bptt_words gave the first ✓ "says all 4 key ideas", and
# q3_applications gave the second ✓ — yet each denies what it should say.
FALSE_PASSES = {
    "q5": "We never unroll the network in time; we do not pass errors backward from the last step; the weights are "
    "not shared between the steps, and their gradients are not summed.",
    "q3": "CNNs are never used for images, and RNNs are never used for sequences.",
}
QUESTIONS = {"q3": ch07.q3_uses, "q5": ch07.q5_bptt_statements}


@pytest.mark.parametrize("question", QUESTIONS)
def test_the_sentences_the_key_word_checkers_passed_now_fail(question):
    ok, message = QUESTIONS[question].evaluate(FALSE_PASSES[question])
    assert not ok and "not in words" in message, message


@pytest.mark.parametrize(
    "question, letters",
    [
        ("q5", "bd"),  # the first sentence as statements: the weights are per step (b), errors go forward (d)
        ("q5", "bdfh"),  # and every other false statement with them
        ("q3", "c"),  # the second: CNNs are seldom used for images
        ("q3", "ceg"),
    ],
)
def test_the_same_misconceptions_marked_as_statements_fail(question, letters):
    ok, message = QUESTIONS[question].evaluate(letters)
    assert not ok and "not all eight verdicts are right" in message, message


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_single_wrong_verdict_fails_and_the_right_answer_passes_in_any_form(question):
    exercise = QUESTIONS[question]
    right = exercise.reference
    assert len(exercise.statements) == 8 and 0 < len(right) < 8
    for letter in exercise.statements:  # flip one verdict at a time
        flipped = set(right) ^ {letter}
        if flipped:
            assert not exercise.evaluate("".join(sorted(flipped)))[0], letter
    for answer in (right, right.upper(), ", ".join(right), list(right), set(right), right[::-1]):
        ok, message = exercise.evaluate(answer)
        assert ok and message.startswith("right: ") and "is false" in message, (answer, message)


def test_the_bptt_verdicts_are_what_the_layer_and_the_gradients_do():
    """b, d, f, h false and a, c, e, g true, measured: the gradient of the shared Wh is the sum of one term per
    step (e), not the last step's term alone (f) nor per-step weights (b); δ computed forward in time is wrong (c,
    d); over 50 steps δ vanishes at a small weight scale and explodes at a large one (g, h)."""
    x, h, dout, Wx, Wh = ch07._bptt_inputs()
    dWx, dWh, db = ch07.bptt_bug.reference(x, h, dout, Wx, Wh)
    N, T, H = h.shape
    terms, carry = [], np.zeros((N, H))
    for t in reversed(range(T)):
        dz = (dout[:, t] + carry) * (1 - h[:, t] ** 2)
        terms.append((h[:, t - 1] if t > 0 else np.zeros((N, H))).T @ dz)
        carry = dz @ Wh.T
    assert np.allclose(sum(terms), dWh) and not np.allclose(terms[0], dWh)
    forward = ch07._bptt_slip("forward")(x, h, dout, Wx, Wh)
    assert not np.allclose(forward[1], dWh)
    from course_lib.lessons import through_time as tt

    assert (
        tt.gradient_through_time("RNN", 50, 0.5)[0]
        < 1e-6
        < 1e2
        < tt.gradient_through_time("RNN", 50, 2.0, "relu")[0]
    )
    assert ch07.q5_bptt_statements.reference == "aceg"


def test_the_statements_are_shown_wrapped(capsys):
    ch07.q3_uses.show()
    out = capsys.readouterr().out
    assert out.startswith("  a) a CNN suits") and "  h) " in out and max(map(len, out.splitlines())) <= 100


def _cell_source(marker):
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    return next(
        "".join(c["source"]) for c in cells if c["cell_type"] == "code" and marker in "".join(c["source"])
    )


def test_the_notebooks_buggy_bptt_is_the_bug_the_checker_names():
    namespace = {"np": np}
    exec(_cell_source("def rnn_backward").split("ch07.bptt_bug.check")[0], namespace)
    ok, message = ch07.bptt_bug.evaluate(namespace["rnn_backward"])
    assert not ok and "hold only the first step's part" in message, message
    fixed = (
        _cell_source("def rnn_backward")
        .replace("dWx = x", "dWx += x")
        .replace("dWh = h_prev", "dWh += h_prev")
        .replace("db = dz", "db += dz")
        .split("ch07.bptt_bug.check")[0]
    )
    exec(fixed, namespace)
    assert ch07.bptt_bug.evaluate(namespace["rnn_backward"])[0]


def test_the_notebook_asks_the_statement_questions_and_not_the_key_word_ones():
    code = "".join(
        "".join(c["source"])
        for c in json.loads(REVIEW_NOTEBOOK.read_text())["cells"]
        if c["cell_type"] == "code"
    )
    assert "ch07.q3_uses.check(" in code and "ch07.q5_bptt_statements.check(" in code
    assert "q3_applications" not in code and "q5_bptt_words" not in code


def test_the_prediction_is_compared_with_the_experiment():
    assert ch07.trend(ch07.relu_experiment()) == ch07.relu_prediction.reference == "vanishes"
    assert [ch07.trend(r) for r in (1e-3, 1.0, 1e3)] == ["vanishes", "stays", "explodes"]


def test_the_messages_that_write_their_numbers_out_are_the_constants_numbers():
    """param_count's and cell_fraction's messages are declared (N_) and translated when shown, so they cannot
    be f-strings: they write the numbers out, and these are what the constants give."""
    d, h, params, bias, steps, f = ch07.D_Q, ch07.H_Q, ch07.RNN_PARAMS, ch07.FORGET_BIAS, ch07.CELL_STEPS, F
    assert ch07.param_count.right.startswith(f"{d}·{h} + {h}·{h} + {h} = {params}, ")
    assert ch07.cell_fraction.right.startswith(f"σ({bias:g})^{steps} = {f:.4f}^{steps} ≈ {f**steps:.3f}: ")
    assert f"f = σ({bias:g});" in ch07.cell_fraction.advice
    assert ch07.cell_fraction.evaluate(f**steps)[0] and ch07.param_count.evaluate(params)[0]
