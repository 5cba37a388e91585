"""Widget of notebook 07c: text sampled from a character-level language model, by training step and
temperature."""

import textwrap

import ipywidgets as W
import numpy as np
from matplotlib.figure import Figure

from ...errors import ConfigError, finite_number, one_of, whole_number
from ...i18n import _
from ...lessons.char_lm import CharRun, sample
from .base import Explorer

WIDTH = 72  # characters per line of the sampled text
MIN_TEMPERATURE, MAX_TEMPERATURE = 0.1, 2.0


class CharSampleExplorer(Explorer):
    """Model, training step and temperature → text the model writes after that many steps of training.

    It trains nothing: `runs` are finished `char_lm.CharRun`s, and every change samples from the parameters
    a run kept at that step (a few hundred characters, one step of the network each: well under 0.3 s).
    The same `seed` draws the same random numbers for every setting, so moving one slider changes one thing.

    Args:
        runs: CharRuns (e.g. an RNN's and an LSTM's) with checkpoints at the same steps.
        prompt: the text the model continues. length: how many characters it adds.
    """

    follows_drag = True  # a redraw is fast: sampling and one text figure

    def __init__(self, runs, prompt="the ", length=240, seed=0):
        where = self.where
        runs = list(runs)
        if not runs or not all(isinstance(r, CharRun) for r in runs):
            raise ConfigError(
                _("{where}: give it the runs train_char_lm returned, e.g. [rnn_run, lstm_run]").format(
                    where=where
                )
            )
        steps = sorted(runs[0].checkpoints)
        if any(sorted(r.checkpoints) != steps for r in runs):
            raise ConfigError(
                _(
                    "{where}: the runs kept checkpoints at different steps: train them with the same `every`"
                ).format(where=where)
            )
        self.runs = {r.kind: r for r in runs}
        self.prompt, self.seed = prompt, whole_number(seed, "seed", 0, where=where)
        self.length = whole_number(length, "length", 1, 2000, where=where)
        self.text = None  # the last sample
        style = {"description_width": "initial"}
        super().__init__(
            {
                "kind": W.ToggleButtons(
                    options=list(self.runs), value=list(self.runs)[-1], description=_("model")
                ),
                "step": W.SelectionSlider(
                    options=steps, value=steps[-1], description=_("training step"), style=style
                ),
                "temperature": W.FloatSlider(
                    1.0,
                    min=MIN_TEMPERATURE,
                    max=MAX_TEMPERATURE,
                    step=0.1,
                    description=_("temperature τ"),
                    style=style,
                ),
            }
        )

    def update(self, kind=None, step=None, temperature=1.0):
        """Sample `length` characters from run `kind` at checkpoint `step`; returns a one-line summary."""
        where = self.where
        kind = one_of(list(self.runs)[-1] if kind is None else kind, "model", list(self.runs), where=where)
        run = self.runs[kind]
        step = max(run.checkpoints) if step is None else step
        step = one_of(step, _("step (a step with a checkpoint)"), sorted(run.checkpoints), where=where)
        temperature = finite_number(temperature, "temperature", where, MIN_TEMPERATURE, MAX_TEMPERATURE)
        rng = np.random.default_rng(self.seed)
        self.text = sample(kind, run.checkpoints[step], self.prompt, self.length, temperature, rng)
        bits = run.val_bits[step]
        fig = Figure(figsize=(8.5, 1.9), layout="constrained")
        ax = fig.add_subplot()
        ax.axis("off")
        ax.set_title(
            f"{kind} after {step} steps ({bits:.2f} bits/char on validation), "
            f"temperature τ = {temperature:.1f}",
            size="medium",
            loc="left",
        )
        ax.text(0, 1, textwrap.fill(self.text, WIDTH), family="monospace", size="medium", va="top")
        self.fig = fig
        return _("{kind}, step {step}, τ = {temperature:.1f}: {text}…").format(
            kind=kind, step=step, temperature=temperature, text=repr(self.text[:60])
        )
