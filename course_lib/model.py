"""The model container: layers applied one after another, and a builder for fully connected nets.

    Sequential([Linear(289, 20, rng), Sigmoid(), Linear(20, 26, rng), Sigmoid()])

`forward` runs the layers in order; `backward` runs their backward passes in reverse order, each
turning dL/d(its output) into dL/d(its input) — backpropagation (反向传播) is nothing more.
"""
import numpy as np

from .activations import ACTIVATIONS, make_activation
from .errors import ConfigError, ShapeError
from .layers import Layer, Linear


class Sequential:
    """A chain of layers. Shapes: whatever the first layer takes → whatever the last layer gives."""

    def __init__(self, layers):
        layers = list(layers)
        for layer in layers:
            if not isinstance(layer, Layer):
                raise ConfigError(f"Sequential takes layers, got {type(layer).__name__}")
        self.layers = layers

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    __call__ = forward

    def backward(self, dout, need_dx=True):
        """Backpropagate dL/d(output) through every layer; returns dL/d(input) (None if need_dx=False,
        which the Trainer uses: the input is data, so its gradient is wasted work)."""
        for i, layer in enumerate(reversed(self.layers)):
            first = i == len(self.layers) - 1
            dout = layer.backward(dout, need_dx=need_dx or not first)
        return dout

    def train(self, mode=True):
        """Training mode (dropout active, batch statistics); returns self."""
        for layer in self.layers:
            layer.training = mode
        return self

    def eval(self):
        """Evaluation mode (dropout off, running statistics); returns self."""
        return self.train(False)

    def predict(self, x, batch_size=10_000):
        """Class index of the largest output for each row of x: (N, D) → (N,) int64."""
        return np.concatenate([self.forward(x[i:i + batch_size]).argmax(axis=1)
                               for i in range(0, len(x), batch_size)]) if len(x) else np.zeros(0, np.int64)

    def param_layers(self):
        """The layers that have parameters, in order from input to output."""
        return [layer for layer in self.layers if layer.params]

    def num_params(self):
        return sum(p.size for layer in self.layers for p in layer.params.values())

    # -- saving and loading ---------------------------------------------------------------------
    def state_dict(self):
        """{"<layer index>.<name>": array}, copies of every parameter."""
        return {f"{i}.{k}": v.copy() for i, layer in enumerate(self.layers) for k, v in layer.params.items()}

    def load_state_dict(self, state):
        """Copy parameters in place from `state`; raises ShapeError if the architecture does not match."""
        mine = {f"{i}.{k}": (layer, k) for i, layer in enumerate(self.layers) for k in layer.params}
        if set(state) != set(mine):
            raise ShapeError(f"saved parameters {sorted(state)} do not match this model's {sorted(mine)}")
        for key, (layer, k) in mine.items():
            if state[key].shape != layer.params[k].shape:
                raise ShapeError(f"{layer}: saved {k} has shape {state[key].shape}, "
                                 f"this model needs {layer.params[k].shape}")
        for key, (layer, k) in mine.items():
            layer.params[k][...] = state[key]

    def save(self, path):
        """Save the parameters to an .npz file (plain arrays, no pickle)."""
        np.savez(path, **self.state_dict())

    def load(self, path):
        """Load parameters saved by `save` into this model (which must have the same architecture)."""
        with np.load(path, allow_pickle=False) as f:
            self.load_state_dict({k: f[k] for k in f.files})
        return self

    def __repr__(self):
        return "Sequential(" + " → ".join(repr(layer) for layer in self.layers) + ")"


def mlp(sizes, activation="sigmoid", init="seed", rng=None, output_activation="same", dtype=np.float32):
    """A fully connected network: Linear, activation, Linear, activation, …

    Args:
        sizes: layer widths from input to output, e.g. (289, 20, 26) builds 289-20-26.
        activation: name of the hidden activation ("sigmoid", "tanh", "relu", "leaky_relu", "elu").
        init: weight initialisation name (see `course_lib.init`).
        rng: numpy Generator or an int seed.
        output_activation: "same" (the seed lab's nets end in a Sigmoid too), None for raw logits
            (to pair with a loss that takes logits), or an activation name.
        dtype: np.float32 to train, np.float64 for gradient checks.
    Returns:
        Sequential with len(sizes) − 1 dense layers.
    """
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ConfigError(f"a network needs at least an input and an output size (depth ≥ 1), got sizes={sizes}")
    if any(int(s) != s or s < 1 for s in sizes):
        raise ConfigError(f"layer sizes must be positive integers, got {sizes}")
    if activation not in ACTIVATIONS:
        raise ConfigError(f"unknown activation {activation!r}; choose one of {', '.join(ACTIVATIONS)}")
    rng = np.random.default_rng(rng) if not isinstance(rng, np.random.Generator) else rng
    out_act = activation if output_activation == "same" else output_activation
    layers = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(Linear(int(fan_in), int(fan_out), rng, init=init, dtype=dtype))
        last = i == len(sizes) - 2
        act = out_act if last else activation
        if act is not None:
            layers.append(make_activation(act))
    return Sequential(layers)
