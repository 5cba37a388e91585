"""Loss functions: how wrong a batch of predictions is, as one number, and its gradient.

A loss has `forward(prediction, target) -> float` and `backward() -> dL/dprediction`.
`prediction` has shape (N, K); `target` is either integer class labels of shape (N,) with values in
0..K−1 (turned into one-hot rows) or an array of shape (N, K) — finite, and what the loss can mean:
probabilities in [0, 1] for the cross-entropies (each row summing to 1 for softmax, which needs K ≥ 2),
one-hot rows for the hinge loss (a target of 2 or a NaN would train to nonsense in silence). Every loss is
a *mean over the batch* of a per-sample loss, so its gradient carries the 1/N and the learning rate does
not depend on N.

| course_lib              | per-sample loss (y one-hot, K outputs)            | takes         |
|-------------------------|---------------------------------------------------|---------------|
| QuadraticLoss           | ½ Σ_k (a_k − y_k)²                                | activations a |
| SigmoidCrossEntropyLoss | Σ_k −[y_k log σ(z_k) + (1 − y_k) log(1 − σ(z_k))] | logits z      |
| SoftmaxCrossEntropyLoss | −log softmax(z)_y                                 | logits z      |
| HingeLoss               | Σ_{j≠y} max(0, z_j − z_y + 1)                     | scores z      |

| course_lib              | letters lab / PyTorch                                                |
|-------------------------|----------------------------------------------------------------------|
| QuadraticLoss           | lab `QuadraticLoss`; = ½·K·`MSELoss`                                 |
| SigmoidCrossEntropyLoss | lab `CrossEntropyLoss` + its last `Sigmoid`; = K·`BCEWithLogitsLoss`  |
| SoftmaxCrossEntropyLoss | PyTorch `CrossEntropyLoss`                                           |
| HingeLoss               | K·`MultiMarginLoss`                                                  |

Why the cross-entropy losses take logits (notebook 05): the letters lab computed −y log a − (1−y) log(1−a)
on a = σ(z) and hid log(0) = −inf with `np.nan_to_num`. Once |z| > 17 in float32, σ(z) rounds to
exactly 0 or 1 and that formula breaks. Written in z, the same loss is
    −y log σ(z) − (1−y) log(1−σ(z)) = softplus(z) − y·z,   softplus(z) = max(z, 0) + log1p(e^(−|z|)),
which is finite for every z, and its gradient is simply σ(z) − y: the factor 1/(a(1−a)) of the loss and
the factor a(1−a) of the sigmoid cancel on paper instead of in floating point.
"""

import numpy as np

from .activations import sigmoid, softplus
from .errors import LabelError, NotReadyError, ShapeError, _prefix, check_memory, shape_pair, shape_str
from .i18n import N_, _
from .layers import as_numbers

# the hint after "… must be numbers, got text such as 'A'" (as_numbers translates it)
NAMES_TO_NUMBERS = N_(": turn class names into numbers 0..K−1, e.g. np.unique(y, return_inverse=True)[1]")


def check_labels(labels, num_classes, where=None):
    """Integer class labels (N,) as int64, or LabelError if they are not whole numbers in 0..num_classes−1."""
    prefix = _prefix(where)
    labels = as_numbers(labels, prefix + _("labels"), LabelError, hint=NAMES_TO_NUMBERS)
    K = num_classes
    column = _("; with one output, give the targets as a column, y.reshape(-1, 1)") if K == 1 else ""
    if labels.ndim != 1:
        raise LabelError(
            prefix + _("labels must have shape (N,), got {shape}").format(shape=shape_str(labels.shape))
        )
    if labels.dtype.kind == "f":
        broken = ~np.isfinite(labels) | (np.mod(labels, 1) != 0)
        if broken.any():
            raise LabelError(
                prefix
                + _("labels must be whole numbers 0..{last}, got {value} at row {row}").format(
                    last=K - 1, value=labels[broken][0], row=np.flatnonzero(broken)[0]
                )
                + column
            )
    labels = labels.astype(np.int64, copy=False)
    out_of_range = (labels < 0) | (labels >= K)
    if out_of_range.any():
        bad = labels[out_of_range][0]
        if not column and bad == K and labels.min() == 1:
            hint = _(" (these labels run 1..{K}: subtract 1)").format(K=K)
        else:
            hint = column
        raise LabelError(
            prefix
            + _("label {bad} is out of range: with {K} outputs, labels must be in 0..{last}").format(
                bad=bad, K=K, last=K - 1
            )
            + hint
        )
    return labels


def one_hot(labels, num_classes, dtype=np.float32):
    """Integer labels (N,) → one-hot rows (N, num_classes); raises LabelError for labels out of range."""
    labels = check_labels(labels, num_classes)
    check_memory(
        labels.shape[0] * num_classes,
        _("{rows:,} one-hot rows of {columns:,}").format(rows=labels.shape[0], columns=num_classes),
        _("num_classes is the number of classes (26 for the letters)"),
        "one_hot",
        np.dtype(dtype).itemsize,
    )
    out = np.zeros((labels.shape[0], num_classes), dtype=dtype)
    out[np.arange(labels.shape[0]), labels] = 1
    return out


class Loss:
    """Base class: checks shapes, turns labels into one-hot targets, remembers what backward needs.

    The contract is the layers' (`course_lib.layers`): `forward` keeps in `self.cache` what `backward`
    needs, and `backward` before `forward` is a NotReadyError. Subclasses implement
    `_forward(p, y) -> (loss, extra)` and `_backward(p, y, extra) -> dL/dp`, where `extra` is whatever
    the forward pass computed that the backward pass reuses (softmax's probabilities, the hinge's active
    margins), or None. The loss itself is computed in float64, whatever the predictions' dtype: float32
    logits near ±3e38 overflow on the way (z − max z, z²) although the loss may be 0; the gradient comes
    back in their dtype.
    """

    takes_logits = True  # the table's "takes": raw scores z, so no activation before it

    def __init__(self):
        self.cache = None  # (prediction, target, dtype of the gradient, extra) of the last forward

    def forward(self, prediction, target):
        prediction = as_numbers(prediction, _("{loss}: the predictions").format(loss=self))
        if prediction.ndim != 2:
            raise ShapeError(
                _("{loss}: predictions must have shape (N, K), got {shape}").format(
                    loss=self, shape=shape_str(prediction.shape)
                )
            )
        if prediction.shape[0] == 0:
            raise ShapeError(
                _("{loss}: the batch is empty (N = 0), so there is no loss to compute").format(loss=self)
            )
        self._check_outputs(prediction.shape[1])
        dtype = prediction.dtype if prediction.dtype.kind == "f" else np.dtype(np.float64)
        target = self._target(prediction, target, dtype)
        p64, y64 = prediction.astype(np.float64, copy=False), target.astype(np.float64, copy=False)
        loss, extra = self._forward(p64, y64)
        self.cache = (prediction, target, dtype, extra)
        return float(loss)

    def backward(self):
        """dL/dprediction, shape (N, K), for the batch of the last forward call."""
        if self.cache is None:
            raise NotReadyError(_("{loss}: backward() called before forward()").format(loss=self))
        prediction, target, dtype, extra = self.cache
        return self._backward(prediction, target, extra).astype(dtype, copy=False)

    __call__ = forward

    def _target(self, prediction, target, dtype):
        target = as_numbers(
            target, _("{loss}: the targets").format(loss=self), LabelError, hint=NAMES_TO_NUMBERS
        )
        N, K = prediction.shape
        if target.ndim == 1:
            if target.shape[0] != N:
                raise LabelError(
                    _("{loss}: {N} predictions but {M} labels").format(loss=self, N=N, M=target.shape[0])
                )
            return one_hot(target, K, dtype)
        if target.shape != prediction.shape:
            got, want = shape_pair(target.shape, prediction.shape)
            raise ShapeError(
                _("{loss}: target shape {got} does not match prediction shape {want}").format(
                    loss=self, got=got, want=want
                )
            )
        if target.dtype.kind == "f" and not np.isfinite(target).all():
            row = np.flatnonzero(~np.isfinite(target).all(axis=1))[0]
            raise LabelError(
                _(
                    "{loss}: the targets hold NaN or inf (row {row}): clean them, or give class labels (N,)"
                ).format(loss=self, row=row)
            )
        self._check_targets(target)
        return target.astype(dtype, copy=False)

    def _check_outputs(self, K):
        """Raise ShapeError if this loss cannot learn anything from K outputs. Default: any K ≥ 1 will do."""

    def _check_targets(self, y):
        """Raise LabelError if the targets y (N, K), all finite, make no sense for this loss. Default: any."""

    def _check_probabilities(self, y, rows):
        """LabelError unless every target is in [0, 1] and, if `rows`, each row sums to 1 (a distribution
        over the K classes; 1e-3 leaves room for float32 rounding)."""
        outside = (y < 0) | (y > 1)
        if rows:
            outside = outside.any(axis=1) | (np.abs(y.sum(axis=1, dtype=np.float64) - 1) > 1e-3)
        else:
            outside = outside.any(axis=1)
        if outside.any():
            row = np.flatnonzero(outside)[0]
            if rows:
                message = _(
                    "{loss}: targets must be probabilities, each row ≥ 0 and summing to 1 (one-hot rows); "
                    "row {row} is {values} — give class labels (N,) in 0..K−1, or cl.one_hot(labels, K)"
                )
            else:
                message = _(
                    "{loss}: targets must be probabilities, each in [0, 1]; "
                    "row {row} is {values} — give class labels (N,) in 0..K−1, or cl.one_hot(labels, K)"
                )
            values = np.array2string(y[row], precision=3, threshold=6)
            raise LabelError(message.format(loss=self, row=row, values=values))

    def __repr__(self):
        return type(self).__name__ + "()"


class QuadraticLoss(Loss):
    """L = (1/N) Σ_n ½ Σ_k (a_nk − y_nk)²;  dL/da = (a − y) / N.

    Usually a = σ(z) comes from a Sigmoid layer, whose backward then multiplies by σ′(z) ≤ 1/4:
    the quadratic loss keeps that factor, which is what slows learning when outputs saturate.
    """

    takes_logits = False  # activations a, e.g. the outputs of a last Sigmoid layer

    def _forward(self, a, y):
        diff = a - y
        return 0.5 * np.sum(diff * diff) / a.shape[0], None

    def _backward(self, a, y, _extra):
        return (a - y) / a.shape[0]


class SigmoidCrossEntropyLoss(Loss):
    """Cross-entropy of independent sigmoid outputs, from logits z (the lab's loss + its last sigmoid).

    L = (1/N) Σ_n Σ_k [softplus(z_nk) − y_nk z_nk];   dL/dz = (σ(z) − y) / N.
    """

    def _check_targets(self, y):
        self._check_probabilities(y, rows=False)  # y = 2 would make the loss unbounded below

    def _forward(self, z, y):
        return np.sum(softplus(z) - y * z) / z.shape[0], None

    def _backward(self, z, y, _extra):
        return (sigmoid(z) - y) / z.shape[0]


class SoftmaxCrossEntropyLoss(Loss):
    """Softmax over the K classes, then −log of the probability of the right class (PyTorch's
    `CrossEntropyLoss`).

    p = softmax(z) with p_k = e^(z_k − m) / Σ_j e^(z_j − m), m = max_j z_j (log-sum-exp: no overflow);
    L = (1/N) Σ_n −log p_n,y_n = (1/N) Σ_n [logsumexp(z_n) − z_n,y_n];   dL/dz = (p − onehot(y)) / N.
    """

    def _check_outputs(self, K):
        if K < 2:
            raise ShapeError(
                _(
                    "{loss}: the softmax of 1 output is always 1, so the loss is always 0 and "
                    "nothing is learnt: give the model 2 outputs (one per class), or use "
                    "SigmoidCrossEntropyLoss on 1 output"
                ).format(loss=self)
            )

    def _check_targets(self, y):
        self._check_probabilities(y, rows=True)

    def _forward(self, z, y):
        shifted = z - z.max(axis=1, keepdims=True)  # ≤ 0, so exp cannot overflow
        log_sum = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        neg_log_p = log_sum - shifted  # −log p ≥ 0, finite: no log(0) is ever taken
        return np.sum(y * neg_log_p) / z.shape[0], np.exp(-neg_log_p)  # the loss, and p for backward

    def _backward(self, z, y, p):
        return (p - y) / z.shape[0]


class HingeLoss(Loss):
    """Multi-class hinge (SVM) loss on scores z: every wrong class should score at least 1 below the
    right one.

    L = (1/N) Σ_n Σ_{j ≠ y_n} max(0, z_nj − z_n,y_n + 1);
    dL/dz_nj = [margin_nj > 0] / N for j ≠ y_n, and −(number of violated margins) / N for j = y_n.
    (PyTorch's `MultiMarginLoss` is this divided by the number of classes.)
    """

    def _check_targets(self, y):
        if not (np.isin(y, (0, 1)).all() and (y.sum(axis=1) == 1).all()):
            self._check_probabilities(y, rows=True)  # says which row
            raise LabelError(
                _(
                    "{loss}: the hinge loss needs one-hot targets (a single 1 in each row); "
                    "give class labels (N,) in 0..K−1 instead"
                ).format(loss=self)
            )

    def _forward(self, z, y):
        correct = np.sum(z * y, axis=1, keepdims=True)
        margins = np.maximum(0, z - correct + 1) * (1 - y)
        active = (margins > 0).astype(z.dtype)  # kept for backward
        return np.sum(margins) / z.shape[0], active

    def _backward(self, z, y, active):
        return (active - y * active.sum(axis=1, keepdims=True)) / z.shape[0]


# The course's names for the two losses it sets side by side (notebooks 04 and 05, their widgets, the
# playground): the quadratic loss on sigmoid outputs, and the cross-entropy, on logits.
LOSS_NAMES = {"quadratic": QuadraticLoss, "cross-entropy": SigmoidCrossEntropyLoss}
