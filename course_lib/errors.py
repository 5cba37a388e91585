"""Errors a learner can meet, each with a message that says what went wrong and how to fix it.

Every error raised on purpose by course_lib derives from `CourseError`, so a notebook can show it as
one readable line instead of a traceback (see `course_lib.notebook.setup`). They also derive from the
built-in exception a Python programmer would expect (`ValueError`, `RuntimeError`), so ordinary
`except ValueError:` code keeps working.
"""


class CourseError(Exception):
    """Base class: an error caused by an input, with a message written for a learner."""


class ShapeError(CourseError, ValueError):
    """An array had the wrong shape, e.g. `Linear(289 → 20) expected input of shape (N, 289), got (N, 17, 17)`."""


class LabelError(CourseError, ValueError):
    """Class labels were not integers in 0..K-1, or targets did not match the predictions."""


class ConfigError(CourseError, ValueError):
    """A hyperparameter made no sense: a learning rate ≤ 0, a depth < 1, an unknown activation name."""


class NotReadyError(CourseError, RuntimeError):
    """A method was called out of order, e.g. `backward` before `forward`."""


class TrainingDiverged(CourseError, RuntimeError):
    """The loss became NaN or infinite during training.

    Attributes:
        step: the 1-based training step at which the loss stopped being finite.
        loss: the offending loss value (nan or inf).
        history: what was recorded before it happened (a `History`), so curves can still be drawn.
    """

    def __init__(self, message, step=None, loss=None, history=None):
        super().__init__(message)
        self.step = step
        self.loss = loss
        self.history = history


def shape_str(shape, batch_dim=True):
    """Format a shape as the notebooks write it: `(N, 17, 17)` when the first axis is the batch."""
    dims = [str(d) for d in shape]
    if batch_dim and dims:
        dims[0] = "N"
    return "(" + ", ".join(dims) + ")"
