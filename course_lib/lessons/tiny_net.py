"""A 2-2-1 sigmoid network worked out by hand, value by value (notebook 03's stepper).

    z1 = w1 x1 + w2 x2 + b1     a1 = σ(z1)
    z2 = w3 x1 + w4 x2 + b2     a2 = σ(z2)
    z3 = w5 a1 + w6 a2 + b3     ŷ  = σ(z3)          C = ½ (ŷ − y)²       (ŷ the output, y the label)

Backward, with the sensitivities δ = ∂C/∂z of lecture `000`:

    δ3 = (ŷ − y) σ′(z3)
    δ1 = σ′(z1) w5 δ3,   δ2 = σ′(z2) w6 δ3          (chain rule, case 1, through a1 and a2)
    ∂C/∂w5 = a1 δ3, ∂C/∂w6 = a2 δ3, ∂C/∂b3 = δ3,   ∂C/∂w1 = x1 δ1, ∂C/∂w2 = x2 δ1, …

`steps()` lists every quantity in the order the two passes compute it, so a widget can reveal them
one at a time; `as_layers()` builds the same network from course_lib layers to check the hand-made
numbers against the library, and `as_values()` from the scalar autograd's Values (lessons.autograd).
The values keep the letters lab's short keys in code, "y" for the output and "t" for the target;
`shown_as` gives the course's names for them, ŷ for the output and y for the label.
"""

import numpy as np

from ..activations import Sigmoid, sigmoid
from ..errors import ConfigError, finite_number, one_of
from ..i18n import _
from ..layers import Linear
from ..model import Sequential
from .autograd import Value

SHOWN_AS = {"y": "ŷ", "t": "y"}
DEFAULT = {
    "x1": 1.0,
    "x2": -0.5,
    "t": 1.0,
    "w1": 0.4,
    "w2": -0.6,
    "b1": 0.1,
    "w3": 0.7,
    "w4": 0.2,
    "b2": -0.3,
    "w5": 1.2,
    "w6": -0.8,
    "b3": 0.05,
}


def _values(p, where):
    """DEFAULT with the values in `p` changed (each a finite number; an unknown name is a ConfigError)."""
    if not isinstance(p, dict):
        raise ConfigError(
            _("{where}: give the values as a dict such as {{'x1': 1.0, 'w1': 0.4}}, got {type}").format(
                where=where, type=type(p).__name__
            )
        )
    for name in p:
        one_of(name, _("value name"), tuple(DEFAULT), where)
    return {**DEFAULT, **{name: finite_number(value, name, where) for name, value in p.items()}}


def shown_as(name):
    """The name the notebook shows for a value key: ŷ for the output "y", y for the target "t"."""
    return SHOWN_AS.get(name, name)


def steps(p=DEFAULT):
    """[(name, value, how it was computed), …] for the forward pass, then the backward pass.
    p: the inputs, target and weights (any left out keep their DEFAULT value)."""
    v = _values(p, "steps")
    out = []

    def put(name, value, how):
        v[name] = float(value)
        out.append((name, float(value), how))

    put("z1", v["w1"] * v["x1"] + v["w2"] * v["x2"] + v["b1"], "w1·x1 + w2·x2 + b1")
    put("a1", sigmoid(v["z1"]), "σ(z1)")
    put("z2", v["w3"] * v["x1"] + v["w4"] * v["x2"] + v["b2"], "w3·x1 + w4·x2 + b2")
    put("a2", sigmoid(v["z2"]), "σ(z2)")
    put("z3", v["w5"] * v["a1"] + v["w6"] * v["a2"] + v["b3"], "w5·a1 + w6·a2 + b3")
    put("y", sigmoid(v["z3"]), "σ(z3)")
    put("C", 0.5 * (v["y"] - v["t"]) ** 2, "½(ŷ − y)²")
    put("δ3", (v["y"] - v["t"]) * v["y"] * (1 - v["y"]), "(ŷ − y)·σ′(z3)")
    put("∂C/∂w5", v["a1"] * v["δ3"], "a1·δ3")
    put("∂C/∂w6", v["a2"] * v["δ3"], "a2·δ3")
    put("δ1", v["a1"] * (1 - v["a1"]) * v["w5"] * v["δ3"], "σ′(z1)·w5·δ3")
    put("δ2", v["a2"] * (1 - v["a2"]) * v["w6"] * v["δ3"], "σ′(z2)·w6·δ3")
    put("∂C/∂w1", v["x1"] * v["δ1"], "x1·δ1")
    put("∂C/∂w2", v["x2"] * v["δ1"], "x2·δ1")
    put("∂C/∂w3", v["x1"] * v["δ2"], "x1·δ2")
    put("∂C/∂w4", v["x2"] * v["δ2"], "x2·δ2")
    return out


def as_layers(p=DEFAULT):
    """The same network as Linear(2 → 2) → Sigmoid → Linear(2 → 1) → Sigmoid, float64."""
    p = _values(p, "as_layers")
    rng = np.random.default_rng(0)
    l1, l2 = Linear(2, 2, rng, dtype=np.float64), Linear(2, 1, rng, dtype=np.float64)
    l1.params["W"][...] = [[p["w1"], p["w3"]], [p["w2"], p["w4"]]]
    l1.params["b"][...] = [p["b1"], p["b2"]]
    l2.params["W"][...] = [[p["w5"]], [p["w6"]]]
    l2.params["b"][...] = [p["b3"]]
    return Sequential([l1, Sigmoid(), l2, Sigmoid()])


def as_values(p=DEFAULT):
    """The same network, value by value, from autograd Values: {name: Value} for every input, weight and
    z, a, ŷ ("y") and C of the module docstring; C.backward() fills each one's grad with ∂C/∂(it)."""
    v = {name: Value(x, label=name) for name, x in _values(p, "as_values").items()}
    v["z1"] = v["w1"] * v["x1"] + v["w2"] * v["x2"] + v["b1"]
    v["z2"] = v["w3"] * v["x1"] + v["w4"] * v["x2"] + v["b2"]
    v["a1"], v["a2"] = v["z1"].sigmoid(), v["z2"].sigmoid()
    v["z3"] = v["w5"] * v["a1"] + v["w6"] * v["a2"] + v["b3"]
    v["y"] = v["z3"].sigmoid()
    v["C"] = 0.5 * (v["y"] - v["t"]) ** 2
    return v
