"""The exercises of chapters 00–03 and their kit in Chinese: answers written in Chinese are read wherever a
checker reads words (a wrong Chinese answer is still wrong), and with the language zh the verdicts, hints and
not-attempted lines come out in Chinese — the declared texts (marked N_ in the chapters) included."""

import numpy as np
import pytest

from course_lib import i18n
from course_lib.exercises import ch00, ch01, ch02, ch03, core
from course_lib.exercises.checks import normalise_choice
from course_lib.exercises.core import AnswerError
from course_lib.exercises.statements import TrueStatements

CHINESE = r"[\u4e00-\u9fff]"


@pytest.fixture
def in_chinese(monkeypatch):
    monkeypatch.setattr(i18n, "_chosen", ["zh"])


# -- answers in Chinese ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "exercise, right, wrong, measured",
    [
        (ch00.depth_prediction, "更小", "差不多", 340.0),
        (ch00.depth_prediction, "小得多。", "更大", 340.0),
        (ch01.revival_prediction, "没有", "大多数", 0.0),
        (ch01.revival_prediction, "一些", "没有", 0.3),
    ],
)
def test_measured_choices_read_chinese_answers(exercise, right, wrong, measured):
    assert exercise.evaluate((right, measured))[0]
    ok, message = exercise.evaluate((wrong, measured))
    assert not ok and "you predicted" in message


@pytest.mark.parametrize(
    "exercise, right, wrong", [(ch02.mae_near_bottom, "来回跳动", "收敛"), (ch02.doubled_x, "变小", "不变")]
)
def test_predictions_read_chinese_answers(exercise, right, wrong):
    assert exercise.evaluate(right)[0]
    ok, message = exercise.evaluate(wrong)
    assert not ok and "you predicted" in message


def test_a_choice_is_also_accepted_by_its_chinese_name_in_the_catalogue():
    # "hops" has no Chinese spelling of its own beside the catalogue's translation of the name
    name = i18n.zh("hops")
    assert name != "hops" and normalise_choice(name, {"hops": (), "settles": ()}) == "hops"
    with pytest.raises(AnswerError, match="is not one of"):
        normalise_choice("爆炸了", {"hops": (), "settles": ()})


def test_named_sets_read_chinese_separators_and_names():
    assert ch03.zero_gradients.evaluate("w2、w4")[0]
    assert ch03.zero_gradients.evaluate("w2 和 w4")[0]
    assert not ch03.zero_gradients.evaluate("w2，w4，w6")[0]
    assert ch03.derivative_from_output.evaluate("S型函数，双曲正切，整流线性单元，ELU")[0]
    ok, message = ch03.derivative_from_output.evaluate("S型函数、双曲正切、整流线性单元、ELU、绝对值")
    assert not ok and "abs cannot" in message


# -- what the learner reads in Chinese ---------------------------------------------------------------------
def test_verdicts_hints_and_declared_texts_come_out_in_chinese(in_chinese, capsys):
    ch00.param_count.check(6300)  # a declared mistake, under a declared title
    ch01.tanh_via_sigmoid.hint()
    ch02.descent_step.check()  # not attempted
    ch03.dense_layer_backward.check(lambda x, W, d: (d @ W, x.T @ d, d.sum(axis=0)))  # a part's mistake
    ch01.revival_prediction.check("bigger", 0.0)  # the choices, listed with their Chinese names
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "✗ 289-20-26 网络的参数个数：你只数了权重；46 个单元每个还有一个偏置"
    assert lines[1].startswith("提示（用 σ 表示 tanh）：")
    assert lines[2].startswith("◌ 一步梯度下降：还没有作答")
    assert lines[3] == "✗ 全连接层的反向传播：dx: 少了转置：dx = dout @ W.T"
    assert "'none'（没有）" in " ".join(lines[4:])
    for line in lines:
        english = [w for w in line.split() if w.isascii() and w.isalpha() and w.islower() and len(w) > 3]
        assert not set(english) - {"none", "some", "most", "dout"}, line  # code names only


def test_a_checkers_own_words_come_out_in_chinese(in_chinese):
    ok, message = ch01.midpoint_prediction.evaluate((-1.5 * 100, None))
    assert not ok and "请先运行实验的单元格" in message
    ok, message = ch03.fix_two_layer.evaluate(ch03.two_layer_grads_as_given)
    assert not ok and message.startswith("这仍是原来给出的代码")


def test_true_statements_and_open_questions_speak_chinese(in_chinese, monkeypatch):
    monkeypatch.setattr(core, "solutions_shown", lambda: False)
    quiz = TrueStatements("quiz", {"a": "1 + 1 = 2", "b": "1 + 1 = 3"}, "a", "because", "hint", "think")
    assert quiz.evaluate("a") == (True, "正确：a 是对的。because")
    ok, message = quiz.evaluate("b")
    assert not ok and message.startswith("你对这两个陈述的判断并不全对")
    ok, message = quiz.evaluate("a 是对的，b 不对")
    assert not ok and "不要用文字" in message
    question = core.OpenQuestion("q", {"gradient": ("梯度",)}, "hint", "model")
    ok, message = question.evaluate("梯度 消失")
    assert not ok and "关键词" in message and "这只是提示" in message


def test_english_stays_the_default(monkeypatch, capsys):
    monkeypatch.setattr(i18n, "_chosen", ["en"])
    ch00.param_count.check(6300)
    assert capsys.readouterr().out == (
        "✗ parameters of a 289-20-26 network: you counted the weights; each of the 46 units also has a bias\n"
    )
    assert np.isclose(ch00.sawtooth_sizes(2)[0], 13)


def test_letters_may_be_joined_the_chinese_way():
    quiz = TrueStatements("quiz", {"a": "yes", "b": "no", "c": "yes"}, "ac", "because", "hint", "think")
    assert quiz.evaluate("a、c")[0] and quiz.evaluate("a 和 c")[0] and quiz.evaluate("a，c")[0]
    assert not quiz.evaluate("a 和 b")[0]


def test_a_chinese_answer_may_end_with_le_and_say_a_bit(in_chinese):
    # typical Chinese answers seen in the browser walk: 更小了 (a closing 了), 小一些 (a bit smaller)
    for answer in ("更小了", "变小了。", "小一些"):
        assert ch02.doubled_x.evaluate(answer)[0], answer
    assert ch02.mae_near_bottom.evaluate("跳动了")[0]
    assert not ch02.doubled_x.evaluate("大一些")[0]
    with pytest.raises(AnswerError, match="不是"):
        normalise_choice("了", {"hops": (), "settles": ()})


def test_a_chinese_explanation_keeps_its_variables_lower_case(in_chinese):
    # the Chinese reason begins with the variable w: it must not become W as an English sentence's first letter
    ok, message = ch02.doubled_x.evaluate("变小")
    assert ok and "。w 方向的曲率" in message and "W 方向" not in message


def test_an_english_explanation_still_opens_with_a_capital(monkeypatch):
    monkeypatch.setattr(i18n, "_chosen", ["en"])
    ok, message = ch02.doubled_x.evaluate("smaller")
    assert ok and ". The curvature in w" in message
