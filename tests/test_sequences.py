"""The sequence data of notebook 07: the recall task, the membrane recording and its windows."""

import numpy as np
import pytest

import course_lib as cl
from course_lib.datasets import membrane_potential, recall_task, windows

pytestmark = pytest.mark.ch07


def test_recall_task_labels_are_the_first_symbol(rng):
    X, y = recall_task(500, 12, rng, num_symbols=5)
    assert X.shape == (500, 12, 6) and X.dtype == np.float32 and y.shape == (500,)
    np.testing.assert_array_equal(X[:, :, :5].sum(axis=2), 1)  # one symbol per step
    np.testing.assert_array_equal(np.argmax(X[:, 0, :5], axis=1), y)
    np.testing.assert_array_equal(X[:, :, 5], np.eye(12)[0][None].repeat(500, 0))  # marker at step 1 only
    assert set(np.unique(y)) == set(range(5))
    later = np.argmax(X[:, 1:, :5], axis=2)  # distractors carry no information
    assert abs(np.mean(later == y[:, None]) - 0.2) < 0.02


def test_recall_task_is_reproducible_and_checks_its_arguments():
    a = recall_task(10, 4, np.random.default_rng(3))
    b = recall_task(10, 4, np.random.default_rng(3))
    np.testing.assert_array_equal(a[0], b[0])
    with pytest.raises(cl.ConfigError, match="T"):
        recall_task(10, 0, np.random.default_rng(0))
    with pytest.raises(cl.ConfigError, match="num_symbols"):
        recall_task(10, 5, np.random.default_rng(0), num_symbols=1)


def test_membrane_potential_is_a_standardised_real_recording():
    v = membrane_potential(every=4)
    assert v.shape == (3000,) and v.dtype == np.float32
    assert abs(v.mean()) < 1e-4 and abs(v.std() - 1) < 1e-4
    spikes = np.sum((v[1:] > 1.5) & (v[:-1] <= 1.5))  # it spikes, many times
    assert spikes > 30


def test_windows_pair_each_past_with_the_value_ahead():
    s = np.arange(10, dtype=np.float32)
    X, y = windows(s, T=3, horizon=2)
    assert X.shape == (6, 3, 1) and y.shape == (6, 1)
    np.testing.assert_array_equal(X[0, :, 0], [0, 1, 2])
    assert y[0, 0] == 4 and y[-1, 0] == 9
    with pytest.raises(cl.ConfigError, match="no window"):
        windows(s, T=10)
