"""The shared checks in course_lib.errors: every learner-typed value gets a one-line ConfigError, never a raw one."""

import numpy as np
import pytest

from course_lib.errors import ConfigError, finite_number, one_of, positive_number, true_or_false, whole_number


@pytest.mark.parametrize(
    "value", [2.5, "3", None, True, float("nan"), float("inf"), -1, 10**400, np.array([1, 2])]
)
def test_whole_number_refuses(value):
    with pytest.raises(ConfigError, match=r"must be a whole number ≥ 0(?: and below 2\*\*63)?, got"):
        whole_number(value, "n")


@pytest.mark.parametrize("value", [0, -1, "a", None, float("nan"), 10**400, -(10**400), np.array([0.1, 0.2])])
def test_positive_number_refuses(value):
    with pytest.raises(ConfigError, match="lr must be a finite number > 0"):
        positive_number(value, "lr")


def test_numbers_that_pass_come_back_as_plain_python_numbers():
    assert whole_number(np.int64(3), "n") == 3 and type(whole_number(3.0, "n")) is int
    assert (
        positive_number(np.float32(0.5), "lr") == 0.5 and positive_number(0, "decay", allow_zero=True) == 0.0
    )
    assert finite_number(-2, "x", minimum=-3, maximum=3) == -2.0
    assert true_or_false(np.bool_(True), "clip") is True


@pytest.mark.parametrize("value", [1.0, 1, -0.1, float("nan"), None])
def test_finite_number_below_leaves_the_upper_end_out(value):
    assert finite_number(0.999, "beta", minimum=0, below=1) == 0.999
    with pytest.raises(ConfigError, match=r"beta must be a finite number in \[0, 1\), got"):
        finite_number(value, "beta", minimum=0, below=1)


@pytest.mark.parametrize("value", [np.array([1, 2]), ["relu"], {"a": 1}, None, "Relu"])
def test_one_of_refuses_anything_not_listed_in_one_line(value):
    with pytest.raises(ConfigError, match=r"unknown activation .*: choose one of 'relu', 'tanh'"):
        one_of(value, "activation", ("relu", "tanh"))


def test_a_huge_value_is_quoted_short():
    with pytest.raises(ConfigError) as e:
        positive_number(10**400, "lr")
    assert len(str(e.value)) < 120 and str(e.value).endswith("…")


@pytest.mark.parametrize("value", [1, 0, "yes", None])
def test_true_or_false_refuses_look_alikes(value):
    with pytest.raises(ConfigError, match="must be True or False"):
        true_or_false(value, "clip")


@pytest.mark.parametrize(
    "shape, patterns, fits",
    [
        ((5, 3), [("N", 3)], True),
        ((5, 4), [("N", 3)], False),
        ((5, 3, 1), [("N", 3)], False),
        ((2, 3, 4, 4), [("N", 3), ("N", 3, "H", "W")], True),
        ((2, 4, 4, 4), [("N", 3), ("N", 3, "H", "W")], False),
        ((2, 7), [("N", ...)], True),
        ((2, 7, 1, 1), [("N", ...)], True),
        ((2,), [("N", ...)], False),
        ((), [("N", ...)], False),
    ],
)
def test_expect_input_checks_a_shape_against_patterns(shape, patterns, fits):
    from course_lib.errors import ShapeError, expect_input

    if fits:
        expect_input("Layer()", np.zeros(shape), *patterns)
    else:
        with pytest.raises(
            ShapeError, match=r"^Layer\(\) expected input of shape \(N, .*\), got \((N.*)?\); fix$"
        ):
            expect_input("Layer()", np.zeros(shape), *patterns, hint="; fix")


def test_memory_size_says_its_unit_in_the_learners_language(monkeypatch):
    from course_lib import i18n
    from course_lib.errors import memory_size

    monkeypatch.setattr(i18n, "_chosen", ["en"])
    assert (memory_size(12), memory_size(46e6)) == ("12 bytes", "46 MB")
    monkeypatch.setattr(i18n, "_chosen", ["zh"])
    assert memory_size(12) == "12 字节"
