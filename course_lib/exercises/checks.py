"""Comparisons that exercises share, each failing with a message that says *what* is wrong:
the type, the shape, the sign, or the value (with one example)."""
import numpy as np


def assert_array_close(name, answer, expected, rtol=1e-6, atol=1e-9):
    """AssertionError with a learner-readable reason unless `answer` ≈ `expected`."""
    if not isinstance(answer, (np.ndarray, list, tuple, float, int, np.floating)):
        raise AssertionError(f"{name} should be a numpy array, got {type(answer).__name__}")
    answer = np.asarray(answer, dtype=np.float64)
    if answer.shape != expected.shape:
        raise AssertionError(f"{name} has shape {answer.shape}, expected {expected.shape}")
    if not np.all(np.isfinite(answer)):
        raise AssertionError(f"{name} contains NaN or inf")
    if np.allclose(answer, expected, rtol=rtol, atol=atol):
        return
    if np.allclose(answer, -expected, rtol=rtol, atol=atol):
        raise AssertionError(f"{name} has the wrong sign everywhere")
    ratio = answer / np.where(expected == 0, np.nan, expected)
    zeros_agree = np.all(answer[expected == 0] == 0)
    if zeros_agree and np.nanstd(ratio) < 1e-6 * max(1.0, abs(np.nanmean(ratio))) and abs(np.nanmean(ratio) - 1) > 1e-6:
        raise AssertionError(f"{name} is off by a constant factor of {np.nanmean(ratio):.4g}")
    i = np.unravel_index(np.argmax(np.abs(answer - expected)), expected.shape)
    raise AssertionError(f"{name} is wrong: at index {tuple(int(k) for k in i)} you gave "
                         f"{answer[i]:.6g}, expected {expected[i]:.6g}")


def normalise_choice(answer, choices):
    """Map a free-text answer onto one of `choices` (dict: canonical → accepted spellings)."""
    if not isinstance(answer, str):
        raise AssertionError(f"answer with a string, one of {', '.join(repr(c) for c in choices)}")
    key = answer.strip().lower().replace("_", "-").replace(" ", "-")
    for canonical, spellings in choices.items():
        if key == canonical or key in spellings:
            return canonical
    raise AssertionError(f"{answer!r} is not one of {', '.join(repr(c) for c in choices)}")
