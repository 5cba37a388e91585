"""Exercises of notebook 02, gradient descent."""
import numpy as np

from .checks import number_answer
from .core import AnswerError, Exercise, call_answer


def gd_step(w, b, x, y, lr):
    """One gradient-descent step on L(w, b) = mean((b + w·x − y)²); returns the new (w, b)."""
    e = b + w * x - y
    return w - lr * np.mean(2 * e * x), b - lr * np.mean(2 * e)


def _check_step(func):
    rng = np.random.default_rng(5)
    x = rng.uniform(-2, 2, 30)
    y = 1 + 2 * x + 0.1 * rng.standard_normal(30)
    answer = call_answer(func, 0.5, -1.0, x, y, 0.1)
    pair = isinstance(answer, (tuple, list)) or isinstance(answer, np.ndarray) and answer.ndim == 1
    assert pair and len(answer) == 2, "return the pair (new_w, new_b)"
    for name, v in zip(("new_w", "new_b"), answer):
        if isinstance(v, np.ndarray) and v.size > 1:
            raise AnswerError(f"{name} should be one number, but has shape {v.shape} — did you forget the "
                              f"mean over the data points?")
    w, b = (number_answer(v, name=name, text=False) for name, v in zip(("new_w", "new_b"), answer))
    ew, eb = gd_step(0.5, -1.0, x, y, 0.1)
    moved_up = gd_step(0.5, -1.0, x, y, -0.1)
    assert not np.allclose([w, b], moved_up), "you stepped *up* the slope: subtract lr × gradient"
    half = (0.5 - (0.5 - ew) / 2, -1.0 - (-1.0 - eb) / 2)
    assert not np.allclose([w, b], half), "your step is half as long: d/dw of e² is 2e·x"
    assert np.allclose([w, b], [ew, eb], rtol=1e-6), f"got ({w:.4f}, {b:.4f}), expected ({ew:.4f}, {eb:.4f})"
    return f"right: (0.5, −1.0) → ({ew:.4f}, {eb:.4f})"


descent_step = Exercise("one gradient-descent step", _check_step,
                        "∂L/∂w = mean(2e·x) and ∂L/∂b = mean(2e) with e = b + w·x − y; then w − lr·∂L/∂w.",
                        gd_step)
