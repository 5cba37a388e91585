"""Exercises of notebook 03, backpropagation.

sigmoid_and_derivative  σ and σ′ = σ(1 − σ)
zero_gradients          predict, then run: which weight gradients vanish when an input is 0
dense_layer_backward    dx, dW, db of a dense (fully connected) layer, checked by a gradient check
swish_derivative        derive and implement: the backward of x·σ(x) (two paths, chain rule case 2)
derivative_from_output  predict, then run: which activations can compute f′ from their output alone
fix_two_layer           find the bug in a two-layer network's backward pass
autograd_order          build the autograd: the topological order backward() walks (a diamond shows the slips)
"""

import re

import numpy as np

from ..activations import ELU, ReLU, Sigmoid, Tanh, sigmoid
from ..gradcheck import numerical_gradient, rel_error
from ..i18n import N_, _, translated
from ..lessons.autograd import Value, topological_order
from ..lessons.tiny_net import DEFAULT, steps
from .checks import array_answer, parts
from .core import AnswerError, FunctionExercise
from .predict import SetPrediction

# -- σ and σ′ -------------------------------------------------------------------------------------------


def sigmoid_pair(x):
    """(σ(x), σ′(x)) for an array x."""
    s = 1 / (1 + np.exp(-x))
    return s, s * (1 - s)


def _sigmoid_mistakes(x):
    """{part: [(what that mistake gives, message)]}."""
    s = sigmoid(x)
    return {
        "your σ(x)": [(1 - s, _("that is σ(−x) = 1/(1 + eˣ): the exponent is −x"))],
        "your σ′(x)": [
            (x * (1 - x), _("you applied x(1 − x) to x itself; the formula is σ(1 − σ) with σ = σ(x)")),
            (s * (1 + s), _("σ(1 + σ) is not it: the derivative of (1 + e^(−x))^(−1) gives σ(1 − σ)")),
            (1 - s, _("the factor σ is missing: σ′ = σ·(1 − σ)")),
            (s, _("the factor (1 − σ) is missing: σ′ = σ·(1 − σ)")),
        ],
    }


sigmoid_and_derivative = FunctionExercise(
    N_("σ and σ′"),
    sigmoid_pair,
    lambda: (np.linspace(-10, 10, 81),),
    N_("σ(x) = 1/(1 + e^(−x)); its derivative can be written with σ itself."),
    N_("σ and σ′ = σ(1 − σ) are right"),
    mistakes=_sigmoid_mistakes,
    name=(N_("your σ(x)"), N_("your σ′(x)")),
    result=lambda got: parts(got, ("σ(x)", "σ′(x)")),
    shapes="x (81,)",
)


# -- predict, then run: which gradients vanish when x2 = 0 ----------------------------------------------

WEIGHTS = ("w1", "w2", "w3", "w4", "w5", "w6")
# what each weight multiplies in the forward pass, and so what its gradient is proportional to
MULTIPLIES = {"w1": "x1", "w2": "x2", "w3": "x1", "w4": "x2", "w5": "a1", "w6": "a2"}


def zero_gradient_names(values):
    """The weights w1…w6 whose ∂C/∂w is exactly 0 in the stepper's network with `values` changed."""
    grads = {name[len("∂C/∂") :]: v for name, v, _ in steps(values) if name.startswith("∂C/∂")}
    return {w for w in WEIGHTS if grads[w] == 0.0}


def _chosen_names(answer, spellings, what, example, known):
    """The set of canonical names in an answer given as a set, list or "a, b" string (or "a、b", "a 和 b":
    Chinese separators too); `spellings` maps each name to its other accepted spellings, Chinese ones
    among them. AnswerError names what is not one of them (`known`)."""
    if isinstance(answer, str):
        answer = re.sub(r"[,，、;；和与及]", " ", answer).split()
    if not isinstance(answer, (set, frozenset, list, tuple)):
        raise AnswerError(
            _("answer with the names of the {what}, e.g. {example}, or set() for none").format(
                what=translated(what), example=example
            )
        )
    keys = {str(a).strip().lower() for a in answer}
    canonical = {
        key: next((n for n, other in spellings.items() if key == n or key in other), None) for key in keys
    }
    unknown = sorted(key for key, name in canonical.items() if name is None)
    if unknown:
        raise AnswerError(
            _("{unknown} is not one of {known}").format(
                unknown=", ".join(map(repr, unknown)), known=translated(known)
            )
        )
    return set(canonical.values())


def _weight_names(answer):
    return _chosen_names(
        answer, {w: set() for w in WEIGHTS}, N_("weights"), "{'w1', 'w5'}", N_("the weights w1 … w6")
    )


def _not_predicted_zero(w):
    return _(
        "with x2 = 0 the run gives ∂C/∂{w} = 0 too: {w} multiplies {input}, "
        "and ∂C/∂w = (the input w multiplies) × (the δ of the unit it feeds)"
    ).format(w=w, input=MULTIPLIES[w])


def _not_zero(w):
    m = MULTIPLIES[w]
    if m == "x1":
        return _(
            "∂C/∂{w} is not 0: {w} multiplies {m} = {value:g}, and the δ it is multiplied by is not 0 either"
        ).format(w=w, m=m, value=DEFAULT[m])
    return _(
        "∂C/∂{w} is not 0: {w} multiplies {m} = σ(z{unit}), which is never 0, and the δ it is multiplied by "
        "is not 0 either"
    ).format(w=w, m=m, unit=m[1])


zero_gradients = SetPrediction(
    N_("zero gradients"),
    "zero_prediction",
    _weight_names,
    lambda: zero_gradient_names({"x2": 0.0}),
    _not_predicted_zero,
    _not_zero,
    lambda observed: _(
        "the run gives exactly 0 for {names}: each multiplies x2, and ∂C/∂w = (its "
        "input) × δ; the other weights still learn"
    ).format(names=", ".join(sorted(observed))),
    N_("∂z/∂w is the input the weight multiplies (the forward pass). Which weights multiply x2?"),
    frozenset({"w2", "w4"}),
    N_("the weights that multiply x2: ∂C/∂w = input × δ"),
    missed_first=True,
)


# -- a dense layer's backward ---------------------------------------------------------------------------


def dense_backward(x, W, dout):
    """Backward pass of y = x @ W + b: returns (dx, dW, db) for upstream gradient dout (N, D_out)."""
    return dout @ W.T, x.T @ dout, dout.sum(axis=0)


def _dense_mistakes(x, W, dout):
    """{part: [(what that mistake gives, message)]} for square x, W, dout (every product fits)."""
    return {
        "dx": [
            (dout @ W, _("the transpose is missing: dx = dout @ W.T")),
            (W.T @ dout, _("the factors are in the wrong order: dx = dout @ W.T, not W.T @ dout")),
            (dout @ x.T, _("dx comes from W, not x: dx = dout @ W.T")),
        ],
        "dW": [
            (x @ dout, _("the transpose is missing: dW = x.T @ dout")),
            (dout.T @ x, _("that is dW transposed: dW = x.T @ dout has W's shape (D_in, D_out)")),
            (
                W.T @ dout,
                _(
                    "dW = W.T @ … uses the weights; the gradient of W comes from the layer's input: "
                    "dW = x.T @ dout"
                ),
            ),
            (dout @ W.T, _("dW comes from the input x and dout, not from W: dW = x.T @ dout")),
            (
                x.T @ dout / len(x),
                _("you divided by the batch size: dout is already ∂(mean loss)/∂y, so dW = x.T @ dout"),
            ),
        ],
        "db": [
            (
                dout.sum(axis=1),
                _(
                    "summed over the wrong axis: axis=1 adds up a sample's outputs; b is "
                    "shared by the samples, so sum over the batch, axis=0"
                ),
            ),
            (
                dout.mean(axis=0),
                _(
                    "a mean, not a sum: dout already carries the 1/N of the mean loss, so db = "
                    "dout.sum(axis=0)"
                ),
            ),
        ],
    }


def _dense_arrays():
    """(square, rectangular): x, W, dout all (3, 3), on which every mistaken transpose fits, to name the
    mistakes; then x (4, 5), W (5, 3), dout (4, 3) for the gradient check (b is drawn, not used)."""
    rng = np.random.default_rng(6)
    square = tuple(rng.standard_normal((3, 3)) for _ in range(3))
    x, W, b, dout = (rng.standard_normal(s) for s in ((4, 5), (5, 3), (3,), (4, 3)))
    return square, (x, W, dout)


def _dense_numerical(x, W, dout):
    """(dx, dW, db) by finite differences of Σ (x @ W + b) ⊙ dout, whose gradient they are."""
    b = np.zeros(W.shape[1])
    f = lambda: float(np.sum((x @ W + b) * dout))  # noqa: E731
    return tuple(numerical_gradient(f, p) for p in (x, W, b))


def _gradient_check(name, mine, numeric):
    """AnswerError unless `mine` has the shape of `numeric` and agrees with it (relative error < 1e-6)."""
    if name == "db" and np.shape(mine) == (4,):
        raise AnswerError(
            _(
                "db has shape (4,), one number per sample: "
                "sum dout over the batch, axis=0, to get "
                "one number per output (3,)"
            )
        )
    mine = array_answer(name, mine)
    assert mine.shape == numeric.shape, _(
        "{name} has shape {shape}, expected {expected} (the shape of {of})"
    ).format(name=name, shape=mine.shape, expected=numeric.shape, of=name[1:])
    assert np.all(np.isfinite(mine)), _("{name} contains NaN or inf").format(name=name)
    err = rel_error(mine, numeric)
    assert err < 1e-6, _("{name} disagrees with the numerical gradient (relative error {err:.2g})").format(
        name=name, err=err
    )


DENSE_NAMES = ("dx", "dW", "db")  # i18n: not shown (code)

dense_layer_backward = FunctionExercise(
    N_("a dense layer's backward"),
    dense_backward,
    lambda: _dense_arrays()[1],
    N_(
        "y = x @ W + b. Write down each array's shape: x (N, D_in), W (D_in, D_out), "
        "dout (N, D_out). dx must be (N, D_in), dW (D_in, D_out), db (D_out,): which "
        "products of dout with W or x give those shapes?"
    ),
    N_("dx, dW and db all pass the gradient check"),
    mistakes=_dense_mistakes,
    name=DENSE_NAMES,
    result=lambda got: parts(got, DENSE_NAMES),
    probe=lambda: (_dense_arrays()[0], "x, W, dout all (3, 3)"),
    # right arrays in the wrong places would otherwise read as mistakes in each of them
    reordered=N_("your arrays are right but in the wrong order: you returned ({names}); return (dx, dW, db)"),
    expected=_dense_numerical,
    compare=_gradient_check,
    shapes="x (4, 5), W (5, 3), dout (4, 3)",
)


# -- derive and implement: the backward of x·σ(x) -------------------------------------------------------


def swish_backward(x, dout):
    """Backward of y = x·σ(x) (element-wise): dx = dout ⊙ (σ(x) + x·σ(x)(1 − σ(x)))."""
    s = 1 / (1 + np.exp(-x))
    return dout * (s + x * s * (1 - s))


def _swish_inputs():
    rng = np.random.default_rng(9)
    return rng.standard_normal((4, 3)) * 2, rng.standard_normal((4, 3))


def _numerical_dx(x, dout):
    """∂(Σ y ⊙ dout)/∂x by finite differences: the gradient the answer must agree with."""
    return numerical_gradient(lambda: float(np.sum(x / (1 + np.exp(-x)) * dout)), x)


def _passes_gradient_check(name, got, numeric):
    got = array_answer(name, got, numeric.shape)
    err = rel_error(got, numeric)
    assert err < 1e-6, _("{name} disagrees with the numerical gradient (relative error {err:.2g})").format(
        name=name, err=err
    )


swish_derivative = FunctionExercise(
    N_("the backward of x·σ(x)"),
    swish_backward,
    _swish_inputs,
    N_(
        "y = x·σ(x) is a product of two functions of x: chain rule case 2, one term per path "
        "(through the factor x, and through σ(x)); then multiply by dout."
    ),
    N_("dx passes the gradient check: two paths, one sum"),
    name="dx",
    prefix="dx: ",
    shapes="x and dout (4, 3)",
    expected=_numerical_dx,
    compare=_passes_gradient_check,
    mistakes=[
        (
            lambda x, dout: dout * sigmoid(x),
            N_(
                "only the path through the first factor x: y = x·σ(x) also depends on x through σ(x) — chain "
                "rule case 2, add x·σ′(x)"
            ),
        ),
        (
            lambda x, dout: dout * x * sigmoid(x) * (1 - sigmoid(x)),
            N_(
                "only the path through σ(x): the first factor x depends on x too — chain rule case 2, add "
                "σ(x)"
            ),
        ),
        (
            lambda x, dout: sigmoid(x) + x * sigmoid(x) * (1 - sigmoid(x)),
            N_(
                "dout is missing: the backward returns dout ⊙ dy/dx, the upstream gradient times the local "
                "one"
            ),
        ),
        (
            lambda x, dout: dout * (sigmoid(x) + sigmoid(x) * (1 - sigmoid(x))),
            N_("the second path lost its factor x: d(x·σ(x))/dx = σ(x) + x·σ′(x)"),
        ),
        (
            lambda x, dout: dout * (sigmoid(x) + x * sigmoid(x) * (1 + sigmoid(x))),
            N_("σ′ = σ(1 − σ), not σ(1 + σ)"),
        ),
    ],
)


# -- predict, then run: which activations can compute f′ from their output alone? -------------------------


def _through_layer(layer):
    """(f, f′) of an activation layer, both measured on the layer itself: forward, and backward of ones."""

    def f(x):
        return layer.forward(x)

    def slope(x):
        layer.forward(x)
        return layer.backward(np.ones_like(x))

    return f, slope


# name: (f, f′) on float64 arrays; the library's own layers where it has one
CANDIDATES = {
    "sigmoid": _through_layer(Sigmoid()),
    "tanh": _through_layer(Tanh()),
    "relu": _through_layer(ReLU()),
    "elu": _through_layer(ELU()),
    "abs": (np.abs, np.sign),
    "square": (np.square, lambda x: 2 * x),
}
# other accepted spellings, in English and Chinese (notebooks/glossary.md), lower case
SPELLINGS = {
    "sigmoid": {"σ", "sigma", "logistic", "s型函数", "s型", "逻辑函数", "σ函数"},
    "tanh": {"双曲正切", "双曲正切函数"},
    "relu": {"整流线性单元", "线性整流函数", "修正线性单元"},
    "elu": {"指数线性单元"},
    "abs": {"|x|", "absolute", "绝对值", "绝对值函数"},
    "square": {"x²", "x^2", "x**2", "squared", "平方", "平方函数"},
}
# how f′ follows from y = f(x), for the activations whose output is enough (what the verdict says)
FROM_OUTPUT = {
    "sigmoid": "σ′ = y(1 − y)",
    "tanh": "tanh′ = 1 − y²",
    "relu": N_("ReLU′ = 1 where y > 0, 0 where y = 0"),
    "elu": N_("ELU′ = 1 where y > 0, y + 1 where y ≤ 0"),
}
GRID = np.linspace(-3, 3, 601)  # symmetric, with 0 on it


def output_twins(name, x=GRID):
    """Two inputs a < b with the same output and different slopes, as (a, b, y, f′(a), f′(b)), or None if
    every output on the grid x comes with a single slope (then f′ can be computed from y alone)."""
    f, slope = CANDIDATES[name]
    y, d = f(x.copy()), slope(x.copy())
    groups = np.unique(np.round(y, 12), return_inverse=True)[1]  # equal outputs, to rounding
    twins = []
    for g in np.unique(groups):
        members = np.flatnonzero(groups == g)
        if np.ptp(d[members]) > 1e-9:
            a, b = sorted((members[np.argmin(d[members])], members[np.argmax(d[members])]))
            twins.append((x[a], x[b], y[a], d[a], d[b]))
    # the pair nearest x = ±1 reads best in a message
    return min(twins, key=lambda t: abs(max(abs(t[0]), abs(t[1])) - 1), default=None)


def from_output_names():
    """The candidates whose derivative can be computed from their output alone, found by `output_twins`."""
    return frozenset(name for name in CANDIDATES if output_twins(name) is None)


def _activation_names(answer):
    return _chosen_names(answer, SPELLINGS, N_("activations"), "{'sigmoid', 'abs'}", ", ".join(CANDIDATES))


def _cannot(name):
    a, b, y, da, db = output_twins(name)
    return _(
        "{name} cannot: x = {a:g} and x = {b:g} both give y = {y:g}, where its slope is {da:g} and {db:g} — "
        "from y alone, the backward pass cannot tell which"
    ).format(name=name, a=a, b=b, y=y, da=da, db=db)


derivative_from_output = SetPrediction(
    N_("f′ from the output alone"),
    "rebuild_prediction",
    _activation_names,
    from_output_names,
    lambda name: _("{name} can: no two inputs give the same output with different slopes, and {how}").format(
        name=name, how=translated(FROM_OUTPUT[name])
    ),
    _cannot,
    lambda observed: _(
        "{can} can (e.g. {example}); {cannot} cannot: x and −x give the same output "
        "with opposite slopes, so their backward pass must keep x"
    ).format(
        can=", ".join(sorted(observed)),
        example=FROM_OUTPUT["tanh"],
        cannot=", ".join(sorted(set(CANDIDATES) - observed)),
    ),
    N_(
        "if two inputs give the same output but different slopes, the output cannot tell the slopes apart. "
        "Which of the six are one-to-one, and where one is not, is its slope the same on both inputs?"
    ),
    frozenset({"sigmoid", "tanh", "relu", "elu"}),
    N_("equal outputs, equal slopes: f′ follows from y"),
    missed_first=False,
)


# -- find the bug: a two-layer network's backward -------------------------------------------------------


def two_layer_grads(x, W1, b1, W2, b2, y):
    """Gradients of L = (1/2N) Σ_n ‖ŷ_n − y_n‖² with ŷ = tanh(x W1 + b1) W2 + b2.
    x (N, D), W1 (D, H), b1 (H,), W2 (H, K), b2 (K,), y (N, K); returns (dW1, db1, dW2, db2)."""
    z = x @ W1 + b1  # (N, H)
    h = np.tanh(z)
    y_hat = h @ W2 + b2  # (N, K)
    dy_hat = (y_hat - y) / len(x)  # ∂L/∂ŷ
    dW2, db2 = h.T @ dy_hat, dy_hat.sum(axis=0)
    dh = dy_hat @ W2.T  # (N, H)
    dz = dh * (1 - h**2)  # tanh′(z) = 1 − tanh(z)² = 1 − h²
    dW1, db1 = x.T @ dz, dz.sum(axis=0)
    return dW1, db1, dW2, db2


def two_layer_grads_as_given(x, W1, b1, W2, b2, y):
    """The notebook's buggy version: tanh′ computed from z instead of h = tanh(z)."""
    z = x @ W1 + b1
    h = np.tanh(z)
    y_hat = h @ W2 + b2
    dy_hat = (y_hat - y) / len(x)
    dW2, db2 = h.T @ dy_hat, dy_hat.sum(axis=0)
    dh = dy_hat @ W2.T
    dz = dh * (1 - z**2)
    dW1, db1 = x.T @ dz, dz.sum(axis=0)
    return dW1, db1, dW2, db2


NAMES = ("dW1", "db1", "dW2", "db2")


def _two_layer_inputs():
    rng = np.random.default_rng(10)
    return tuple(rng.standard_normal(s) for s in ((5, 3), (3, 4), (4,), (4, 2), (2,), (5, 2)))


def _two_layer_mistakes(x, W1, b1, W2, b2, y):
    """[(what that mistake gives, message)]: each a slip in the hidden layer's (dW1, db1); dW2, db2 any."""
    h = np.tanh(x @ W1 + b1)
    dh = ((h @ W2 + b2) - y) / len(x) @ W2.T
    z = x @ W1 + b1
    hidden = lambda dz: (x.T @ dz, dz.sum(axis=0), ..., ...)  # noqa: E731
    return [
        (
            hidden(dh * (1 - z**2)),
            _(
                "this is still the code as given: the gradient check passes for dW2 "
                "and db2 but fails for dW1 and db1 — so the bug lies between ŷ and "
                "the hidden layer"
            ),
        ),
        (hidden(dh), _("tanh′ is missing: dz = dh ⊙ tanh′(z)")),
        (hidden(dh * (1 - h)), _("tanh′(z) = 1 − tanh(z)² = 1 − h²: the square is missing")),
    ]


def _two_layer_numerical(x, W1, b1, W2, b2, y):
    """(dW1, db1, dW2, db2) by finite differences of the loss."""

    def loss():
        y_hat = np.tanh(x @ W1 + b1) @ W2 + b2
        return float(np.sum((y_hat - y) ** 2) / (2 * len(x)))

    return tuple(numerical_gradient(loss, p) for p in (W1, b1, W2, b2))


def _two_layer_arrays(answer):
    """The four gradients as float arrays of their parameters' shapes (AnswerError otherwise)."""
    shapes = ((3, 4), (4,), (4, 2), (2,))
    return tuple(array_answer(n, a, s) for n, a, s in zip(NAMES, parts(answer, NAMES), shapes))


def _gradient_checks(names, mine, numeric):
    """AnswerError naming every part that fails the gradient check (relative error ≥ 1e-6) and every one
    that passes."""
    errors = {name: rel_error(m, n) for name, m, n in zip(names, mine, numeric)}
    wrong = [name for name, e in errors.items() if not e < 1e-6]
    failing = ", ".join(_("{name} (relative error {err:.2g})").format(name=n, err=errors[n]) for n in wrong)
    passing = ", ".join(n for n in names if n not in wrong)
    assert passing, _("the gradient check fails for {failing} and passes for none").format(failing=failing)
    assert not wrong, _("the gradient check fails for {failing} and passes for {passing}").format(
        failing=failing, passing=passing
    )


fix_two_layer = FunctionExercise(
    N_("find the bug in a backward pass"),
    two_layer_grads,
    _two_layer_inputs,
    N_(
        "Run the gradient check and see which parameters fail: the bug sits between the last "
        "parameter that passes and the first that fails. Check each local derivative there."
    ),
    N_("all four gradients pass the gradient check"),
    mistakes=_two_layer_mistakes,
    name=NAMES,
    result=_two_layer_arrays,
    expected=_two_layer_numerical,
    compare_all=_gradient_checks,
    shapes="x (5, 3), W1 (3, 4), W2 (4, 2), y (5, 2)",
)


# -- build the autograd: a topological order --------------------------------------------------------------


def _diamond():
    """(out,) with out = tanh(x·y)·exp(x·y) + x: a = x·y feeds two values, and so does x."""
    x, y = Value(0.5, label="x"), Value(-1.5, label="y")
    a = x * y
    b, c = a.tanh(), a.exp()
    d = b * c
    out = d + x
    for v, name in ((a, "a"), (b, "b"), (c, "c"), (d, "d"), (out, "out")):
        v.label = name
    return (out,)


def _order_without_seen(root):
    order = []

    def visit(v):
        for parent in v.parents:
            visit(parent)
        order.append(v)

    visit(root)
    return order


def _order_parents_after(root):
    order, seen = [], set()

    def visit(v):
        if v not in seen:
            seen.add(v)
            order.append(v)
            for parent in v.parents:
                visit(parent)

    visit(root)
    return order


def _gradients_along(order, root):
    """{label: grad} after the backward pass of Value.backward run along `order` (output last)."""
    for v in order:
        v.grad = 0.0
    root.grad = 1.0
    for v in reversed(order):
        for parent, local in zip(v.parents, v.local):
            parent.grad += local * v.grad
    return {v.label: v.grad for v in order}


def _valid_order(name, got, want):
    """AnswerError unless `got` lists every value of `want` (the reference's order) once, each after its
    parents; then backward() along it must give the reference's gradients."""
    if not (isinstance(got, (list, tuple)) and all(isinstance(v, Value) for v in got)):
        raise AnswerError(
            _("return a list of the Values, inputs first (got {type})").format(type=type(got).__name__)
        )
    missing = [v.label for v in want if v not in got]
    if missing:
        raise AnswerError(
            _(
                "your order leaves out {names}: every value the output depends on must be in it "
                "(visit each value's parents, and theirs)"
            ).format(names=", ".join(missing))
        )
    twice = [v.label for v in want if got.count(v) > 1]
    if twice:
        raise AnswerError(
            _("{names} appear more than once: backward would pass their gradient on once per copy").format(
                names=", ".join(twice)
            )
        )
    place = {v: i for i, v in enumerate(got)}
    for v in got:
        for parent in v.parents:
            if place[parent] > place[v]:
                raise AnswerError(
                    _("{value} comes before its parent {parent}: list a value after all its parents").format(
                        value=v.label, parent=parent.label
                    )
                )
    root = want[-1]
    mine, right = _gradients_along(got, root), _gradients_along(want, root)
    assert mine == right, _("backward along your order gives {mine}, not {right}").format(
        mine=mine, right=right
    )


autograd_order = FunctionExercise(
    N_("a topological order"),
    topological_order,
    _diamond,
    N_(
        "Walk depth-first from the output to its parents; append a value only once all its parents are "
        "in the list, and keep a set of the values already visited, so that a value used twice is listed "
        "once."
    ),
    N_("every value once, each after its parents: backward() along your order gives the engine's gradients"),
    name=N_("your order"),
    library=("topological_order",),
    compare=_valid_order,
    mistakes=[
        (
            _order_without_seen,
            N_(
                "a, x and y appear more than once: a feeds two values (tanh and exp) and x two more, and "
                "without a set of the values already visited the walk lists a value once per path to it — "
                "backward would then pass its gradient on once per copy"
            ),
        ),
        (
            _order_parents_after,
            N_(
                "you append a value before its parents, so the output comes first: append it after the loop "
                "over its parents, so that each value follows everything it is computed from"
            ),
        ),
        (
            lambda root: topological_order(root)[::-1],
            N_(
                "that is the order backward() walks, output first: return it inputs first (backward "
                "reverses it)"
            ),
        ),
    ],
)
