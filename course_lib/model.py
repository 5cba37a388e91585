"""The model container: layers applied one after another, and a builder for fully connected nets.

    Sequential([Linear(289, 20, rng), Sigmoid(), Linear(20, 26, rng), Sigmoid()])

`forward` runs the layers in order; `backward` runs their backward passes in reverse order, each
turning dL/d(its output) into dL/d(its input) — backpropagation (反向传播) is nothing more.
"""

import os
import re
import zipfile

import numpy as np

from .activations import ACTIVATIONS, make_activation
from .errors import ConfigError, ModelFileError, ShapeError, one_of, path_like, whole_number
from .i18n import _
from .init import as_generator
from .layers import Layer, Linear, as_numbers


def not_an_instance(obj, example):
    """The hint for a class passed where an object is needed (`cl.ReLU` for `cl.ReLU()`), else ''."""
    return _(": pass an instance, {example}").format(example=example) if isinstance(obj, type) else ""


class Sequential:
    """A chain of layers. Shapes: whatever the first layer takes → whatever the last layer gives."""

    def __init__(self, layers):
        if isinstance(layers, Layer) or not hasattr(layers, "__iter__"):
            raise ConfigError(
                _("Sequential takes a list of layers, e.g. cl.Sequential([layer]), got {layers}").format(
                    layers=repr(layers)
                )
            )
        layers = list(layers)
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                name = layer.__name__ if isinstance(layer, type) else type(layer).__name__
                raise ConfigError(
                    _("Sequential: item {number} is {name}, not a layer").format(number=i + 1, name=name)
                    + not_an_instance(layer, f"cl.{name}(...)")
                )
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
            raise ShapeError(_("predict needs a batch of inputs, shape (N, ...), got {x}").format(x=repr(x)))
        return (
            np.concatenate(
                [self.forward(x[i : i + batch_size]).argmax(axis=1) for i in range(0, len(x), batch_size)]
            )
            if len(x)
            else np.zeros(0, np.int64)
        )

    def param_layers(self):
        """The layers that have parameters, in order from input to output."""
        return [layer for layer in self.layers if layer.params]

    def num_params(self):
        return sum(p.size for layer in self.layers for p in layer.params.values())

    # -- saving and loading ---------------------------------------------------------------------
    def state_dict(self):
        """{"<layer index>.<name>": array}, copies of every parameter."""
        return {f"{i}.{k}": v.copy() for i, layer in enumerate(self.layers) for k, v in layer.params.items()}

    def load_state_dict(self, state, source=None):
        """Copy parameters in place from `state`; raises ShapeError, saying where the architectures differ,
        if they do. `source` names `state` in the message (translated; by default "the saved parameters")."""
        if source is None:
            source = _("the saved parameters")
        mine = {f"{i}.{k}": (layer, k) for i, layer in enumerate(self.layers) for k in layer.params}
        if set(state) != set(mine):
            raise ShapeError(
                _(
                    "{source} do not match this model: they hold parameters for layers {theirs}, "
                    "this model has parameters in layers {mine}; "
                    "build the model exactly as it was when saved (same layers, same sizes)"
                ).format(source=source, theirs=_layer_numbers(state), mine=_layer_numbers(mine))
            )
        for key, (layer, k) in mine.items():
            saved = np.shape(state[key])
            if saved != layer.params[k].shape:
                number = int(key.split(".")[0]) + 1
                raise ShapeError(
                    _(
                        "{source} do not match this model: layer {number} ({layer}): "
                        "saved {name} has shape {saved}, this model needs {needed}; "
                        "build the model exactly as it was when saved (same layers, same sizes)"
                    ).format(
                        source=source,
                        number=number,
                        layer=layer,
                        name=k,
                        saved=saved,
                        needed=layer.params[k].shape,
                    )
                )
        for key, (layer, k) in mine.items():
            layer.params[k][...] = state[key]

    def save(self, path):
        """Save the parameters to an .npz file (plain arrays, no pickle); ".npz" is added to a name
        without it.

        The file is written beside the target under a temporary name and then renamed over it, so a save
        that fails (a full disk) or is interrupted (■) leaves an earlier model at `path` as it was. Weights
        that are NaN or infinite (a run that diverged) are refused: they would overwrite a good model with a
        broken one. Returns the path written."""
        path = _model_path(path, "save")
        if path.is_dir():
            raise ModelFileError(
                _(
                    "cannot save the model to {path}: it is a folder; "
                    "give a file name inside it, e.g. {example}"
                ).format(path=path, example=path / "model.npz")
            )
        state = self.state_dict()
        broken = [key for key, value in state.items() if not np.all(np.isfinite(value))]
        if broken:
            raise ModelFileError(
                _(
                    "the model's weights hold NaN or inf (parameter {parameter}), so it is not saved to "
                    "{path}: rebuild the model and train it again, with a smaller learning rate if the run "
                    "diverged"
                ).format(parameter=_parameter_name(broken[0]), path=path)
            )
        tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
        try:
            with open(tmp, "wb") as f:
                np.savez(f, **state)
            os.replace(tmp, path)  # atomic: the old file or the new one, never half of one
        except OSError as e:
            raise ModelFileError(
                _(
                    "cannot save the model to {path}: {reason}; choose a file name in "
                    "a folder that exists and can be written, on a disk with room"
                ).format(path=path, reason=e.strerror or e)
            ) from None
        finally:
            tmp.unlink(missing_ok=True)  # only left if the write failed or was interrupted
        return path

    def load(self, path):
        """Load parameters saved by `save` into this model (which must have the same architecture)."""
        path = _saved_file(_model_path(path, "load"))
        arrays = _read_arrays(path, empty_ok=not self.num_params())
        self.load_state_dict(arrays, source=_("the parameters in {path}").format(path=path))
        return self

    def __repr__(self):
        return "Sequential(" + " → ".join(repr(layer) for layer in self.layers) + ")"


def _layer_numbers(keys):
    """The 1-based layer numbers in state-dict keys "<index>.<name>" (a key of another form is shown as
    it is)."""
    index = {key: key.split(".")[0] for key in keys}
    numbered = sorted({int(i) + 1 for i in index.values() if i.isdigit()})
    return numbered + sorted(k for k, i in index.items() if not i.isdigit())


def _model_path(path, verb):
    """`path` as a Path with ".npz" at the end (as np.savez would add it); ConfigError for what is not a
    file name."""
    path = path_like(path, _("give a file name such as 'letters.npz'"), where=f"model.{verb}")
    if path.suffix == ".npz" or path.is_dir() or path.exists():
        return path
    return path.with_name(path.name + ".npz")


def _parameter_name(key):
    """ "0.W" → "W of layer 1"."""
    index, name = key.split(".", 1)
    return _("{name} of layer {number}").format(name=name, number=int(index) + 1) if index.isdigit() else key


def _saved_file(path):
    """The file `save(path)` wrote, checked to be a regular file."""
    if path.is_dir():
        raise ModelFileError(
            _("{path} is a folder, not a saved model: give the file name model.save(...) wrote").format(
                path=path
            )
        )
    if not path.exists():
        raise ModelFileError(
            _(
                "there is no saved model at {path}: check the name, or save one first with model.save(...)"
            ).format(path=path)
        )
    if not path.is_file():  # a fifo or a device would block or never end
        raise ModelFileError(
            _(
                "{path} is not a regular file, so it is not read: give the file name model.save(...) wrote"
            ).format(path=path)
        )
    return path


MAX_PARAMETER_BYTES = 2**30  # a course model's parameters are a few MB; a header may not promise more


def _read_arrays(path, empty_ok=False):
    """{name: float array} from an .npz written by `save`; ModelFileError saying what is wrong with anything
    else (not a zip of arrays, pickled objects, arrays of text or records, sizes no model has, NaN or inf,
    arrays not named as `save` names them, no arrays at all unless `empty_ok`)."""

    def damaged(why):  # `why` comes translated
        return ModelFileError(
            _("{path} is not a saved model ({why}): save it again with model.save(...)").format(
                path=path, why=why
            )
        )

    def not_saved(why):  # a good file of another kind: saving again won't help
        return ModelFileError(
            _(
                "{path} is not a file written by model.save ({why}): give the file model.save "
                "wrote; arrays saved with np.savez are read with np.load"
            ).format(path=path, why=why)
        )

    pickled = _(
        "{path} holds pickled Python objects, which are refused because loading a pickle can run any "
        "code: save the model with model.save(...), which writes plain arrays"
    ).format(path=path)
    try:
        with open(path, "rb") as f:
            head = f.read(6)
    except OSError as e:
        raise ModelFileError(
            _("cannot read {path}: {reason}; check that the file can be read").format(
                path=path, reason=e.strerror or e
            )
        ) from None
    if not head:
        raise damaged(_("empty"))
    if head.startswith(b"\x80"):  # every pickle since protocol 2 starts with 0x80
        raise ModelFileError(pickled)
    if not head.startswith(b"PK"):  # an .npz is a zip archive
        if head == b"\x93NUMPY":
            raise damaged(_("a single array written by np.save"))
        raise damaged(_("not a zip of arrays"))
    try:
        with zipfile.ZipFile(path) as archive:  # read each array's header before its data
            for member in archive.namelist():
                if not member.endswith(".npy"):
                    raise not_saved(
                        _("a zip archive, and {member} in it is not an array").format(member=member)
                    )
                with archive.open(member) as f:
                    version = np.lib.format.read_magic(f)
                    read_header = {
                        (1, 0): np.lib.format.read_array_header_1_0,
                        (2, 0): np.lib.format.read_array_header_2_0,
                    }.get(version)
                    if read_header is None:
                        raise damaged(
                            _("{member} is in array format {version}, which save never writes").format(
                                member=member, version=version
                            )
                        )
                    shape, _order, dtype = read_header(f)
                if dtype.hasobject:
                    raise ModelFileError(pickled)
                if dtype.kind != "f":
                    raise damaged(
                        _("{member} holds {dtype} values, not numbers with a fraction").format(
                            member=member, dtype=dtype
                        )
                    )
                if int(np.prod(shape, dtype=object)) * dtype.itemsize > MAX_PARAMETER_BYTES:
                    raise damaged(
                        _("{member} says it holds {shape} values, more than any model here has").format(
                            member=member, shape=shape
                        )
                    )
        with np.load(path, allow_pickle=False) as f:
            arrays = {k: f[k] for k in f.files}
    except ModelFileError:
        raise
    except ValueError as e:
        if "allow_pickle" in str(e):  # an .npz of object arrays
            raise ModelFileError(pickled) from None
        raise damaged(_("damaged")) from None
    except (zipfile.BadZipFile, EOFError, OSError, KeyError):
        raise damaged(_("damaged or cut short")) from None
    if not arrays and not empty_ok:  # save of a model without parameters writes none
        raise not_saved(_("it holds no arrays"))
    foreign = [key for key in arrays if not re.fullmatch(r"\d+\.\w+", key)]  # save writes "0.W", "0.b", …
    if foreign:
        names = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "")
        raise not_saved(
            _("it holds arrays named {names}; model.save names them 0.W, 0.b, …").format(names=names)
        )
    broken = [key for key, value in arrays.items() if not np.all(np.isfinite(value))]
    if broken:
        raise damaged(
            _("{parameter} holds NaN or inf").format(
                parameter=_parameter_name(broken[0].removesuffix(".npy"))
            )
        )
    return arrays


def mlp(sizes, activation="sigmoid", init="seed", rng=None, output_activation="same", dtype=np.float32):
    """A fully connected network: Linear, activation, Linear, activation, …

    Args:
        sizes: layer widths from input to output, e.g. (289, 20, 26) builds 289-20-26.
        activation: name of the hidden activation ("sigmoid", "tanh", "relu", "leaky_relu", "elu").
        init: weight initialisation name (see `course_lib.init`).
        rng: numpy Generator or an int seed.
        output_activation: "same" (the letters lab's nets end in a Sigmoid too), None for raw logits
            (to pair with a loss that takes logits), or an activation name.
        dtype: np.float32 to train, np.float64 for gradient checks.
    Returns:
        Sequential with len(sizes) − 1 dense layers.
    """
    if not isinstance(sizes, (list, tuple, np.ndarray)):
        raise ConfigError(
            _("mlp: sizes must be a list of layer widths such as (289, 20, 26), got {sizes}").format(
                sizes=repr(sizes)
            )
        )
    if len(sizes) < 2:
        raise ConfigError(
            _("a network needs at least an input and an output size (depth ≥ 1), got sizes={sizes}").format(
                sizes=sizes
            )
        )
    each = _("every layer size (sizes={sizes})").format(sizes=list(sizes))
    sizes = [whole_number(s, each, 1, where="mlp") for s in sizes]
    one_of(activation, _("activation"), ACTIVATIONS)

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
