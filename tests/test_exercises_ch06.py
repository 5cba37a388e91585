"""Chapter 6's checkers: each accepts the reference, names every usual mistake, shows a solution that runs
when pasted into the notebook, and never prints a negative zero."""
import inspect
import textwrap

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
        (lambda n, k, s, p: (n + 2 * p - k + 1) // s, "the +1 comes after the division"),
        (lambda n, k, s, p: (n + 2 * p - k) / s + 1.5, "not a whole number"),
        (lambda n, k, s, p: (n + 2 * p + k) // s + 1, "subtracted, not added"),
    ],
    ch06.stack_shapes: [
        ([24, 12, 6, 6], "the +1 is missing"),
        ([25, 25, 12, 12], "the stride is missing"),
        ([25, 13, 6.5, 6], "does not make halves"),
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
        (lambda d, k: upsample(d, k), "divides by k²"),
        (lambda d, k: upsample(d, k) / 4, "divided by 4, which is k² only for k = 2"),
        (lambda d, k: upsample(d, k) / k ** 4, "divided by k² twice"),
        (lambda d, k: np.zeros((d.shape[0], d.shape[1], d.shape[2] * k, d.shape[3] * k)), "all zeros"),
    ],
    ch06.conv_input: [
        (lambda d, K: correlate_full(d, K), "the kernel is not rotated"),
        (lambda d, K: correlate_full(d, K.T), "a transpose, not a 180° rotation"),
        (lambda d, K: correlate_full(d, K[::-1]), "only the rows are flipped"),
        (lambda d, K: correlate_full(d, K[:, ::-1]), "only the columns are flipped"),
        (valid_rotated, "'valid' correlation"),
        (lambda d, K: d, "the shape of δ"),
        (lambda d, K: -correlate_full(d, K[::-1, ::-1]), "the sign is wrong"),
    ],
    ch06.shift_plot: [("the pooling makes it coarse", "does not say the last (dense) layer")],
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


@pytest.mark.parametrize("exercise", [ch06.conv_size, ch06.pool_backward, ch06.mean_pool_bug,
                                      ch06.conv_input], ids=lambda e: e.title)
def test_the_printed_solution_runs_when_pasted(exercise):
    namespace = {"np": np}
    exec(textwrap.dedent(inspect.getsource(exercise.reference)), namespace)
    ok, message = exercise.evaluate(namespace[exercise.reference.__name__])
    assert ok, message


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
