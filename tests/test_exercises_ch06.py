"""Chapter 6's checkers: each accepts the reference, names every usual mistake and never prints a negative
zero (that its solutions run where pasted is tested for all chapters, in test_exercises.py)."""
import numpy as np
import pytest

from course_lib.exercises import ch06


def upsample(d, k):
    return np.repeat(np.repeat(d, k, 2), k, 3)


def correlate_full(delta, K):
    """δ padded by k − 1 and correlated with K as given (the caller decides whether K is rotated)."""
    k = K.shape[0]
    P = np.pad(delta, k - 1)
    return np.array([[np.sum(P[i:i + k, j:j + k] * K) for j in range(P.shape[1] - k + 1)]
                     for i in range(P.shape[0] - k + 1)])


def valid_rotated(delta, K):
    k = K.shape[0]
    return np.array([[np.sum(delta[i:i + k, j:j + k] * K[::-1, ::-1]) for j in range(delta.shape[1] - k + 1)]
                     for i in range(delta.shape[0] - k + 1)])


MISTAKES = {
    ch06.conv_size: [
        (lambda n, k, s, p: (n + 2 * p - k) // s, "the +1 is missing"),
        (lambda n, k, s, p: (n + p - k) // s + 1, "the padding is added once"),
        (lambda n, k, s, p: (n - k) // s + 1, "the padding is missing"),
        (lambda n, k, s, p: n + 2 * p - k + 1, "the stride is missing"),
        (lambda n, k, s, p: (n + 2 * p - k - 1) // s + 1, "one position too few"),
        (lambda n, k, s, p: (n + 2 * p - k + 1) // s, "the +1 is divided by the stride too"),
        (lambda n, k, s, p: (n + 2 * p - k) / s + 1.5, "not a whole number"),
        (lambda n, k, s, p: (n + 2 * p + k) // s + 1, "added, not subtracted"),
    ],
    ch06.stack_shapes: [
        ([24, 12, 6, 6], "the +1 is missing"),
        ([25, 25, 12, 12], "the stride is missing"),
        ([25, 13, 6.5, 6], "does not make halves"),
        ([25, 12.5, 6, 6], "a layer's width is a whole number of positions"),
        ([25, 13, 7, 7], "rounds down, not up"),
        ([25, 13, 13, 13], "halves"),
        ([25, 13], "a list of 4 widths"),
    ],
    ch06.pool_backward: [
        (lambda x, d: upsample(d, 2) / 4, "mean pooling's backward"),
        (lambda x, d: upsample(d, 2), "only the maximum"),
        (lambda x, d: -ch06.maxpool_backward(x, d), "the sign is wrong"),
        (lambda x, d: upsample(d, 2) - ch06.maxpool_backward(x, d), "the mask is the wrong way round"),
        (lambda x, d: np.pad(d[:, :, :, None, :, None], ((0, 0),) * 3 + ((0, 1),) + ((0, 0),) + ((0, 1),))
         .reshape(x.shape), "top-left corner"),
    ],
    ch06.mean_pool_bug: [
        (lambda d, k: upsample(d, k), "shares each output's gradient"),
        (lambda d, k: upsample(d, k) / 4, "divided by 4, right for one window size only"),
        (lambda d, k: upsample(d, k) / k ** 4, "divided by k² twice"),
        (lambda d, k: np.zeros((d.shape[0], d.shape[1], d.shape[2] * k, d.shape[3] * k)), "all zeros"),
    ],
    ch06.conv_input: [
        (lambda d, K: correlate_full(d, K), "the kernel runs the wrong way"),
        (lambda d, K: correlate_full(d, K.T), "a transpose, not a 180° rotation"),
        (lambda d, K: correlate_full(d, K[::-1]), "only the rows are flipped"),
        (lambda d, K: correlate_full(d, K[:, ::-1]), "only the columns are flipped"),
        (valid_rotated, "'valid' correlation"),
        (lambda d, K: d, "the shape of δ"),
        (lambda d, K: -correlate_full(d, K[::-1, ::-1]), "the sign is wrong"),
    ],
    ch06.shift_plot: [("the pooling makes it coarse", "does not say the last layer is dense")],
}


@pytest.mark.parametrize("exercise", list(MISTAKES), ids=lambda e: e.title)
def test_accepts_the_reference_and_names_each_mistake(exercise):
    ok, message = exercise.evaluate(exercise.reference)
    assert ok, message
    for wrong, diagnosis in MISTAKES[exercise]:
        ok, message = exercise.evaluate(wrong)
        assert not ok and diagnosis in message, (diagnosis, message)


def test_the_broken_notebook_version_counts_as_not_attempted():
    assert ch06.mean_pool_bug.evaluate(ch06.broken_meanpool_backward) == (False, "not attempted")


def test_no_message_says_negative_zero():
    # max pooling's gradient is 0 · (negative dout) = −0.0 at the positions that were not the maximum
    def off_by_one(x, d):
        dx = ch06.maxpool_backward(x, d)
        dx[0, 0, 0, 0] += 1.0
        return dx
    for answer in (off_by_one, lambda x, d: np.full(x.shape, -0.0) + ch06.maxpool_backward(x, d) * 1.5):
        ok, message = ch06.pool_backward.evaluate(answer)
        assert not ok and "-0 " not in message + " " and "-0," not in message, message
    assert ch06._show(-0.0) == "0"
    with pytest.raises(ch06.AnswerError, match=r"you gave 1, expected 0$"):
        ch06._compare("dx", np.array([0.0, 1.0]), np.array([0.0, -0.0]))


def test_the_stack_matches_the_layers():
    import course_lib as cl
    rng = np.random.default_rng(0)
    layers = [cl.Conv2d(1, 1, k, rng, stride=s, padding=p) if conv else cl.MaxPool2d(2)
              for _, conv in ch06.STACK for k, s, p in [conv or (0, 0, 0)]]
    x, widths = np.zeros((1, 1, ch06.STACK_INPUT, ch06.STACK_INPUT)), []
    for layer in layers:
        x = layer.forward(x)
        widths.append(x.shape[-1])
    assert widths == ch06.stack_widths() == [25, 13, 6, 6]


def test_no_size_diagnosis_gives_the_formula_away():
    """One wrong try must name the slip, not hand over (size + 2·padding − kernel) / stride + 1."""
    for n, k, s, p in [(17, 3, 1, 1), (17, 3, 2, 1), (16, 3, 2, 0)]:
        for _, name in ch06._size_mistakes(n, k, s, p):
            assert "/ stride + 1" not in name and "padding − kernel)" not in name, name
    for answer in (lambda n, k, s, p: (n - k) // s + 1, lambda n, k, s, p: (n + 2 * p - k + 1) // s,
                   lambda n, k, s, p: n, lambda n, k, s, p: (n + 2 * p - k - 1) // s + 1):
        ok, message = ch06.conv_size.evaluate(answer)
        assert not ok and "/ stride + 1" not in message, message


def test_each_named_size_slip_is_that_slip():
    """(span − 1) // stride + 1 and span // stride agree on every layer that fits; the misfitting probes
    tell them apart, so neither is named for the other."""
    one_short = lambda n, k, s, p: (n + 2 * p - k - 1) // s + 1          # noqa: E731
    no_plus_one = lambda n, k, s, p: (n + 2 * p - k) // s                 # noqa: E731
    ok, message = ch06.conv_size.evaluate(one_short)
    assert not ok and "one position too few" in message and "+1 is missing" not in message, message
    ok, message = ch06.conv_size.evaluate(no_plus_one)
    assert not ok and "+1 is missing" in message and "one position too few" not in message, message

    def refuses_misfits(n, k, s, p):                  # no probe answers: it says only what it can tell
        assert (n + 2 * p - k) % s == 0
        return (n + 2 * p - k - 1) // s + 1
    ok, message = ch06.conv_size.evaluate(refuses_misfits)
    assert not ok and "1 position too few" in message and "+1 is missing" not in message, message


def test_the_stack_check_shows_the_widths_only_when_right_and_diagnoses_a_fraction_first():
    ok, message = ch06.stack_shapes.evaluate([25, 13, 6, 6])
    assert ok and "29 → 25 → 13 → 6 → 6" in message
    assert ch06.stack_shapes.evaluate(...) == (False, "not attempted")
    ok, message = ch06.stack_shapes.evaluate([25, 12.5, 6, 6])
    assert not ok and "whole number of positions" in message and "added once" not in message, message


def test_the_backward_exercises_refuse_the_library():
    import course_lib as cl
    from course_lib.lessons.conv_backward import conv_input_grad, convolve2d

    def by_the_layer(x, dout):
        layer = cl.MaxPool2d(2)
        layer.forward(x)
        return layer.backward(dout)

    Pool = cl.MaxPool2d

    def by_an_alias(x, dout):
        layer = Pool(2)
        layer.forward(x)
        return layer.backward(dout)

    def by_a_helper(x, dout):
        return by_the_layer(x, dout)

    def mean_by_the_layer(dout, k):
        layer = cl.MeanPool2d(k)
        N, C, h, w = dout.shape
        layer.forward(np.zeros((N, C, h * k, w * k)))
        return layer.backward(dout)

    def input_by_the_helper(delta, K):
        return conv_input_grad(delta[None, None], K[None, None])[0, 0]

    def input_by_convolve(delta, K):
        return convolve2d(delta, K, mode="full")

    def input_by_the_layer(delta, K):
        layer = cl.Conv2d(1, 1, K.shape[0], np.random.default_rng(0), dtype=np.float64)
        layer.params["W"][0, 0] = K
        layer.forward(np.zeros((1, 1, delta.shape[0] + K.shape[0] - 1, delta.shape[1] + K.shape[0] - 1)))
        return layer.backward(delta[None, None])[0, 0]

    for exercise, answer, name in [
            (ch06.pool_backward, by_the_layer, "MaxPool2d"),
            (ch06.pool_backward, by_an_alias, "MaxPool2d"),
            (ch06.pool_backward, by_a_helper, "MaxPool2d"),
            (ch06.mean_pool_bug, mean_by_the_layer, "MeanPool2d"),
            (ch06.conv_input, input_by_the_helper, "conv_input_grad"),
            (ch06.conv_input, input_by_convolve, "convolve2d"),
            (ch06.conv_input, input_by_the_layer, "Conv2d")]:
        ok, message = exercise.evaluate(answer)
        assert not ok and name in message and "write it with numpy" in message, (answer.__name__, message)


SHIFT_RIGHT = [
    # the notebook's own sentence, as the text after the question used to say it
    "Its last layer is fully connected, so it still ties each weight to a position, only on the coarser "
    "grid left after pooling.",
    "The convolution and pooling move with the letter, but the fully connected layer at the end has one "
    "weight for each position of the pooled 8×8 map. A one-pixel move can push a stroke into a neighbouring "
    "pooling cell, so the dense layer sees it where another letter has a stroke.",
    "Only the kernels are shared across positions; the dense output layer gives each location of the pooled "
    "map its own weights, so when a stroke shifts into the next pooling window it lands on weights meant "
    "for another letter.",
    "最后的全连接层的每个权重对应池化后 8×8 网格上的一个位置，字母移动一个像素后笔画落到别的格子里，所以被读成别的字母。",
]
SHIFT_WRONG = [
    ("The CNN had too few epochs, so the dense pixels of the pool are not learned well yet.", "does not say"),
    ("It is the dense layer and the position and the pool.", "does not say"),
    ("dense layer weights positions pooling coarse grid", "list of key words"),
]


@pytest.mark.parametrize("answer", SHIFT_RIGHT)
def test_the_shift_plot_accepts_right_explanations(answer):
    ok, message = ch06.shift_plot.evaluate(answer)
    assert ok, message


@pytest.mark.parametrize("answer, words", SHIFT_WRONG)
def test_the_shift_plot_refuses_nonsense_and_keyword_lists(answer, words):
    ok, message = ch06.shift_plot.evaluate(answer)
    assert not ok and words in message, message
