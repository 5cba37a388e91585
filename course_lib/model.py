"""The model container: layers applied one after another, and a builder for fully connected nets.

    Sequential([Linear(289, 20, rng), Sigmoid(), Linear(20, 26, rng), Sigmoid()])

`forward` runs the layers in order; `backward` runs their backward passes in reverse order, each
turning dL/d(its output) into dL/d(its input) — backpropagation (反向传播) is nothing more.
"""
import zipfile
from pathlib import Path

import numpy as np

from .activations import ACTIVATIONS, make_activation
from .errors import ConfigError, ModelFileError, ShapeError, one_of, whole_number
from .init import as_generator
from .layers import Layer, Linear, as_numbers


def not_an_instance(obj, example):
    """The hint for a class passed where an object is needed (`cl.ReLU` for `cl.ReLU()`), else ''."""
    return f": pass an instance, {example}" if isinstance(obj, type) else ""


class Sequential:
    """A chain of layers. Shapes: whatever the first layer takes → whatever the last layer gives."""

    def __init__(self, layers):
        if isinstance(layers, Layer) or not hasattr(layers, "__iter__"):
            raise ConfigError(f"Sequential takes a list of layers, e.g. cl.Sequential([layer]), "
                              f"got {layers!r}")
        layers = list(layers)
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                name = layer.__name__ if isinstance(layer, type) else type(layer).__name__
                raise ConfigError(f"Sequential: item {i + 1} is {name}, not a layer"
                                  + not_an_instance(layer, f"cl.{name}(...)"))
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
        x = as_numbers(x, "predict: x")
        batch_size = whole_number(batch_size, "batch_size", 1, where="predict")
        if x.ndim == 0:
            raise ShapeError(f"predict needs a batch of inputs, shape (N, ...), got {x!r}")
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

    def load_state_dict(self, state, source="the saved parameters"):
        """Copy parameters in place from `state`; raises ShapeError, saying where the architectures differ,
        if they do."""
        mine = {f"{i}.{k}": (layer, k) for i, layer in enumerate(self.layers) for k in layer.params}
        fix = "build the model exactly as it was when saved (same layers, same sizes)"
        if set(state) != set(mine):
            raise ShapeError(f"{source} do not match this model: they hold parameters for layers "
                             f"{_layer_numbers(state)}, this model has parameters in layers "
                             f"{_layer_numbers(mine)}; {fix}")
        for key, (layer, k) in mine.items():
            saved = np.shape(state[key])
            if saved != layer.params[k].shape:
                number = int(key.split('.')[0]) + 1
                raise ShapeError(f"{source} do not match this model: layer {number} ({layer}): "
                                 f"saved {k} has shape {saved}, this model needs {layer.params[k].shape}; "
                                 f"{fix}")
        for key, (layer, k) in mine.items():
            layer.params[k][...] = state[key]

    def save(self, path):
        """Save the parameters to an .npz file (plain arrays, no pickle); np.savez adds .npz to a bare
        name."""
        try:
            np.savez(path, **self.state_dict())
        except OSError as e:
            raise ModelFileError(f"cannot save the model to {path}: {e.strerror or e}; "
                                 "choose a file name in a folder that exists") from None

    def load(self, path):
        """Load parameters saved by `save` into this model (which must have the same architecture)."""
        path = _saved_file(path)
        self.load_state_dict(_read_arrays(path), source=f"the parameters in {path}")
        return self

    def __repr__(self):
        return "Sequential(" + " → ".join(repr(layer) for layer in self.layers) + ")"


def _layer_numbers(keys):
    """The 1-based layer numbers in state-dict keys "<index>.<name>" (a key of another form is shown as
    it is)."""
    index = {key: key.split(".")[0] for key in keys}
    numbered = sorted({int(i) + 1 for i in index.values() if i.isdigit()})
    return numbered + sorted(k for k, i in index.items() if not i.isdigit())


def _saved_file(path):
    """The file `save(path)` wrote: `path` itself, or `path` + ".npz" (np.savez adds it to a bare name)."""
    path = Path(path)
    with_npz = path.with_name(path.name + ".npz")
    if not path.exists() and with_npz.exists():
        return with_npz
    if path.is_dir():
        raise ModelFileError(f"{path} is a folder, not a saved model: give the file name "
                             "model.save(...) wrote")
    if not path.exists():
        raise ModelFileError(f"there is no saved model at {path}: check the name, or save one first "
                             "with model.save(...)")
    return path


def _read_arrays(path):
    """{name: array} from an .npz written by `save`; ModelFileError saying what is wrong with anything
    else."""
    def damaged(why):
        return ModelFileError(f"{path} is not a saved model ({why}): save it again with model.save(...)")
    pickled = (f"{path} holds pickled Python objects, which are refused because loading a pickle can run any "
               "code: save the model with model.save(...), which writes plain arrays")
    with open(path, "rb") as f:
        head = f.read(6)
    if not head:
        raise damaged("empty")
    if head.startswith(b"\x80"):                       # every pickle since protocol 2 starts with 0x80
        raise ModelFileError(pickled)
    if not head.startswith(b"PK"):                      # an .npz is a zip archive
        what = "a single array written by np.save" if head == b"\x93NUMPY" else "not a zip of arrays"
        raise damaged(what)
    try:
        with np.load(path, allow_pickle=False) as f:
            return {k: f[k] for k in f.files}
    except ValueError as e:
        if "allow_pickle" in str(e):                    # an .npz of object arrays
            raise ModelFileError(pickled) from None
        raise damaged("damaged") from None
    except (zipfile.BadZipFile, EOFError, OSError, KeyError):
        raise damaged("damaged or cut short") from None


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
    if not isinstance(sizes, (list, tuple, np.ndarray)):
        raise ConfigError(f"mlp: sizes must be a list of layer widths such as (289, 20, 26), got {sizes!r}")
    if len(sizes) < 2:
        raise ConfigError(f"a network needs at least an input and an output size (depth ≥ 1), "
                          f"got sizes={sizes}")
    sizes = [whole_number(s, f"every layer size (sizes={list(sizes)})", 1, where="mlp") for s in sizes]
    one_of(activation, "activation", ACTIVATIONS)
    if output_activation is not None and output_activation != "same":
        one_of(output_activation, "output_activation", ("same", None) + tuple(ACTIVATIONS))
    rng = as_generator(rng, where="mlp")
    out_act = activation if output_activation == "same" else output_activation
    layers = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(Linear(int(fan_in), int(fan_out), rng, init=init, dtype=dtype))
        last = i == len(sizes) - 2
        act = out_act if last else activation
        if act is not None:
            layers.append(make_activation(act))
    return Sequential(layers)
