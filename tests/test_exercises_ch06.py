"""Chapter 6's checkers never print a negative zero, refuse the library and judge the stack layer by layer.
MISTAKES are the usual mistakes each must name: test_exercises.py checks them, with every chapter's, in one test
(as it checks for all chapters that the reference passes and pasted solutions run)."""

import functools
import itertools

import numpy as np
import pytest

from course_lib.exercises import ch06
from course_lib.exercises.checks import assert_array_close


def upsample(d, k):
    return np.repeat(np.repeat(d, k, 2), k, 3)


def correlate_full(delta, K):
    """δ padded by k − 1 and correlated with K as given (the caller decides whether K is rotated)."""
    k = K.shape[0]
    P = np.pad(delta, k - 1)
    return np.array(
        [
            [np.sum(P[i : i + k, j : j + k] * K) for j in range(P.shape[1] - k + 1)]
            for i in range(P.shape[0] - k + 1)
        ]
    )


def valid_rotated(delta, K):
    k = K.shape[0]
    return np.array(
        [
            [np.sum(delta[i : i + k, j : j + k] * K[::-1, ::-1]) for j in range(delta.shape[1] - k + 1)]
            for i in range(delta.shape[0] - k + 1)
        ]
    )


MISTAKES = {  # {exercise: [(wrong answer, a phrase its verdict must contain)]}
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
        (lambda x, d: -ch06.pool_backward.reference(x, d), "the sign is wrong"),
        (lambda x, d: upsample(d, 2) - ch06.pool_backward.reference(x, d), "the mask is the wrong way round"),
        (
            lambda x, d: np.pad(
                d[:, :, :, None, :, None], ((0, 0),) * 3 + ((0, 1),) + ((0, 0),) + ((0, 1),)
            ).reshape(x.shape),
            "top-left corner",
        ),
    ],
    ch06.mean_pool_bug: [
        (lambda d, k: upsample(d, k), "shares each output's gradient"),
        (lambda d, k: upsample(d, k) / 4, "divided by 4, right for one window size only"),
        (lambda d, k: upsample(d, k) / k**4, "divided by k² twice"),
        (lambda d, k: np.zeros((d.shape[0], d.shape[1], d.shape[2] * k, d.shape[3] * k)), "all zeros"),
    ],
    ch06.conv_input: [
        (lambda d, K: correlate_full(d, K), "the kernel runs the wrong way"),
        (
            lambda d, K: correlate_full(d, K.T),
            "is a transpose (a flip about the diagonal), not a 180° rotation",
        ),
        (lambda d, K: correlate_full(d, K[::-1]), "only the rows are flipped"),
        (lambda d, K: correlate_full(d, K[:, ::-1]), "only the columns are flipped"),
        (valid_rotated, "'valid' correlation"),
        (lambda d, K: d, "the shape of δ"),
        (lambda d, K: -correlate_full(d, K[::-1, ::-1]), "the sign is wrong"),
    ],
    ch06.shift_plot: [
        ("acef", "not all eight verdicts"),
        ("ace", "not all eight verdicts"),
        ("aceh", "not all eight verdicts"),
        ("abcdefgh", "not all eight verdicts"),
        ("acx", "x is not one"),
        ("xyz", "x, y, z are not among them"),
        ("the dense layer ties each weight to a place", "not in words"),
    ],
}


def test_the_broken_notebook_version_counts_as_not_attempted():
    assert ch06.mean_pool_bug.evaluate(ch06.broken_meanpool_backward) == (False, "not attempted")


def test_no_message_says_negative_zero():
    # max pooling's gradient is 0 · (negative dout) = −0.0 at the positions that were not the maximum
    def off_by_one(x, d):
        dx = ch06.pool_backward.reference(x, d)
        dx[0, 0, 0, 0] += 1.0
        return dx

    for answer in (
        off_by_one,
        lambda x, d: np.full(x.shape, -0.0) + ch06.pool_backward.reference(x, d) * 1.5,
    ):
        ok, message = ch06.pool_backward.evaluate(answer)
        assert not ok and "-0 " not in message + " " and "-0," not in message, message
    assert ch06.shown(-0.0) == "0"
    with pytest.raises(ch06.AnswerError, match=r"you gave 1, expected 0$"):
        assert_array_close("dx", np.array([0.0, 1.0]), np.array([0.0, -0.0]))


def test_the_stack_matches_the_layers():
    import course_lib as cl

    rng = np.random.default_rng(0)
    layers = [
        cl.Conv2d(1, 1, k, rng, stride=s, padding=p) if conv else cl.MaxPool2d(2)
        for _, conv in ch06.STACK
        for k, s, p in [conv or (0, 0, 0)]
    ]
    x, widths = np.zeros((1, 1, ch06.STACK_INPUT, ch06.STACK_INPUT)), []
    for layer in layers:
        x = layer.forward(x)
        widths.append(x.shape[-1])
    assert widths == ch06._stack_widths() == [25, 13, 6, 6]


def test_no_size_diagnosis_gives_the_formula_away():
    """One wrong try must name the slip, not hand over (size + 2·padding − kernel) / stride + 1."""
    for n, k, s, p in [(17, 3, 1, 1), (17, 3, 2, 1), (16, 3, 2, 0)]:
        for _, name in ch06._size_mistakes(n, k, s, p):
            assert "/ stride + 1" not in name and "padding − kernel)" not in name, name
    for answer in (
        lambda n, k, s, p: (n - k) // s + 1,
        lambda n, k, s, p: (n + 2 * p - k + 1) // s,
        lambda n, k, s, p: n,
        lambda n, k, s, p: (n + 2 * p - k - 1) // s + 1,
    ):
        ok, message = ch06.conv_size.evaluate(answer)
        assert not ok and "/ stride + 1" not in message, message


def test_each_named_size_slip_is_that_slip():
    """(span − 1) // stride + 1 and span // stride agree on every layer that fits; the misfitting probes
    tell them apart, so neither is named for the other."""
    one_short = lambda n, k, s, p: (n + 2 * p - k - 1) // s + 1  # noqa: E731
    no_plus_one = lambda n, k, s, p: (n + 2 * p - k) // s  # noqa: E731
    ok, message = ch06.conv_size.evaluate(one_short)
    assert not ok and "one position too few" in message and "+1 is missing" not in message, message
    ok, message = ch06.conv_size.evaluate(no_plus_one)
    assert not ok and "+1 is missing" in message and "one position too few" not in message, message

    def refuses_misfits(n, k, s, p):  # no probe answers: it says only what it can tell
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
        (ch06.conv_input, input_by_the_layer, "Conv2d"),
    ]:
        ok, message = exercise.evaluate(answer)
        assert not ok and name in message and "write it yourself" in message, (answer.__name__, message)


def backward(x, dout, k=2):
    """A learner's own helper that happens to share a library method's name: max-pool backward, written out."""
    N, C, H, W = x.shape
    windows = x.reshape(N, C, H // k, k, W // k, k)
    top = windows == windows.max(axis=(3, 5), keepdims=True)
    return (top * dout[:, :, :, None, :, None]).reshape(N, C, H, W)


def test_a_learners_own_helper_named_like_the_library_is_not_refused():
    """Issue 24, item 2: refuse_library matched bare names, so a right max-pool answer that calls the
    learner's own function named `backward` was refused as "course_lib's own implementation". What a name
    refers to counts, not how it is spelt; the library's `layer.backward` is still refused."""

    def mine(x, dout):
        return backward(x, dout)

    ok, message = ch06.pool_backward.evaluate(mine)
    assert ok, message
    sneaky = {"backward": None}
    import course_lib as cl

    def by_the_layer_under_my_name(x, dout):  # a global of its own named backward, and the library's call
        layer = cl.MaxPool2d(2)
        layer.forward(x)
        return layer.backward(dout) if sneaky else backward(x, dout)

    ok, message = ch06.pool_backward.evaluate(by_the_layer_under_my_name)
    assert not ok and "MaxPool2d" in message, message


def test_the_exercises_own_answer_is_refused_however_it_is_reached():
    """Passing the reference itself, calling it, or a partial of it: only a copy (`.reference`) runs."""
    saved = [functools.partial(ch06.maxpool_backward)]
    for answer in (
        ch06.maxpool_backward,
        lambda x, d: ch06.maxpool_backward(x, d),
        lambda x, d: saved[0](x, d),
    ):
        ok, message = ch06.pool_backward.evaluate(answer)
        assert not ok and "ch06.maxpool_backward" in message and "the exercise's own answer" in message, (
            message
        )
    assert ch06.pool_backward.evaluate(ch06.pool_backward.reference)[0]
    x = np.random.default_rng(1).standard_normal((1, 1, 4, 4))
    assert ch06.maxpool_backward(x, np.ones((1, 1, 2, 2))).sum() == 4.0  # and works again afterwards


def test_a_library_name_put_together_at_run_time_is_refused_too():
    """getattr with a computed name hides the call from the code check; the tripwire during the call catches
    it, also inside the learner's own `except Exception:`, and leaves the library working afterwards."""
    import course_lib as cl

    def by_getattr(x, dout):
        layer = getattr(cl, "Max" + "Pool2d")(2)
        layer.forward(x)
        return getattr(layer, "back" + "ward")(dout)

    def swallowing(x, dout):
        try:
            return by_getattr(x, dout)
        except Exception:
            return ch06.pool_backward.reference(x, dout)

    box = [functools.partial(cl.MaxPool2d.backward)]  # made before the check: no name in the code

    def by_partial(x, dout):
        layer = getattr(cl, "Max" + "Pool2d")(2)
        return box[0](layer, dout)

    for answer in (by_getattr, swallowing, by_partial):
        ok, message = ch06.pool_backward.evaluate(answer)
        assert not ok and ("uses MaxPool2d" in message or "calls course_lib's" in message), message
        assert "write it yourself" in message, message
    layer = cl.MaxPool2d(2)  # everything is back in place
    x = np.random.default_rng(0).standard_normal((1, 1, 4, 4))
    layer.forward(x)
    assert layer.backward(np.ones((1, 1, 2, 2))).sum() == 4.0


def test_the_stack_check_places_only_a_known_slip():
    ok, message = ch06.stack_shapes.evaluate([25, 17, 6, 6])  # 17: no slip gives it
    assert not ok and "at least one width" in message and "3×3" not in message, message
    ok, message = ch06.stack_shapes.evaluate([24, 12, 6, 6])
    assert not ok and "Conv2d 5×5" in message and "+1 is missing" in message, message


def _moved(x, pixels):
    return np.roll(x, (pixels, pixels), axis=(2, 3))


def test_the_eight_shift_statements_are_what_the_layers_do():
    """The verdicts ch06.shift_plot expects (a, c, e, g true; b, d, f, h false), measured on the notebooks'
    letters_cnn: conv 3×3 with padding 1 → ReLU → 2×2 max pooling → dense."""
    from course_lib.datasets.letters import generate_letters
    from course_lib.lessons.letters_cnn import letters_cnn

    assert ch06._SHIFT_TRUE == {"a", "c", "e", "g"} and set(ch06._SHIFT_STATEMENTS) == set("abcdefgh")
    conv, relu, pool, flat, dense = letters_cnn(seed=0).layers
    X, _ = generate_letters(200, np.random.default_rng(1))
    x = X.reshape(-1, 1, 17, 17).astype(np.float64)
    # letters that fit a two-pixel move without wrapping round: no ink in the last two rows and columns
    x = x[(x[:, :, -2:, :].sum(axis=(1, 2, 3)) == 0) & (x[:, :, :, -2:].sum(axis=(1, 2, 3)) == 0)]
    assert len(x) > 100

    def maps(images):
        return relu.forward(conv.forward(images))

    # a (and not f, not h): the same kernels everywhere and a ReLU value by value, so the maps (after the
    # ReLU) move with the letter, border rows aside
    np.testing.assert_allclose(maps(_moved(x, 1))[:, :, 2:-1, 2:-1], maps(x)[:, :, 1:-2, 1:-2], atol=1e-12)
    # g: max pooling has no parameters of its own
    assert not pool.params and not relu.params and conv.params["W"].shape == (4, 1, 3, 3)
    # d is false: a one-pixel move changes the pooled maps of almost every letter
    one = pool.forward(maps(_moved(x, 1)))
    changed = np.any(np.abs(one - pool.forward(maps(x))) > 1e-9, axis=(1, 2, 3))
    assert changed.mean() > 0.9, changed.mean()
    # e: a two-pixel move shifts the pooled maps by exactly one cell (border cells aside)
    two = pool.forward(maps(_moved(x, 2)))
    np.testing.assert_allclose(two[:, :, 2:-1, 2:-1], pool.forward(maps(x))[:, :, 1:-2, 1:-2], atol=1e-12)
    # c: the pooled grid is 4 maps × 8 × 8, one input of the dense layer each
    assert one.shape[1:] == (4, 8, 8) and dense.params["W"].shape[0] == one[0].size
    # b is false: the dense layer's output for a moved letter is not the original's
    assert not np.allclose(
        dense.forward(flat.forward(one)), dense.forward(flat.forward(pool.forward(maps(x))))
    )


def test_the_shift_plot_does_not_say_which_verdict_is_off():
    wrong = [ch06.shift_plot.evaluate(answer)[1] for answer in ("ac", "acef", "aeg", "bceg", "acdg", "ace")]
    assert len(set(wrong)) == 1, wrong  # one message for every wrong set: it cannot be narrowed down


def test_the_fixed_layers_and_the_probes_tell_every_two_size_slips_apart():
    """No answer is explained by two slips on the three fixed layers and the probes together: so conv_size
    says how far off the count is (its `ambiguous`) only when the answer refused a probe, and otherwise names
    the one slip."""
    fixed = [layer for _label, layer in ch06._layers()[:3]]
    explained = lambda value: {value, float(np.floor(value))}  # noqa: E731 (see ch06._explains)
    slips = range(len(ch06._size_mistakes(*fixed[0])))
    for i, j in itertools.combinations(slips, 2):
        assert any(
            not explained(ch06._size_mistakes(*layer)[i][0]) & explained(ch06._size_mistakes(*layer)[j][0])
            for layer in fixed + ch06._PROBES
        ), (i, j)
