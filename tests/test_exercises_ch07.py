"""Chapter 7's exercises: the new ones accept the reference and name typical mistakes; the review questions
give right verdicts; the open questions cannot be passed with a list of key words; the notebook's bug is the
one the checker diagnoses."""
import json
from pathlib import Path

import numpy as np
import pytest

from course_lib import sigmoid
from course_lib.exercises import ch07, core

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "07_rnn.ipynb"
F = float(sigmoid(3.0))


def _slip(name):
    return ch07._bptt_slip(name)


CASES = [
    (ch07.bptt_bug, [(_slip("overwrite"), "hold only the first step's part"), (_slip("no transpose"), "Wh.T"),
                     (_slip("forward"), "last step to the first"),
                     (lambda x, h, d, Wx, Wh: tuple(2 * g for g in ch07.bptt_bug.reference(x, h, d, Wx, Wh)), "constant factor"),
                     (lambda x, h, d, Wx, Wh: ch07.bptt_bug.reference(x, h, d, Wx, Wh)[:2], "three gradients")]),
    (ch07.relu_prediction, [("stays", "only where a unit is active"), ("Explodes", "happens at scale 2"),
                            ("sideways", "is not one of")]),
    (ch07.cell_fraction, [(round(F, 3), "one step back"), (F ** 50, "50 factors"), (0.081, "rounded f to 0.95"),
                          (0.098, "approximation"), (float(sigmoid(1.0)) ** 49, "bias of 1"), (0.09, "2 significant"),
                          (0, "cell path keeps more"), ("a tenth", "answer with a number")]),
    (ch07.forward, [(lambda x, Wx, Wh, b: ch07.forward.reference(x, Wx, Wh.T, b), "Wh.T"),
                    (ch07._without_tanh, "no tanh")]),
    (ch07.param_count, [(31000, "T copies"), ("31,000", "T copies"), (220, "and W, the recurrence")]),
    (ch07.q1_reasons, [("abcf", "f) is not among the seed's reasons"),
                       ("abcdef", "in 2006; f) is not among")]),
]


@pytest.mark.parametrize("exercise, wrongs", CASES, ids=[e.title for e, _ in CASES])
def test_reference_passes_and_typical_mistakes_are_named(exercise, wrongs):
    ok, message = exercise.evaluate(exercise.reference)
    assert ok, message
    for wrong, phrase in wrongs:
        ok, message = exercise.evaluate(wrong)
        assert not ok and phrase in message, (wrong, message)
        assert core.CANNOT_CHECK not in message


@pytest.mark.parametrize("answer", [F ** 49, 0.092, "0.0925", 0.09248])
def test_cell_fraction_accepts_rounded_answers(answer):
    assert ch07.cell_fraction.evaluate(answer)[0]


@pytest.mark.parametrize("answer", ["abc", "abcd", {"a", "b", "c", "d"}, ["c", "a", "b"]])
def test_q1_accepts_fewer_parameters_as_the_seed_argues(answer):
    ok, message = ch07.q1_reasons.evaluate(answer)
    assert ok and "fewer parameters" in message, message


@pytest.mark.parametrize("answer", [
    "BPTT unrolls the network in time, runs forward through the steps, then goes backward from the last step to the "
    "first, and sums the gradients of the shared weights over all the steps.",
    "The RNN is unfolded into copies, one per step, that share the same weights; the errors are propagated back "
    "through time and each weight's gradient is the sum of its contributions at every step.",
    "把循环网络按时间展开，先前向计算每一步，再从最后一步反向传播误差，共享权重的梯度是各时刻梯度之和。"])
def test_a_correct_bptt_description_passes_without_vanishing_or_exploding(answer):
    ok, message = ch07.q5_bptt_words.evaluate(answer)
    assert ok, message


@pytest.mark.parametrize("answer, phrase", [
    ("unroll share sum vanish", "list of key words"),
    ("unroll share sum vanish backward gradients weights", "list of key words"),
    ("It unrolls the network and goes backward through it. The weights are shared. We add the inputs to the address.",
     "in no sentence about the gradients"),
    ("We unroll it, share things and go backward, then the gradients are summed over the steps.",
     "weights shared across steps (you use its words, but in no sentence about the weights)")])
def test_bptt_in_words_cannot_be_gamed(answer, phrase):
    ok, message = ch07.q5_bptt_words.evaluate(answer)
    assert not ok and phrase in message and core.HINT_NOT_GRADE in message, message


def test_applications_match_whole_words():
    # "word" in "password" and "order" in "border" are not about sequences
    ok, message = ch07.q3_applications.evaluate("CNNs are used for images, and RNNs for the border of a password.")
    assert not ok and "does not mention sequences" in message, message


def test_open_questions_show_the_model_answer_after_a_wrong_attempt(capsys):
    ch07.q5_bptt_words.check("The network is used for the data, and it is good.")
    out = " ".join(capsys.readouterr().out.split())         # the ✗ line is wrapped at 100 columns
    assert out.startswith("✗ review 5") and "a hint, not a grade" in out and "Model answer" in out


def _cell_source(marker):
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    return next("".join(c["source"]) for c in cells if c["cell_type"] == "code" and marker in "".join(c["source"]))


def test_the_notebooks_buggy_bptt_is_the_bug_the_checker_names():
    namespace = {"np": np}
    exec(_cell_source("def rnn_backward").split("ch07.bptt_bug.check")[0], namespace)
    ok, message = ch07.bptt_bug.evaluate(namespace["rnn_backward"])
    assert not ok and "hold only the first step's part" in message, message
    fixed = _cell_source("def rnn_backward").replace("dWx = x", "dWx += x").replace("dWh = h_prev", "dWh += h_prev") \
        .replace("db = dz", "db += dz").split("ch07.bptt_bug.check")[0]
    exec(fixed, namespace)
    assert ch07.bptt_bug.evaluate(namespace["rnn_backward"])[0]


def test_the_notebook_says_open_questions_are_a_hint_not_a_grade():
    text = NOTEBOOK.read_text()
    assert "a hint, not a grade" in text


def test_the_prediction_is_compared_with_the_experiment():
    assert ch07.trend(ch07.relu_experiment()) == ch07.relu_prediction.reference == "vanishes"
    assert [ch07.trend(r) for r in (1e-3, 1.0, 1e3)] == ["vanishes", "stays", "explodes"]
