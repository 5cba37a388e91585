import numpy as np
import pytest


@pytest.fixture
def rng():
    return np.random.default_rng(1234)


@pytest.fixture(autouse=True)
def no_waiting_after_wrong_answers(monkeypatch):
    """The tests give each exercise many wrong answers on purpose: no waiting between them (the waiting itself
    is tested in test_exercises_core.py)."""
    from course_lib.exercises import guards

    monkeypatch.setattr(guards, "FREE_TRIES", 10**9)
