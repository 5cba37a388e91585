"""Sequence data for chapter 07: a long-range memory task, generated, and a real recorded signal that
ships with matplotlib (nothing is downloaded).

Recall task ("what came first?"):  a sequence of T symbols, each drawn uniformly from K, one-hot
encoded; the label is the *first* symbol. Everything after step 1 is a distractor, so a network that
reads the sequence and answers at the last step must carry one piece of information across T − 1
steps. Chance is 1/K. The gradient that would teach it to keep that piece has to travel back T − 1
steps too, which is where a vanilla RNN's gradient vanishes and an LSTM's cell state does not.

Membrane potential: 12 000 samples of a membrane-voltage recording that matplotlib ships as sample data
(`membrane.dat`, float32; its documentation says no more), spiking rhythmically. `windows` cuts a series into
(past T values → value `horizon` steps later) pairs for one-step-ahead prediction.
"""

import matplotlib.cbook as cbook
import numpy as np

from ..errors import ConfigError, CourseError, whole_number
from ..i18n import _
from ..init import generator
from ..layers import as_numbers


def recall_task(n, T, rng, num_symbols=4):
    """n sequences of T one-hot symbols; the label is the first symbol.

    Args:
        n: number of sequences. T: sequence length (≥ 1). rng: numpy Generator.
        num_symbols: K, the alphabet size (chance accuracy is 1/K).
    Returns:
        X: (n, T, K + 1) float32: one-hot symbols in the first K channels, and a marker channel that is
        1 at step 1 only (so *which* symbol to keep is easy to see; keeping it is the hard part),
        y: (n,) int64 in 0..K−1 (= the symbol at step 1).
    """
    n, T = whole_number(n, "n", 1), whole_number(T, _("T (the sequence length)"), 1)
    num_symbols = whole_number(num_symbols, "num_symbols", 2)
    generator(rng)
    symbols = rng.integers(0, num_symbols, (n, T))
    X = np.zeros((n, T, num_symbols + 1), dtype=np.float32)
    X[:, :, :num_symbols] = np.eye(num_symbols, dtype=np.float32)[symbols]
    X[:, 0, num_symbols] = 1.0  # the marker: "remember this one"
    return X, symbols[:, 0].astype(np.int64)


def membrane_potential(every=4):
    """The membrane voltage recording from matplotlib's sample data, keeping every `every`-th sample
    (12 000 / every values), standardised to mean 0 and standard deviation 1. Returns float32 (L,)."""
    every = whole_number(every, "every", 1, 100, where="membrane_potential")
    try:
        path = cbook.get_sample_data("membrane.dat", asfileobj=False)
        v = np.fromfile(path, dtype=np.float32)
    except (OSError, ValueError) as e:
        raise CourseError(
            _(
                "matplotlib's sample file membrane.dat could not be read ({error}); "
                "reinstall matplotlib (make lab reinstalls it)"
            ).format(error=e)
        ) from None
    if v.size < 1000 or not np.all(np.isfinite(v)):
        raise CourseError(
            _(
                "matplotlib's sample file membrane.dat looks damaged ({count} values); reinstall matplotlib"
            ).format(count=v.size)
        )
    v = v[::every]
    return ((v - v.mean()) / v.std()).astype(np.float32)


def windows(series, T, horizon=1):
    """Every window of T consecutive values and the value `horizon` steps after its end.

    Args:
        series: (L,) values.  T: window length.  horizon: how far ahead the target lies (≥ 1).
    Returns:
        X: (L − T − horizon + 1, T, 1) float32,  y: (L − T − horizon + 1, 1) float32, where
        X[i, :, 0] = series[i : i + T] and y[i, 0] = series[i + T + horizon − 1].
    """
    series = as_numbers(series, "windows: series").astype(np.float32)
    T, horizon = whole_number(T, _("T (the window length)"), 1), whole_number(horizon, "horizon", 1)
    n = series.size - T - horizon + 1
    if series.ndim != 1 or n < 1:
        raise ConfigError(
            _("a series of shape {shape} has no window of {T} values plus {horizon} ahead").format(
                shape=series.shape, T=T, horizon=horizon
            )
        )

    X = np.lib.stride_tricks.sliding_window_view(series, T)[:n]
    return X[:, :, None].copy(), series[T + horizon - 1 :][:, None].copy()
