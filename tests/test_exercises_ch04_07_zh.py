"""Chapters 4–7's exercises in Chinese (course_lib/i18n.py): answers written in Chinese are read wherever a
checker reads words (the ReLU RNN's prediction, the layers of a CNN and of an RNN), a wrong Chinese answer is
still wrong, and the verdicts, hints and the tables the notebooks print come out in Chinese — the same
verdicts the English tests check, only translated."""

import contextlib
import io

import pytest

from course_lib import i18n
from course_lib.exercises import ch04, ch05, ch06, ch07


@pytest.fixture
def zh(monkeypatch):
    monkeypatch.setattr(i18n, "_chosen", ["zh"])


@pytest.fixture
def en(monkeypatch):
    monkeypatch.setattr(i18n, "_chosen", ["en"])


def chinese(text):
    return any("\u4e00" <= c <= "\u9fff" for c in text)


@pytest.mark.parametrize("answer", ["消失", "梯度消失", "会消失", "变小", "衰减", " 消失 "])
def test_the_relu_prediction_reads_vanishing_in_chinese(en, answer):
    ok, message = ch07.relu_prediction.evaluate(answer)
    assert ok, message


@pytest.mark.parametrize(
    "answer, phrase", [("爆炸", "happens at scale 2"), ("不变", "only where a unit is active")]
)
def test_a_wrong_chinese_prediction_is_wrong_and_explained(en, answer, phrase):
    ok, message = ch07.relu_prediction.evaluate(answer)
    assert not ok and phrase in message, message


def test_the_relu_verdict_and_hint_speak_chinese(zh, capsys):
    ok, message = ch07.relu_prediction.evaluate("爆炸")
    assert not ok and "尺度为 2" in message, message
    ok, message = ch07.relu_prediction.evaluate("vanishes")  # the English word is still read
    assert ok and "梯度消失了" in message, message
    ch07.relu_prediction.hint()
    assert "消失、不变、爆炸" in capsys.readouterr().out  # the hint says Chinese answers are read


@pytest.mark.parametrize(
    "answer",
    [
        "卷积层、池化层、全连接层",
        "卷积层，池化层，全连接层",
        "卷积 → 下采样 → 全连接",
        ["卷积层", "最大池化层", "全连接层"],
        ["卷积", "平均池化", "全连接"],
        ["卷积层", "池化层", "dense"],  # the two languages mixed
    ],
)
def test_the_cnn_layers_read_chinese_names(en, answer):
    ok, message = ch07.q2_cnn_layers.evaluate(answer)
    assert ok, (answer, message)


@pytest.mark.parametrize(
    "answer",
    [
        "输入层、隐藏层、输出层",
        ["输入层", "隐含层", "输出层"],
        "输入 → 循环层 → 输出",
        ["输入", "隐层", "输出"],
    ],
)
def test_the_rnn_layers_read_chinese_names(en, answer):
    ok, message = ch07.q4_rnn_layers.evaluate(answer)
    assert ok, (answer, message)


@pytest.mark.parametrize(
    "exercise, answer, phrase",
    [
        (ch07.q2_cnn_layers, "池化层、卷积层、全连接层", "in the order a letter meets them"),
        (ch07.q2_cnn_layers, ["卷积层", "池化层", "归一化层"], "is not one of"),
        (ch07.q4_rnn_layers, ["输出层", "隐藏层", "输入层"], "in the order the data flows"),
        (ch07.q4_rnn_layers, ["输入层", "卷积层", "输出层"], "is not one of"),
        (ch07.q4_rnn_layers, "输入层、输入层、输出层", "same three kinds"),
    ],
)
def test_wrong_chinese_layer_names_are_wrong(en, exercise, answer, phrase):
    ok, message = exercise.evaluate(answer)
    assert not ok and phrase in message, (answer, message)


def test_a_layer_name_the_checker_cannot_read_is_named_with_the_names_it_reads_in_chinese(zh):
    ok, message = ch07.q2_cnn_layers.evaluate(["卷积层", "池化层", "softmax"])
    assert not ok and "'softmax' 不是 '卷积'、'池化'、'全连接' 之一" in message, message
    for name in ("卷积", "池化", "全连接"):  # each name the message offers is one the checker reads
        assert ch07._layer_name(name, ch07.CNN_LAYERS)
    ok, message = ch07.q4_rnn_layers.evaluate("输入")
    assert not ok and "请给出 3 个层的名称（英文或中文均可）" in message, message


def test_the_tables_the_notebook_prints_follow_the_language(monkeypatch):
    """07b prints REASONS and BPTT_STEPS with `.items()` in a code cell both editions share."""
    monkeypatch.setattr(i18n, "_chosen", ["en"])
    assert dict(ch07.REASONS.items())["c"] == "fast hardware, above all GPUs"
    assert ch07.BPTT_STEPS["b"] == "compute every neuron's output, step by step forward in time"
    monkeypatch.setattr(i18n, "_chosen", ["zh"])
    assert dict(ch07.REASONS.items())["c"] == "快速的硬件，尤其是 GPU"
    assert all(chinese(step) for step in ch07.BPTT_STEPS.values())
    assert set(ch07.REASONS) == set("abcdef") and list(ch07.BPTT_STEPS) == ["a", "b", "c"]


def test_the_review_verdicts_speak_chinese(zh):
    ok, message = ch07.q1_reasons.evaluate("abcf")
    assert not ok and "f) 不是教材给出的原因：深度网络需要更多" in message, message
    ok, message = ch07.q1_reasons.evaluate("ab")
    assert not ok and message.endswith("三个原因中缺了一个：快速的硬件，尤其是 GPU"), message
    ok, message = ch07.q1_reasons.evaluate("abef")  # two wrong reasons: joined with a Chinese semicolon
    assert not ok and "发生了什么变化；f) 不是" in message, message
    ok, message = ch07.q5_bptt_order.evaluate("cab")
    assert not ok and "c) 不能排在第一" in message, message
    ok, message = ch07.q5_bptt_order.evaluate("bca")
    assert ok and chinese(message), message


# One wrong answer per chapter module whose verdict is built at check time (a rule, a computed message), and
# what its Chinese verdict must say: the numbers formatted as in English, inside Chinese sentences.
BUILT_AT_CHECK_TIME = [
    (ch04.growth_weight, 3, "|w| = 3 时，因子至多为 3 × ¼ = 0.75，永远达不到 1"),
    (ch04.growth_weight, -4, "-4 是负数"),
    (ch04.gradient_ratio(600.0), 20, "测量值是 600×；你预测的是 20×——太小了"),
    (ch04.shrink_bound, 1.5, "你把三个因子加起来了"),
    (
        ch05.read_the_push,
        {"quadratic at z = -2": 0.09, "cross-entropy at z = -2": 0.12, "quadratic peak z": -0.7},
        "0.12 是输出 a = σ(−2) 本身",
    ),
    (ch05.step_ratio, lambda z: 1.0, "你的比值在每个 z 处都是 1"),
    (ch06.conv_size, lambda n, k, s, p: n, "你的函数给出 17，这不是卷积核能占的位置数——这是输入的尺寸"),
    (ch06.stack_shapes, [25, 13, 7, 7], "在 MaxPool2d(2) 之后你预测的是 7：池化是向下取整"),
    (ch06.stack_shapes, [24, 12, 6, 6], "在 Conv2d 5×5，步长 1，填充 0 之后你预测的是 24：少了 +1"),
    (ch06.mean_pool_bug, lambda d, k: d.repeat(k, 2).repeat(k, 3) / 4, "k = 3 时你的 dx 不对：除以了 4"),
    (ch07.param_count, 640, "这数了两个偏置"),
    (ch07.cell_fraction, 0.5, "沿细胞状态的路径，每往回一步乘以 f = σ(3)"),
]


@pytest.mark.parametrize("exercise, answer, phrase", BUILT_AT_CHECK_TIME)
def test_verdicts_come_out_in_chinese(zh, exercise, answer, phrase):
    ok, message = exercise.evaluate(answer)
    assert not ok and phrase in message, message


def test_right_answers_hints_and_statements_come_out_in_chinese(zh):
    for exercise in (
        ch04.shrink_bound,
        ch05.find_the_bug,
        ch06.conv_size,
        ch06.stack_shapes,
        ch07.param_count,
    ):
        ok, message = exercise.evaluate(exercise.reference)
        assert ok and chinese(message), (exercise, message)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        ch06.shift_plot.show()
        ch07.q5_bptt_statements.show()
        ch04.growth_weight.hint()
    assert "池化层自己没有权重" in out.getvalue() and "误差项按时间正向计算" in out.getvalue()
    assert "读图：每条曲线在哪里最高" in out.getvalue()
