"""Every plausible learner slip in the library's core gets one line that names the fix.

Each case below is something a learner can type: it must raise a `CourseError` (shown by the notebooks as
one red line), never a raw TypeError, IndexError or BadZipFile, and the message must say what to do. The
cases are grouped by where the slip happens: layers, model, losses, optimisers, Trainer, conv/pool/RNN,
data sets. Then the rules that watch a run (runaway loss, saturated layers) — including that they stay
quiet on healthy slow runs — and an interrupted fit.
"""

import io
import os
import pickle
import warnings
import zipfile

import numpy as np
import pytest

import course_lib as cl
from course_lib.datasets import (
    generate_letters,
    load_letters,
    make_line,
    make_toy,
    membrane_potential,
    recall_task,
    windows,
)
from course_lib.datasets import letters as L
from course_lib.datasets.photo import sample_photo
from course_lib.errors import (
    ConfigError,
    CourseError,
    CourseWarning,
    DataError,
    LabelError,
    ModelFileError,
    NotReadyError,
    ShapeError,
    TrainingDiverged,
    TrainingInterrupted,
)
from course_lib.lessons import through_time as tt
from course_lib.lessons.approx import fit_hard_sigmoids
from course_lib.lessons.depth import deep_sawtooth_net, sawtooth
from course_lib.lessons.descent import descend, line_grad, line_loss
from course_lib.lessons.gradient_by_depth import grad_norms_by_depth, param_grad_norms
from course_lib.lessons.kernels import apply_kernel
from course_lib.lessons.playground import Session
from course_lib.lessons.single_neuron import train_single_neuron
from course_lib.lessons.tiny_net import steps as tiny_steps
from course_lib.lstm_fast import FastLSTM
from course_lib.viz.diagrams import bptt_flow, unrolled_rnn
from course_lib.viz.live_plot import LivePlot
from course_lib.viz.plots import plot_grad_norms, plot_timeline, show_letters

R = np.random.default_rng(0)


def refused(make, error, says):
    """`make()` raises `error` (a CourseError) with a one-line message matching `says`."""
    with pytest.raises(error) as info:
        make()
    assert isinstance(info.value, CourseError)
    message = str(info.value)
    assert "\n" not in message, message
    assert info.match(says)


def case(name, make, error, says):
    return pytest.param(make, error, says, id=name)


# -- layers -------------------------------------------------------------------------------------------
def _after_forward(layer, x):
    layer.forward(x)
    return layer


LAYERS = [
    case(
        "Linear in_features 0",
        lambda: cl.Linear(0, 3, R),
        ConfigError,
        r"Linear: in_features must be a whole number ≥ 1, got 0",
    ),
    case(
        "Linear out_features 2.5",
        lambda: cl.Linear(3, 2.5, R),
        ConfigError,
        r"out_features must be a whole number",
    ),
    case(
        "Linear input None",
        lambda: cl.Linear(3, 2, R).forward(None),
        DataError,
        r"Linear\(3 → 2\): the input must be numbers, got None",
    ),
    case(
        "Linear input text",
        lambda: cl.Linear(3, 2, R).forward([["a", "b", "c"]]),
        DataError,
        r"must be numbers, got text such as 'a'",
    ),
    case(
        "Linear ragged list",
        lambda: cl.Linear(3, 2, R).forward([[1, 2, 3], [1]]),
        ShapeError,
        r"rows have different lengths",
    ),
    case(
        "Linear one sample",
        lambda: cl.Linear(3, 2, R).forward(np.zeros(3)),
        ShapeError,
        r"single sample use x\.reshape\(1, -1\)",
    ),
    case(
        "Linear images",
        lambda: cl.Linear(289, 20, R).forward(np.zeros((2, 17, 17))),
        ShapeError,
        r"flatten images first",
    ),
    case(
        "backward before forward",
        lambda: cl.Linear(3, 2, R).backward(np.zeros((1, 2))),
        NotReadyError,
        r"before forward\(\); run a forward pass first",
    ),
    case(
        "backward None",
        lambda: _after_forward(cl.Linear(3, 2, R), np.zeros((1, 3))).backward(None),
        ShapeError,
        r"expected dout of shape \(N, 2\)",
    ),
    case(
        "Sigmoid backward first",
        lambda: cl.Sigmoid().backward(np.zeros(3)),
        NotReadyError,
        r"Sigmoid\(\): backward\(\) called before forward",
    ),
    case(
        "LeakyReLU alpha None",
        lambda: cl.LeakyReLU(None),
        ConfigError,
        r"LeakyReLU: alpha must be a finite number ≥ 0, got None",
    ),
    case("ELU alpha -1", lambda: cl.ELU(-1), ConfigError, r"ELU: alpha must be a finite number > 0"),
    case(
        "unknown activation",
        lambda: cl.make_activation("softmax"),
        ConfigError,
        r"unknown activation 'softmax': choose one of 'sigmoid'",
    ),
    case(
        "Linear rng 0",
        lambda: cl.Linear(3, 2, 0),
        ConfigError,
        r"rng must be a numpy Generator, e\.g\. np\.random\.default_rng\(0\)",
    ),
    case(
        "unknown init",
        lambda: cl.Linear(3, 2, R, init="glorot"),
        ConfigError,
        r"unknown initialisation 'glorot': choose one of",
    ),
    case(
        "BatchNorm 0 features",
        lambda: cl.BatchNorm(0),
        ConfigError,
        r"BatchNorm: num_features must be a whole number ≥ 1",
    ),
    case(
        "BatchNorm momentum 2",
        lambda: cl.BatchNorm(3, momentum=2),
        ConfigError,
        r"momentum must be in \[0, 1\]",
    ),
    case(
        "BatchNorm one sample",
        lambda: cl.BatchNorm(3).forward(np.zeros((1, 3))),
        ShapeError,
        r"needs at least 2 values per feature.*model\.eval\(\)",
    ),
    case("Dropout p 1", lambda: cl.Dropout(1, R), ConfigError, r"Dropout: p .* must be in \[0, 1\)"),
    case(
        "Dropout p None",
        lambda: cl.Dropout(None, R),
        ConfigError,
        r"Dropout: p .* must be a finite number ≥ 0, got None",
    ),
    case("Dropout p -0.1", lambda: cl.Dropout(-0.1, R), ConfigError, r"Dropout: p"),
    case(
        "Dropout no rng",
        lambda: cl.Dropout(0.5, None),
        ConfigError,
        r"needs an rng \(np\.random\.default_rng\(seed\)\)",
    ),
    case(
        "gradcheck float32",
        lambda: cl.check_layer(cl.Linear(3, 2, R), np.zeros((2, 3))),
        ConfigError,
        r"float64.*dtype=np\.float64",
    ),
    case(
        "rel_error shapes",
        lambda: cl.rel_error(np.zeros(2), np.zeros(3)),
        ShapeError,
        r"same shape, got \(2,\) and \(3,\)",
    ),
]


@pytest.mark.parametrize("make, error, says", LAYERS)
def test_layers(make, error, says):
    refused(make, error, says)


# -- model: Sequential, mlp, saving and loading -------------------------------------------------------
MODEL = [
    case(
        "mlp sizes 289",
        lambda: cl.mlp(289),
        ConfigError,
        r"sizes must be a list of layer widths such as \(289, 20, 26\)",
    ),
    case("mlp one size", lambda: cl.mlp((289,)), ConfigError, r"at least an input and an output size"),
    case(
        "mlp size 2.5",
        lambda: cl.mlp((289, 2.5, 26)),
        ConfigError,
        r"every layer size .* must be a whole number ≥ 1, got 2\.5",
    ),
    case("mlp size 0", lambda: cl.mlp((289, 0, 26)), ConfigError, r"must be a whole number ≥ 1, got 0"),
    case("mlp activation", lambda: cl.mlp((3, 2), "sigmoidd"), ConfigError, r"unknown activation 'sigmoidd'"),
    case(
        "mlp output activation",
        lambda: cl.mlp((3, 2), output_activation="softmax"),
        ConfigError,
        r"unknown output_activation 'softmax'",
    ),
    case(
        "mlp rng text",
        lambda: cl.mlp((3, 2), rng="0"),
        ConfigError,
        r"mlp: rng .* must be a whole number ≥ 0, got '0'",
    ),
    case(
        "Sequential of one layer",
        lambda: cl.Sequential(cl.ReLU()),
        ConfigError,
        r"takes a list of layers, e.g\. cl\.Sequential\(\[layer\]\)",
    ),
    case(
        "Sequential of a class",
        lambda: cl.Sequential([cl.ReLU]),
        ConfigError,
        r"item 1 is ReLU, not a layer: pass an instance",
    ),
    case("Sequential of text", lambda: cl.Sequential(["relu"]), ConfigError, r"item 1 is str, not a layer"),
    case(
        "predict None",
        lambda: cl.mlp((3, 2), rng=0).predict(None),
        DataError,
        r"predict: x must be numbers, got None",
    ),
    case(
        "model backward first",
        lambda: cl.mlp((3, 2), rng=0).backward(np.zeros((1, 2))),
        NotReadyError,
        r"before forward",
    ),
]


@pytest.mark.parametrize("make, error, says", MODEL)
def test_model(make, error, says):
    refused(make, error, says)


def _write_truncated(path, good):
    path.write_bytes(good.read_bytes()[:200])


MODEL_FILES = {  # what is at path → (error, message)
    "empty": (
        lambda path, good: path.write_bytes(b""),
        ModelFileError,
        r"is not a saved model \(empty\): save it again with model\.save",
    ),
    "truncated": (
        _write_truncated,
        ModelFileError,
        r"is not a saved model \(damaged or cut short\): save it again",
    ),
    "garbled": (
        lambda path, good: path.write_bytes(b"hello" * 50),
        ModelFileError,
        r"is not a saved model .*save it again",
    ),
    "np.save array": (
        lambda path, good: (
            np.save(path.with_suffix(""), np.zeros(3)) or path.with_suffix(".npy").rename(path)
        ),
        ModelFileError,
        r"a single array written by np\.save",
    ),
    "pickled npz": (
        lambda path, good: np.savez(path, a=np.array([{}], dtype=object)),
        ModelFileError,
        r"pickled Python objects, which are refused because loading a pickle can run any code: save the model with model\.save",
    ),
    "plain pickle": (
        lambda path, good: path.write_bytes(pickle.dumps({"0.W": 1})),
        ModelFileError,
        r"pickled Python objects",
    ),
    "folder": (lambda path, good: path.mkdir(), ModelFileError, r"is a folder, not a saved model"),
    "nothing": (
        lambda path, good: None,
        ModelFileError,
        r"there is no saved model at .*save one first with model\.save",
    ),
    "other widths": (
        lambda path, good: cl.mlp((4, 5, 2), rng=0).save(path),
        ShapeError,
        r"layer 1 \(Linear\(4 → 3\)\): saved W has shape \(4, 5\), this model needs \(4, 3\); build the model exactly",
    ),
    "other depth": (
        lambda path, good: cl.mlp((4, 3, 3, 2), rng=0).save(path),
        ShapeError,
        r"they hold parameters for layers \[1, 3, 5\], this model has parameters in layers \[1, 3\]",
    ),
    "NaN weights": (
        lambda path, good: np.savez(
            path, **{**dict(np.load(good)), "0.W": np.full((4, 3), np.nan, np.float32)}
        ),
        ModelFileError,
        r"\(W of layer 1 holds NaN or inf\): save it again",
    ),
    "text values": (
        lambda path, good: np.savez(path, **{**dict(np.load(good)), "0.W": np.full((4, 3), "a")}),
        ModelFileError,
        r"0\.W\.npy holds <U1 values, not numbers with a fraction",
    ),
    "records": (
        lambda path, good: np.savez(path, **{**dict(np.load(good)), "0.W": np.zeros(3, "f4,i4")}),
        ModelFileError,
        r"holds .* values, not numbers with a fraction",
    ),
    "a header promising 7 TiB": (
        lambda path, good: _promise_7_tib(path, good),
        ModelFileError,
        r"says it holds \(1000000, 1000000, 2000\) values, more than any model here has",
    ),
    "a fifo": (
        lambda path, good: os.mkfifo(path),
        ModelFileError,
        r"is not a regular file, so it is not read",
    ),
}


def _promise_7_tib(path, good):
    """An .npz whose first array's header declares 2·10¹⁵ float32 values (7 TiB) over a few bytes of data."""
    header = np.lib.format.header_data_from_array_1_0(np.zeros(1, np.float32))
    header["shape"] = (1_000_000, 1_000_000, 2000)
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, header)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("0.W.npy", buffer.getvalue() + b"\0" * 16)


@pytest.mark.parametrize("what", MODEL_FILES)
def test_loading_a_model_file(tmp_path, what):
    write, error, says = MODEL_FILES[what]
    good = tmp_path / "good.npz"
    cl.mlp((4, 3, 2), rng=0).save(good)
    path = tmp_path / "net.npz"
    write(path, good)
    refused(lambda: cl.mlp((4, 3, 2), rng=1).load(path), error, says)


def test_save_without_npz_then_load_without_npz(tmp_path):
    model = cl.mlp((4, 3, 2), rng=0)
    model.save(tmp_path / "net")  # np.savez writes net.npz
    fresh = cl.mlp((4, 3, 2), rng=1).load(tmp_path / "net")
    np.testing.assert_array_equal(fresh.layers[0].params["W"], model.layers[0].params["W"])


@pytest.mark.parametrize("name", [None, 123, "", "  ", b"net.npz"])
def test_saving_needs_a_file_name(name):
    refused(
        lambda: cl.mlp((4, 2), rng=0).save(name),
        ConfigError,
        r"model\.save: give a file name such as 'letters\.npz'",
    )
    refused(lambda: cl.mlp((4, 2), rng=0).load(name), ConfigError, r"model\.load: give a file name")


def test_saving_to_a_folder_names_a_file_inside_it(tmp_path):
    refused(
        lambda: cl.mlp((4, 2), rng=0).save(tmp_path),
        ModelFileError,
        r"it is a folder; give a file name inside it",
    )
    assert list(tmp_path.iterdir()) == []


def test_a_diverged_model_is_not_saved_over_a_good_one(tmp_path):
    path = tmp_path / "net.npz"
    cl.mlp((4, 3, 2), rng=0).save(path)
    before = path.read_bytes()
    broken = cl.mlp((4, 3, 2), rng=1)
    broken.layers[2].params["b"][0] = np.inf
    refused(
        lambda: broken.save(path),
        ModelFileError,
        r"weights hold NaN or inf \(parameter b of layer 3\), so it is "
        r"not saved to .*: rebuild the model and train it again",
    )
    assert path.read_bytes() == before


@pytest.mark.parametrize("stop", [KeyboardInterrupt, OSError(28, "No space left on device")])
def test_a_save_that_stops_half_way_leaves_the_old_file_and_no_debris(tmp_path, monkeypatch, stop):
    path = tmp_path / "net.npz"
    cl.mlp((4, 3, 2), rng=0).save(path)
    before = path.read_bytes()

    def half_written(f, **arrays):
        f.write(b"PK half a zip")
        raise stop

    monkeypatch.setattr(np, "savez", half_written)
    if stop is KeyboardInterrupt:
        with pytest.raises(KeyboardInterrupt):
            cl.mlp((4, 3, 2), rng=1).save(path)
    else:
        refused(
            lambda: cl.mlp((4, 3, 2), rng=1).save(path),
            ModelFileError,
            r"No space left on device; .*on a disk with room",
        )
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["net.npz"]


def test_a_file_that_cannot_be_read_is_one_line(tmp_path, monkeypatch):
    path = tmp_path / "net.npz"
    cl.mlp((4, 3, 2), rng=0).save(path)
    real_open = open

    def refusing_open(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refusing_open)
    refused(
        lambda: cl.mlp((4, 3, 2), rng=1).load(path),
        ModelFileError,
        r"cannot read .*: Permission denied; check that",
    )


def test_saving_into_a_missing_folder(tmp_path):
    refused(
        lambda: cl.mlp((4, 2), rng=0).save(tmp_path / "no" / "such" / "net"),
        ModelFileError,
        r"cannot save the model to .*: choose a file name in a folder that exists|folder that exists",
    )


# -- losses ---------------------------------------------------------------------------------------------
SCE = cl.SoftmaxCrossEntropyLoss
LOSSES = [
    case(
        "predictions None",
        lambda: cl.QuadraticLoss()(None, [0]),
        DataError,
        r"QuadraticLoss\(\): the predictions must be numbers, got None",
    ),
    case(
        "predictions 1-D",
        lambda: cl.QuadraticLoss()(np.zeros(3), [0, 1, 2]),
        ShapeError,
        r"predictions must have shape \(N, K\)",
    ),
    case("empty batch", lambda: SCE()(np.zeros((0, 3)), []), ShapeError, r"the batch is empty \(N = 0\)"),
    case(
        "text labels",
        lambda: SCE()(np.zeros((2, 3)), ["a", "b"]),
        LabelError,
        r"got text such as 'a': turn class names into numbers.*np\.unique",
    ),
    case(
        "label 2.5",
        lambda: SCE()(np.zeros((2, 3)), [0, 2.5]),
        LabelError,
        r"labels must be whole numbers 0\.\.2, got 2\.5 at row 1",
    ),
    case(
        "label nan",
        lambda: SCE()(np.zeros((2, 3)), [0, np.nan]),
        LabelError,
        r"whole numbers 0\.\.2, got nan at row 1",
    ),
    case(
        "label 3 of 3",
        lambda: SCE()(np.zeros((2, 3)), [0, 3]),
        LabelError,
        r"label 3 is out of range: with 3 outputs, labels must be in 0\.\.2",
    ),
    case(
        "labels 1..K",
        lambda: SCE()(np.zeros((3, 3)), [1, 2, 3]),
        LabelError,
        r"these labels run 1\.\.3: subtract 1",
    ),
    case("label -1", lambda: SCE()(np.zeros((2, 3)), [0, -1]), LabelError, r"label -1 is out of range"),
    case(
        "regression targets (N,)",
        lambda: cl.QuadraticLoss()(np.zeros((2, 1)), [0.3, 1.2]),
        LabelError,
        r"give the targets as a column, y\.reshape\(-1, 1\)",
    ),
    case(
        "targets None",
        lambda: SCE()(np.zeros((2, 3)), None),
        LabelError,
        r"the targets must be numbers, got None",
    ),
    case(
        "targets wrong shape",
        lambda: SCE()(np.zeros((2, 3)), np.zeros((2, 4))),
        ShapeError,
        r"target shape \(N, 4\) does not match prediction shape \(N, 3\)",
    ),
    case(
        "more labels", lambda: SCE()(np.zeros((2, 3)), [0, 1, 2]), LabelError, r"2 predictions but 3 labels"
    ),
    case(
        "loss backward first",
        lambda: cl.HingeLoss().backward(),
        NotReadyError,
        r"HingeLoss\(\): backward\(\) called before forward",
    ),
    case(
        "one_hot of a matrix",
        lambda: cl.one_hot(np.zeros((2, 2)), 3),
        LabelError,
        r"labels must have shape \(N,\)",
    ),
]


@pytest.mark.parametrize("make, error, says", LOSSES)
def test_losses(make, error, says):
    refused(make, error, says)


@pytest.mark.parametrize(
    "loss",
    [cl.SoftmaxCrossEntropyLoss(), cl.SigmoidCrossEntropyLoss(), cl.HingeLoss(), cl.QuadraticLoss()],
    ids=repr,
)
def test_extreme_float32_logits_give_a_finite_loss(loss):
    """Logits ±3e38 that are right: 0 for the logit losses (NaN before the float64 fix), huge but finite for
    the quadratic loss; the gradient stays finite and keeps float32."""
    z = np.array([[3e38, -3e38], [-3e38, 3e38]], np.float32)
    value = loss.forward(z, np.array([0, 1]))
    grad = loss.backward()
    assert np.isfinite(value) and np.isfinite(grad).all() and grad.dtype == np.float32
    if not isinstance(loss, cl.QuadraticLoss):
        assert value == 0.0 and not np.signbit(value)


# -- optimisers -------------------------------------------------------------------------------------------
NET = cl.mlp((3, 2), rng=0)
OPTIM = [
    case(
        "SGD without a model",
        lambda: cl.SGD(lr=0.1),
        ConfigError,
        r"SGD needs the model whose parameters it updates, SGD\(model, lr=\.\.\.\); got None",
    ),
    case("SGD of a class", lambda: cl.SGD(cl.Sequential, 0.1), ConfigError, r"got the class Sequential"),
    case(
        "SGD lr missing",
        lambda: cl.SGD(NET),
        ConfigError,
        r"SGD: learning rate lr must be a finite number > 0, got None",
    ),
    case(
        "SGD lr text",
        lambda: cl.SGD(NET, "0.1"),
        ConfigError,
        r"SGD: learning rate lr must be a finite number > 0, got '0\.1'",
    ),
    case(
        "SGD lr nan",
        lambda: cl.SGD(NET, float("nan")),
        ConfigError,
        r"SGD: learning rate lr must be a finite number > 0, got nan",
    ),
    case(
        "SGD lr 0 later",
        lambda: setattr(cl.SGD(NET, 0.1), "lr", 0),
        ConfigError,
        r"SGD: learning rate lr must be a finite number > 0, got 0",
    ),
    case(
        "momentum 1",
        lambda: cl.SGD(NET, 0.1, momentum=1),
        ConfigError,
        r"SGD: momentum must be in \[0, 1\) \(0\.9 is usual\)",
    ),
    case(
        "momentum None",
        lambda: cl.SGD(NET, 0.1, momentum=None),
        ConfigError,
        r"SGD: momentum must be a finite number ≥ 0, got None",
    ),
    case(
        "weight_decay None",
        lambda: cl.SGD(NET, 0.1, weight_decay=None),
        ConfigError,
        r"SGD: weight_decay must be a finite number ≥ 0",
    ),
    case(
        "clip_norm 0",
        lambda: cl.SGD(NET, 0.1, clip_norm=0),
        ConfigError,
        r"clip_norm .* must be a finite number > 0",
    ),
    case(
        "Adam betas 0.9",
        lambda: cl.Adam(NET, betas=0.9),
        ConfigError,
        r"betas must be two numbers in \[0, 1\), e\.g\. \(0\.9, 0\.999\)",
    ),
    case("Adam eps 0", lambda: cl.Adam(NET, eps=0), ConfigError, r"Adam: eps must be a finite number > 0"),
    case(
        "step before backward",
        lambda: cl.SGD(cl.mlp((3, 2), rng=0), 0.1).step(),
        NotReadyError,
        r"step\(\) called before any backward\(\)",
    ),
]


@pytest.mark.parametrize("make, error, says", OPTIM)
def test_optimisers(make, error, says):
    refused(make, error, says)


# -- Trainer --------------------------------------------------------------------------------------------
X = R.standard_normal((120, 4)).astype(np.float32)
Y = R.integers(0, 3, 120)


def net():
    return cl.mlp((4, 8, 3), rng=0, output_activation=None)


def trainer(model=None, loss=None, opt=None, X=X, y=Y, **kw):
    model = model if model is not None else net()
    opt = opt if opt is not None else cl.SGD(model, lr=0.5)
    return cl.Trainer(model, loss if loss is not None else SCE(), opt, X, y, name="run1", **kw)


def with_value(A, row, col, value):
    A = A.copy()
    A[row, col] = value
    return A


TRAINER = [
    case(
        "optimiser for another model",
        lambda: trainer(opt=cl.SGD(net(), lr=0.5)),
        ConfigError,
        r"run1: the optimiser was built for another model: create it with this one, cl\.SGD\(model, lr=\.\.\.\)",
    ),
    case(
        "loss class",
        lambda: trainer(loss=SCE),
        ConfigError,
        r"got the class SoftmaxCrossEntropyLoss: pass an instance, cl\.SoftmaxCrossEntropyLoss\(\)",
    ),
    case(
        "loss name",
        lambda: trainer(loss="cross-entropy"),
        ConfigError,
        r"the loss must be a loss object.*e\.g\. cl\.SoftmaxCrossEntropyLoss\(\)",
    ),
    case(
        "optimiser class",
        lambda: trainer(opt=cl.SGD),
        ConfigError,
        r"got the class SGD: pass an instance, cl\.SGD\(model, lr=\.\.\.\)",
    ),
    case(
        "model a layer",
        lambda: trainer(model=cl.Linear(4, 3, R), opt=cl.SGD(net(), 0.5)),
        ConfigError,
        r"the model must be a cl\.Sequential.*wrap it, cl\.Sequential\(\[layer\]\)",
    ),
    case(
        "model a class",
        lambda: trainer(model=cl.Sequential, opt=cl.SGD(net(), 0.5)),
        ConfigError,
        r"the model must be a cl\.Sequential, got the class Sequential: pass an instance",
    ),
    case(
        "model a function",
        lambda: trainer(model=cl.mlp, opt=cl.SGD(net(), 0.5)),
        ConfigError,
        r"build one, e\.g\. cl\.mlp",
    ),
    case(
        "model without parameters",
        lambda: trainer(model=cl.Sequential([cl.ReLU()])),
        ConfigError,
        r"has no parameters to train",
    ),
    case(
        "callback class",
        lambda: trainer(callbacks=[cl.Callback]),
        ConfigError,
        r"callbacks must be Callback objects.*pass an instance",
    ),
    case(
        "callback not in a list",
        lambda: trainer(callbacks=cl.Callback()),
        ConfigError,
        r"callbacks takes a list, callbacks=\[Callback\(\.\.\.\)\]",
    ),
    case(
        "batch_size None",
        lambda: trainer(batch_size=None),
        ConfigError,
        r"run1: batch_size must be a whole number ≥ 1, got None",
    ),
    case(
        "batch_size '64'",
        lambda: trainer(batch_size="64"),
        ConfigError,
        r"batch_size must be a whole number ≥ 1, got '64'",
    ),
    case(
        "batch_size 0",
        lambda: trainer(batch_size=0),
        ConfigError,
        r"batch_size must be a whole number ≥ 1, got 0",
    ),
    case(
        "batch_size -1",
        lambda: trainer(batch_size=-1),
        ConfigError,
        r"batch_size must be a whole number ≥ 1, got -1",
    ),
    case(
        "batch_size 2.5",
        lambda: trainer(batch_size=2.5),
        ConfigError,
        r"batch_size must be a whole number ≥ 1, got 2\.5",
    ),
    case("seed -1", lambda: trainer(seed=-1), ConfigError, r"run1: seed must be a whole number ≥ 0, got -1"),
    case(
        "fit(None)",
        lambda: trainer().fit(None),
        ConfigError,
        r"run1: fit: epochs must be a whole number from 0 to 10000, got None",
    ),
    case(
        "fit(nan)",
        lambda: trainer().fit(float("nan")),
        ConfigError,
        r"epochs must be a whole number from 0 to 10000, got nan",
    ),
    case(
        "fit('3')",
        lambda: trainer().fit("3"),
        ConfigError,
        r"epochs must be a whole number from 0 to 10000, got '3'",
    ),
    case(
        "fit(-1)",
        lambda: trainer().fit(-1),
        ConfigError,
        r"epochs must be a whole number from 0 to 10000, got -1",
    ),
    case(
        "text labels",
        lambda: trainer(y=np.array(list("abc") * 40)),
        LabelError,
        r"run1: y must be numbers, got text such as 'a': .*np\.unique",
    ),
    case(
        "labels 1.5",
        lambda: trainer(y=Y + 0.5),
        LabelError,
        r"run1: y: labels must be whole numbers 0\.\.2, got [0-9.]+ at row 0",
    ),
    case(
        "labels beyond K",
        lambda: trainer(y=Y * 10),
        LabelError,
        r"label \d+ is out of range: with 3 outputs, labels must be in 0\.\.2",
    ),
    case(
        "targets wrong width",
        lambda: trainer(y=np.zeros((120, 5))),
        ShapeError,
        r"y has shape \(N, 5\), but the model gives 3 outputs",
    ),
    case("X text", lambda: trainer(X=X.astype(str)), DataError, r"run1: X must be numbers, got text"),
    case("X None", lambda: trainer(X=None), DataError, r"run1: X must be numbers, got None"),
    case(
        "X ragged",
        lambda: trainer(X=[[1, 2, 3, 4], [1]], y=[0, 1]),
        ShapeError,
        r"X is a list whose rows have different lengths",
    ),
    case(
        "X wrong width",
        lambda: trainer(X=X[:, :3]),
        ShapeError,
        r"run1: X: Linear\(4 → 8\) expected input of shape \(N, 4\), got \(N, 3\)",
    ),
    case("X and y lengths", lambda: trainer(y=Y[:100]), ShapeError, r"120 inputs but 100 labels"),
    case("X empty", lambda: trainer(X=X[:0], y=Y[:0]), ShapeError, r"the data set is empty"),
    case(
        "X NaN",
        lambda: trainer(X=with_value(X, 7, 2, np.nan)),
        DataError,
        r"run1: X contains NaN at row 7 \(column 2\): clean the data",
    ),
    case(
        "X inf",
        lambda: trainer(X=with_value(X, 3, 0, np.inf)),
        DataError,
        r"X contains inf at row 3 \(column 0\)",
    ),
    case(
        "X_val NaN",
        lambda: trainer(X_val=with_value(X, 5, 1, np.nan), y_val=Y),
        DataError,
        r"X_val contains NaN at row 5 \(column 1\)",
    ),
    case(
        "X_val without y_val",
        lambda: trainer(X_val=X),
        ConfigError,
        r"give both X_val and y_val \(or neither\)",
    ),
    case(
        "accuracy of a column",
        lambda: cl.accuracy(np.zeros((4, 3)), np.zeros((4, 1))),
        ShapeError,
        r"accuracy needs scores \(N, K\) and labels \(N,\), got \(4, 3\) and \(4, 1\)",
    ),
    case(
        "y_val out of range",
        lambda: trainer(X_val=X, y_val=Y + 3),
        LabelError,
        r"y_val: label \d is out of range",
    ),
]


@pytest.mark.parametrize("make, error, says", TRAINER)
def test_trainer(make, error, says):
    refused(make, error, says)


def test_nan_in_images_names_the_position():
    images = np.zeros((6, 1, 2, 2), np.float32)
    images[4, 0, 1, 0] = np.nan
    model = cl.Sequential([cl.Flatten(), cl.Linear(4, 3, R)])
    refused(
        lambda: cl.Trainer(model, SCE(), cl.SGD(model, 0.1), images, np.zeros(6, int)),
        DataError,
        r"X contains NaN at row 4 \(position \(0, 1, 0\)\)",
    )


def test_the_checks_do_not_change_the_model():
    """The Trainer runs one sample through the model to check shapes: no dropout draw, no BatchNorm update."""
    model = cl.Sequential(
        [cl.Linear(4, 6, R), cl.BatchNorm(6), cl.Dropout(0.5, np.random.default_rng(1)), cl.Linear(6, 3, R)]
    )
    before = (model.layers[1].running_mean.copy(), model.layers[2].rng.bit_generator.state)
    trainer(model=model, opt=cl.SGD(model, 0.1))
    assert np.array_equal(model.layers[1].running_mean, before[0])
    assert model.layers[2].rng.bit_generator.state == before[1]
    assert all(layer.training for layer in model.layers)


# -- conv, pooling, recurrent -----------------------------------------------------------------------------
CONV_POOL_RNN = [
    case(
        "Conv2d kernel 2.5",
        lambda: cl.Conv2d(1, 2, 2.5, R),
        ConfigError,
        r"Conv2d: kernel_size .* must be a whole number ≥ 1, got 2\.5",
    ),
    case(
        "Conv2d kernel (3, 3)",
        lambda: cl.Conv2d(1, 2, (3, 3), R),
        ConfigError,
        r"kernel_size \(one number: the kernel is square\)",
    ),
    case(
        "Conv2d in_channels 0",
        lambda: cl.Conv2d(0, 2, 3, R),
        ConfigError,
        r"Conv2d: in_channels must be a whole number ≥ 1, got 0",
    ),
    case(
        "Conv2d out_channels 0",
        lambda: cl.Conv2d(1, 0, 3, R),
        ConfigError,
        r"Conv2d: out_channels must be a whole number ≥ 1, got 0",
    ),
    case(
        "Conv2d stride 0",
        lambda: cl.Conv2d(1, 2, 3, R, stride=0),
        ConfigError,
        r"Conv2d: stride must be a whole number ≥ 1, got 0",
    ),
    case(
        "Conv2d padding -1",
        lambda: cl.Conv2d(1, 2, 3, R, padding=-1),
        ConfigError,
        r"Conv2d: padding \(at most kernel_size − 1 = 2\) must be a whole number from 0 to 2, got -1",
    ),
    case(
        "Conv2d flat letters",
        lambda: cl.Conv2d(1, 2, 3, R).forward(np.zeros((2, 289))),
        ShapeError,
        r"reshape letters with X\.reshape\(-1, 1, 17, 17\)",
    ),
    case(
        "Conv2d kernel too big",
        lambda: cl.Conv2d(1, 2, 5, R).forward(np.zeros((2, 1, 3, 3))),
        ShapeError,
        r"larger than the padded input",
    ),
    case(
        "conv_output_size stride 0",
        lambda: cl.conv_output_size(17, 3, 0),
        ConfigError,
        r"stride must be a whole number ≥ 1, got 0",
    ),
    case(
        "MaxPool2d 0",
        lambda: cl.MaxPool2d(0),
        ConfigError,
        r"MaxPool2d: kernel_size must be a whole number ≥ 1, got 0",
    ),
    case(
        "MeanPool2d 1.5",
        lambda: cl.MeanPool2d(1.5),
        ConfigError,
        r"MeanPool2d: kernel_size must be a whole number",
    ),
    case(
        "MaxPool2d of vectors",
        lambda: cl.MaxPool2d(2).forward(np.zeros((2, 4))),
        ShapeError,
        r"expected input of shape \(N, C, H, W\)",
    ),
    case(
        "Flatten of a number",
        lambda: cl.Flatten().forward(np.float32(3)),
        ShapeError,
        r"Flatten\(\) expected a batch of shape \(N, \.\.\.\)",
    ),
    case(
        "RNN T = 0",
        lambda: cl.RNN(3, 4, R).forward(np.zeros((2, 0, 3))),
        ShapeError,
        r"RNN\(3 → 4\): the sequences have no steps \(T = 0",
    ),
    case(
        "LSTM T = 0",
        lambda: cl.LSTM(3, 4, R).forward(np.zeros((2, 0, 3))),
        ShapeError,
        r"LSTM\(3 → 4\): the sequences have no steps",
    ),
    case(
        "FastLSTM T = 0",
        lambda: FastLSTM(3, 4, R).forward(np.zeros((2, 0, 3))),
        ShapeError,
        r"the sequences have no steps",
    ),
    case(
        "LastStep T = 0",
        lambda: cl.LastStep().forward(np.zeros((2, 0, 3))),
        ShapeError,
        r"LastStep\(\): the sequences have no steps",
    ),
    case(
        "RNN hidden 0",
        lambda: cl.RNN(3, 0, R),
        ConfigError,
        r"RNN: hidden_size must be a whole number ≥ 1, got 0",
    ),
    case(
        "LSTM input 2.5",
        lambda: cl.LSTM(2.5, 4, R),
        ConfigError,
        r"LSTM: input_size must be a whole number ≥ 1, got 2\.5",
    ),
    case(
        "RNN truncate 0",
        lambda: cl.RNN(3, 4, R, truncate=0),
        ConfigError,
        r"truncate .* must be a whole number ≥ 1, got 0",
    ),
    case(
        "RNN activation",
        lambda: cl.RNN(3, 4, R, activation="softplus"),
        ConfigError,
        r"unknown RNN activation 'softplus': choose one of",
    ),
    case(
        "LSTM of vectors",
        lambda: cl.LSTM(3, 4, R).forward(np.zeros((2, 3))),
        ShapeError,
        r"expected input of shape \(N, T, 3\)",
    ),
    case(
        "FastLSTM backward first",
        lambda: FastLSTM(3, 4, R).backward(np.zeros((2, 5, 4))),
        NotReadyError,
        r"before forward",
    ),
]


@pytest.mark.parametrize("make, error, says", CONV_POOL_RNN)
def test_conv_pool_rnn(make, error, says):
    refused(make, error, says)


# -- data sets ----------------------------------------------------------------------------------------------
DATASETS = [
    case(
        "load_letters seed -1",
        lambda: load_letters(seed=-1),
        ConfigError,
        r"load_letters: seed must be a whole number ≥ 0, got -1",
    ),
    case(
        "load_letters seed 2.5",
        lambda: load_letters(seed=2.5),
        ConfigError,
        r"seed must be a whole number ≥ 0, got 2\.5",
    ),
    case(
        "generate_letters rng 0",
        lambda: generate_letters(3, 0),
        ConfigError,
        r"rng must be a numpy Generator, e\.g\. np\.random\.default_rng\(0\)",
    ),
    case(
        "generate_letters n -1",
        lambda: generate_letters(-1, R),
        ConfigError,
        r"generate_letters: n must be a whole number from 0 to 200000",
    ),
    case(
        "make_toy unknown",
        lambda: make_toy("swirl", 10, R),
        ConfigError,
        r"unknown data set 'swirl': choose one of",
    ),
    case("make_toy n 0", lambda: make_toy("xor", 0, R), ConfigError, r"n must be a whole number ≥ 1, got 0"),
    case("make_toy rng 0", lambda: make_toy("xor", 10, 0), ConfigError, r"rng must be a numpy Generator"),
    case(
        "make_toy noise None",
        lambda: make_toy("xor", 10, R, noise=None),
        ConfigError,
        r"noise .* must be a finite number from 0 to 1e\+06",
    ),
    case("recall_task rng 0", lambda: recall_task(10, 5, 0), ConfigError, r"rng must be a numpy Generator"),
    case(
        "recall_task T 0",
        lambda: recall_task(10, 0, R),
        ConfigError,
        r"T \(the sequence length\) must be a whole number ≥ 1",
    ),
    case(
        "windows of text", lambda: windows("abc", 2), DataError, r"windows: series must be numbers, got text"
    ),
]


@pytest.mark.parametrize("make, error, says", DATASETS)
def test_datasets(make, error, says):
    refused(make, error, says)


@pytest.fixture
def small_splits(monkeypatch):
    monkeypatch.setattr(L, "SPLITS", {"train": 40, "val": 10, "test": 10})


def test_a_folder_in_place_of_the_letters_cache(tmp_path, small_splits, capsys):
    (tmp_path / "letters-seed0.npz").mkdir()
    with pytest.warns(
        CourseWarning,
        match=r"letters-seed0\.npz is a folder, so the letters are generated in memory "
        r"and not cached; remove that folder",
    ):
        splits = load_letters(seed=0, cache_dir=tmp_path)
    assert splits.X_train.shape == (40, 289) and "(not cached)" in capsys.readouterr().out
    assert (tmp_path / "letters-seed0.npz").is_dir()  # never deleted for the learner


@pytest.mark.parametrize(
    "damage, said",
    [("no checksum", "has no checksum file letters-seed0.sha256"), ("empty", "is corrupt (empty)")],
)
def test_a_letters_cache_says_what_is_wrong(tmp_path, small_splits, capsys, damage, said):
    load_letters(seed=0, cache_dir=tmp_path)
    if damage == "no checksum":
        (tmp_path / "letters-seed0.sha256").unlink()
    else:
        (tmp_path / "letters-seed0.npz").write_bytes(b"")
    capsys.readouterr()
    load_letters(seed=0, cache_dir=tmp_path)
    first = capsys.readouterr().out.splitlines()[0]
    assert said in first and "regenerating" in first and "checksum mismatch" not in first


# -- watching a run: runaway loss, saturated layers -------------------------------------------------------
def letters(n, seed=0):
    return generate_letters(n, np.random.default_rng(seed))


XL, YL = letters(400)


def test_a_runaway_loss_stops_the_run_even_while_finite():
    """ReLU at lr 1e6: the loss reached ~1e20 with no message before; now it stops at a finite runaway."""
    model = cl.mlp((289, 20, 26), "relu", rng=0, output_activation=None)
    t = cl.Trainer(model, SCE(), cl.SGD(model, lr=1e6), XL, YL, batch_size=100, name="fast")
    with pytest.raises(
        TrainingDiverged,
        match=r"^fast: diverged at step \d+: loss = \S+ \(it started at \S+\); "
        r"the model's weights are now broken — rerun the cell that creates the "
        r"model, and try a smaller learning rate \(now 1e\+06\)$",
    ) as info:
        t.fit(3)
    assert np.isfinite(info.value.loss) and info.value.loss > 1e6 * t.history.step_loss[0]
    assert info.value.step == t.history.steps + 1 and not t.finished


def test_a_loss_that_is_nan_from_the_start_blames_the_data():
    assert "before any update: look for huge values in the data" in cl.train.runaway(
        float("nan"), float("nan"), 1, 0.1
    )
    assert cl.train.runaway(1e6, 1.0, 5, 0.1) is None and cl.train.runaway(1.1e6, 1.0, 5, 0.1) is not None
    assert cl.train.runaway(500.0, 1e-9, 5, 0.1) is None  # a first loss near 0 counts as 1e-3


def test_the_playground_uses_the_same_rule():
    s = Session(
        problem="regression",
        data="plane",
        loss="quadratic",
        activation="relu",
        init="normal",
        hidden=(8, 8, 8),
        lr=10.0,
    )
    s.run(500)
    assert s.diverged.startswith("playground: diverged at step")
    assert (
        "the model's weights are now broken — press reset, and try a smaller learning rate (now 10)"
        in s.diverged
    )


@pytest.mark.parametrize(
    "activation, says",
    [
        (
            "sigmoid",
            r"layer 2 \(Sigmoid\): every unit saturated at 0 or 1, so its "
            r"gradient is ~0 — the learning rate 1e\+06 is probably too large",
        ),
        ("tanh", r"layer 2 \(Tanh\): every unit saturated at −1 or 1"),
    ],
)
def test_a_saturated_layer_is_reported_once_per_run(activation, says):
    """A sigmoid net at lr 1e6 sat at loss 0.5 and accuracy 0.04 in silence."""
    model = cl.mlp((289, 20, 26), activation, rng=0)
    t = cl.Trainer(model, cl.QuadraticLoss(), cl.SGD(model, lr=1e6), XL, YL, batch_size=100, name="sat")
    with pytest.warns(CourseWarning, match="^sat: " + says) as caught:
        try:
            t.fit(3)
        except TrainingDiverged:
            pass
    assert len([w for w in caught if issubclass(w.category, CourseWarning)]) == 1


def test_a_layer_of_dead_relus_is_reported():
    model = cl.mlp((289, 20, 26), "relu", rng=0, output_activation=None)
    model.layers[0].params["b"][:] = -1e3  # every unit starts (and stays) below zero
    t = cl.Trainer(model, SCE(), cl.SGD(model, lr=0.1), XL, YL, batch_size=100, name="dead")
    with pytest.warns(
        CourseWarning, match=r"dead: layer 2 \(ReLU\): every unit dead \(outputs 0 for every sample\)"
    ):
        t.fit(1)


def _quiet_run(model, loss, lr, X, y, epochs, batch_size, momentum=0.0):
    t = cl.Trainer(model, loss, cl.SGD(model, lr=lr, momentum=momentum), X, y, batch_size=batch_size)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CourseWarning)  # a saturation warning fails the test
        t.fit(epochs)  # a TrainingDiverged would too
    return t


@pytest.mark.parametrize("lr", [1000 / 1024, 10000 / 1024])
def test_chapter_4s_slow_sigmoid_runs_raise_no_alarm(lr):
    """Chapter 4's 289-20-26 sigmoid net with the quadratic loss at the lab's learning rates (scaled down)."""
    model = cl.mlp((289, 20, 26), "sigmoid", init="seed", rng=0)
    t = _quiet_run(model, cl.QuadraticLoss(), lr, XL, YL, epochs=8, batch_size=50)
    assert t.finished and t.history.epoch_loss[-1] < t.history.epoch_loss[0]


def test_a_deep_sigmoid_net_that_barely_learns_raises_no_alarm():
    model = cl.mlp((289, 20, 20, 20, 20, 26), "sigmoid", init="seed", rng=0)
    assert _quiet_run(model, cl.QuadraticLoss(), 1.0, XL, YL, epochs=4, batch_size=50).finished


def test_chapter_6s_small_cnn_raises_no_alarm():
    rng = np.random.default_rng(0)
    cnn = cl.Sequential(
        [
            cl.Conv2d(1, 4, 3, rng, padding=1),
            cl.ReLU(),
            cl.MaxPool2d(2),
            cl.Flatten(),
            cl.Linear(4 * 64, 26, rng, init="xavier"),
        ]
    )
    t = _quiet_run(cnn, SCE(), 0.05, XL.reshape(-1, 1, 17, 17), YL, epochs=2, batch_size=64, momentum=0.9)
    assert t.history.epoch_loss[-1] < t.history.epoch_loss[0]


# -- an interrupted fit ------------------------------------------------------------------------------------
class StopAt(cl.Callback):
    """Simulates the ■ button: KeyboardInterrupt after the given step."""

    def __init__(self, step):
        self.step = step

    def on_step_end(self, trainer):
        if trainer.history.steps == self.step:
            self.step = None  # pressed once: the run continued passes that step again
            raise KeyboardInterrupt


def test_an_interrupted_fit_is_one_line_and_keeps_a_consistent_history():
    t = trainer(X_val=X, y_val=Y, batch_size=40, callbacks=[StopAt(5)])  # 3 steps per epoch: stop in epoch 2
    with pytest.raises(
        TrainingInterrupted,
        match=r"^run1: stopped after epoch 1 of 4; the run is as it was after epoch 1 — "
        r"`\.fit_to\(4\)` trains the remaining 3 \(`\.fit\(4\)` would "
        r"train 4 more\)$",
    ) as info:
        t.fit(4)
    assert info.value.__suppress_context__ and isinstance(info.value, KeyboardInterrupt)
    h = t.history
    assert not t.finished
    assert h.steps == len(h.grad_norms) == 3  # epoch 2's first two steps undone
    assert len(h.epoch_loss) == len(h.steps_at_epoch) == len(h.val_loss) == len(h.val_acc) == 1
    t.callbacks = []
    t.fit(1)  # fit: that many more
    assert t.finished and h.epochs == 2 and len(h.val_acc) == 2


def test_a_cell_that_trains_up_to_a_target_continues_when_run_again_and_ends_at_the_target():
    """Issue 23 item 1: fit_to(n) run again after ■ trains the remaining epochs, not n more; the message
    names the epochs reached and the target, and what running the cell again does."""
    t = trainer(X_val=X, y_val=Y, batch_size=40, callbacks=[StopAt(3 * 37 + 1)])  # 3 steps an epoch
    with pytest.raises(
        TrainingInterrupted,
        match=r"^run1: stopped after epoch 37 of 70; the run is as it was after "
        r"epoch 37 — run the cell again to train the remaining 33$",
    ):
        t.fit_to(70)
    assert t.history.epochs == 37 and not t.finished
    t.fit_to(70)  # the cell run again: it continues ...
    assert t.finished and t.history.epochs == len(t.history.val_acc) == 70
    steps = t.history.steps
    t.fit_to(70)  # ... and once there, does nothing
    t.fit_to(20)  # (an earlier cell's smaller target too)
    assert t.finished and t.history.epochs == 70 and t.history.steps == steps


def test_a_stop_in_the_first_epoch_says_so():
    t = trainer(batch_size=40, callbacks=[StopAt(2)])
    with pytest.raises(
        TrainingInterrupted,
        match=r"^run1: stopped during epoch 1 of 20; the run is as it was before its first "
        r"epoch — .* the remaining 20$",
    ):
        t.fit_to(20)


def test_runs_trained_in_turn_continue_to_their_target_and_the_message_names_each():
    """fit_in_turn (04's shallow and deep side by side): stopped, it names each run's epochs and the target;
    run again, every run ends at exactly the target."""
    a, b = trainer(batch_size=40, callbacks=[StopAt(3 * 12 + 1)]), trainer(batch_size=40)
    b.name = "run2"
    with pytest.raises(
        TrainingInterrupted,
        match=r"^stopped after epoch 12 of 20 \(run1: 12, run2: 12\); each run "
        r"is as it was after its last whole epoch — run the cell again to train the "
        r"remaining 8$",
    ):
        cl.fit_in_turn([a, b], 20)
    a.callbacks, b.callbacks = [], [StopAt(3 * 15 + 2)]  # stopped in run2's 16th epoch
    with pytest.raises(
        TrainingInterrupted, match=r"stopped after epoch 15 of 20 \(run1: 16, run2: 15\).* 5$"
    ):
        cl.fit_in_turn([a, b], 20)
    cl.fit_in_turn([a, b], 20)
    assert a.history.epochs == b.history.epochs == 20
    cl.fit_in_turn([a, b], 20)
    assert a.history.epochs == b.history.epochs == 20
    refused(
        lambda: cl.fit_in_turn([a, "b"], 20), ConfigError, "fit_in_turn: give a list of Trainers, got str"
    )


def test_a_run_stopped_midway_and_continued_ends_exactly_as_the_run_uninterrupted():
    """Issue 23: stopped in an epoch and continued, 04's deep net ended at 0.706 where the same run uninterrupted
    reached 0.674. Every piece of state an epoch changes is put back: the parameters, batch norm's running
    statistics, dropout's random stream, the optimiser's momentum and the trainer's shuffling."""

    def run(stop_at=None):
        rng = np.random.default_rng(1)
        model = cl.Sequential(
            [cl.Linear(4, 8, rng), cl.BatchNorm(8), cl.ReLU(), cl.Dropout(0.3, rng), cl.Linear(8, 3, rng)]
        )
        stops = [StopAt(s) for s in stop_at or ()]
        t = cl.Trainer(
            model,
            SCE(),
            cl.SGD(model, lr=0.3, momentum=0.9),
            X,
            Y,
            X_val=X,
            y_val=Y,
            batch_size=40,
            callbacks=stops,
            name="run1",
        )
        for _ in stops:
            with pytest.raises(TrainingInterrupted):
                t.fit_to(6)
        t.fit_to(6)
        return t

    plain, stopped = run(), run(stop_at=[7, 14])  # in epoch 3, then in epoch 5
    assert stopped.history.step_loss == plain.history.step_loss and stopped.history.steps == 18
    assert stopped.history.val_acc == plain.history.val_acc
    for (key, a), b in zip(plain.model.state_dict().items(), stopped.model.state_dict().values()):
        assert np.array_equal(a, b), key
    assert np.array_equal(plain.model.layers[1].running_var, stopped.model.layers[1].running_var)


def test_an_interrupt_during_validation_records_no_half_epoch(monkeypatch):
    t = trainer(X_val=X, y_val=Y, batch_size=40)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(t, "_evaluate", interrupted)
    with pytest.raises(TrainingInterrupted, match="stopped during epoch 1 of 2"):
        t.fit(2)
    h = t.history
    assert h.steps == 0 and h.epoch_loss == h.steps_at_epoch == h.val_loss == h.val_acc == []


def test_an_interrupt_inside_a_step_undoes_the_epoch(monkeypatch):
    """Stopped during the update: that step's gradient norms were recorded, its loss not yet; the epoch's
    steps all go."""
    t = trainer(batch_size=40)
    step, calls = t.optimizer.step, []

    def interrupted_second_time():
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        step()

    monkeypatch.setattr(t.optimizer, "step", interrupted_second_time)
    with pytest.raises(TrainingInterrupted, match="stopped during epoch 1 of 1"):
        t.fit(1)
    assert t.history.steps == len(t.history.grad_norms) == 0 and t.history.epochs == 0


# -- the lesson helpers that notebook cells call directly ------------------------------------------------

XLINE, YLINE = make_line(30, np.random.default_rng(0))
GRAD = lambda theta: line_grad(theta[0], theta[1], XLINE, YLINE)  # noqa: E731
XM, YM = make_toy("moons", 40, np.random.default_rng(0))

HELPERS = [
    case(
        "descend lr and steps swapped",
        lambda: descend(GRAD, [-3.0, 4.0], 40, 0.1),
        ConfigError,
        r"descend \(call it as descend\(grad, start, lr, steps\)\): steps must be a whole number from 0 to 100000, got 0\.1",
    ),
    case(
        "descend lr None",
        lambda: descend(GRAD, [-3.0, 4.0], None, 40),
        ConfigError,
        r"descend: learning rate lr must be a finite number > 0, got None",
    ),
    case(
        "descend steps 1e9",
        lambda: descend(GRAD, [-3.0, 4.0], 0.1, 10**9),
        ConfigError,
        r"steps must be a whole number from 0 to 100000",
    ),
    case(
        "descend start of 3",
        lambda: descend(GRAD, [1, 2, 3], 0.1, 4),
        ShapeError,
        r"grad\(θ\) must have the shape of start, \(3,\), got \(2,\)",
    ),
    case(
        "descend start None",
        lambda: descend(GRAD, None, 0.1, 4),
        DataError,
        r"descend: start must be numbers, got None",
    ),
    case(
        "line_loss y too short",
        lambda: line_loss(1, 1, XLINE, YLINE[:10]),
        ShapeError,
        r"line_loss: x and y must be two arrays of the same length",
    ),
    case(
        "line_loss kind MSE",
        lambda: line_loss(1, 1, XLINE, YLINE, "MSE"),
        ConfigError,
        r"unknown loss kind 'MSE': choose one of 'mse', 'mae'",
    ),
    case(
        "line_loss w None",
        lambda: line_loss(None, 1, XLINE, YLINE),
        DataError,
        r"line_loss: w must be numbers, got None",
    ),
    case(
        "line_grad on a grid",
        lambda: line_grad(np.zeros((3, 3)), np.zeros((3, 3)), XLINE, YLINE),
        ShapeError,
        r"line_grad takes one point \(w, b\), two numbers; for a grid of points use line_loss",
    ),
    case(
        "make_line w None",
        lambda: make_line(10, R, w=None),
        ConfigError,
        r"make_line: w must be a finite number from -1e\+06 to 1e\+06, got None",
    ),
    case(
        "fit_hard_sigmoids pieces None",
        lambda: fit_hard_sigmoids(np.sin, -3, 3, None),
        ConfigError,
        r"the number of pieces must be a whole number from 1 to 100000",
    ),
    case(
        "fit_hard_sigmoids math.sin",
        lambda: fit_hard_sigmoids(__import__("math").sin, -3, 3, 4),
        ConfigError,
        r"use numpy functions, not math\.sin",
    ),
    case(
        "fit_hard_sigmoids lo = hi",
        lambda: fit_hard_sigmoids(np.sin, 1, 1, 4),
        ConfigError,
        r"must have lo < hi, got lo = 1, hi = 1",
    ),
    case(
        "deep_sawtooth_net(0)",
        lambda: deep_sawtooth_net(0),
        ConfigError,
        r"deep_sawtooth_net: k \(the number of hidden layers\) must be a whole number from 1 to 1000, got 0",
    ),
    case(
        "sawtooth k 2.5",
        lambda: sawtooth(np.zeros(3), 2.5),
        ConfigError,
        r"sawtooth: k .* must be a whole number",
    ),
    case(
        "single neuron lr '0.15'",
        lambda: train_single_neuron(2.0, 2.0, "0.15", 300, "quadratic"),
        ConfigError,
        r"train_single_neuron: learning rate lr must be a finite number > 0, got '0\.15'",
    ),
    case(
        "single neuron epochs None",
        lambda: train_single_neuron(2.0, 2.0, 0.15, None, "quadratic"),
        ConfigError,
        r"epochs must be a whole number from 0 to 1000000, got None",
    ),
    case(
        "single neuron w None",
        lambda: train_single_neuron(None, 2.0, 0.15, 3, "quadratic"),
        ConfigError,
        r"starting w must be a finite number, got None",
    ),
    case(
        "single neuron target 2",
        lambda: train_single_neuron(2.0, 2.0, 0.15, 3, "cross-entropy", y=2),
        ConfigError,
        r"the target y must be a finite number from 0 to 1",
    ),
    case(
        "grad_norms_by_depth of a loss object",
        lambda: grad_norms_by_depth(XM, YM, cl.QuadraticLoss(), depths=(2,)),
        ConfigError,
        r"loss_factory must be a loss class such as cl\.QuadraticLoss \(without the brackets",
    ),
    case(
        "grad_norms_by_depth one-hot y",
        lambda: grad_norms_by_depth(XM, cl.one_hot(YM, 2), cl.QuadraticLoss, depths=(2,)),
        ShapeError,
        r"X must have shape \(N, D\) and y \(N,\) labels",
    ),
    case(
        "grad_norms_by_depth depth 0",
        lambda: grad_norms_by_depth(XM, YM, cl.QuadraticLoss, depths=(0,)),
        ConfigError,
        r"every depth .* must be a whole number ≥ 1, got 0",
    ),
    case(
        "grad_norms_by_depth seeds 3",
        lambda: grad_norms_by_depth(XM, YM, cl.QuadraticLoss, depths=(2,), seeds=3),
        ConfigError,
        r"seeds=range\(5\)",
    ),
    case(
        "grad_norms_by_depth y NaN",
        lambda: grad_norms_by_depth(XM, np.r_[YM[:-1], np.nan], cl.QuadraticLoss, depths=(2,)),
        LabelError,
        r"got nan at row 39",
    ),
    case(
        "param_grad_norms param 'w'",
        lambda: param_grad_norms(cl.mlp((2, 3, 2), rng=0), cl.QuadraticLoss(), XM, YM, param="w"),
        ConfigError,
        r"unknown param 'w': choose one of 'b', 'W'",
    ),
    case(
        "train_recall seed None",
        lambda: tt.train_recall("RNN", 5, steps=10, seed=None),
        ConfigError,
        r"train_recall: seed must be a whole number ≥ 0, got None",
    ),
    case(
        "train_recall T 1e5",
        lambda: tt.train_recall("LSTM", 10**5),
        ConfigError,
        r"T \(the sequence length\) must be a whole number from 1 to 1000",
    ),
    case(
        "train_recall too much data",
        lambda: tt.train_recall("LSTM", 1000, steps=1000),
        ConfigError,
        r"too much to hold in memory .*lower steps, batch or T",
    ),
    case(
        "train_recall steps None",
        lambda: tt.train_recall("LSTM", 5, steps=None),
        ConfigError,
        r"steps must be a whole number from 1 to 10000, got None",
    ),
    case(
        "train_recall forget_bias on an RNN",
        lambda: tt.train_recall("RNN", 5, steps=10, forget_bias=5.0),
        ConfigError,
        r"an RNN has no forget gate, so forget_bias would be ignored",
    ),
    case(
        "LSTM forget_bias '3'",
        lambda: cl.LSTM(3, 4, R, forget_bias="3"),
        ConfigError,
        r"LSTM: forget_bias must be a finite number, got '3'",
    ),
    case(
        "gradient_through_time scale '2'",
        lambda: tt.gradient_through_time("RNN", 10, "2"),
        ConfigError,
        r"weight scale .* must be a finite number ≥ 0, got '2'",
    ),
    case(
        "gradient_through_time seed -1",
        lambda: tt.gradient_through_time("RNN", 10, 1.0, seed=-1),
        ConfigError,
        r"seed must be a whole number ≥ 0, got -1",
    ),
    case(
        "train_series split 100.5",
        lambda: tt.train_series("LSTM", np.arange(200.0), 100.5),
        ConfigError,
        r"train_series: split \(.*\) must be a whole number",
    ),
    case(
        "membrane_potential every 1e6",
        lambda: membrane_potential(every=10**6),
        ConfigError,
        r"every must be a whole number from 1 to 100",
    ),
    case(
        "unrolled_rnn steps '3'",
        lambda: unrolled_rnn(steps="3"),
        ConfigError,
        r"unrolled_rnn: steps must be a whole number from 1 to 12",
    ),
    case(
        "bptt_flow steps -1",
        lambda: bptt_flow(steps=-1),
        ConfigError,
        r"bptt_flow: steps must be a whole number from 1 to 12, got -1",
    ),
    case(
        "apply_kernel 5×5",
        lambda: apply_kernel(np.zeros((10, 10)), np.ones((5, 5))),
        ShapeError,
        r"needs a grey image \(H, W\) and a 3×3 kernel",
    ),
    case(
        "apply_kernel arguments swapped",
        lambda: apply_kernel(np.ones((3, 3)), np.zeros((10, 10))),
        ShapeError,
        r"a 3×3 kernel, got shapes \(3, 3\) and \(10, 10\)",
    ),
    case(
        "sample_photo size 0",
        lambda: sample_photo(size=0),
        ConfigError,
        r"sample_photo: size .* must be a whole number from 8 to 1000",
    ),
    case(
        "tiny_net steps, unknown value",
        lambda: tiny_steps({"x3": 1.0}),
        ConfigError,
        r"unknown value name 'x3': choose one of 'x1'",
    ),
]


@pytest.mark.parametrize("make, error, says", HELPERS)
def test_lesson_helpers(make, error, says):
    refused(make, error, says)


LETTERS_X, LETTERS_Y = generate_letters(12, np.random.default_rng(0))
PLOTS = [
    case(
        "show_letters y None",
        lambda: show_letters(LETTERS_X, None),
        LabelError,
        r"show_letters: y must be numbers, got None",
    ),
    case(
        "show_letters y too short",
        lambda: show_letters(LETTERS_X, LETTERS_Y[:5]),
        LabelError,
        r"a label 0\.\.25 for each of the 12 letters shown",
    ),
    case(
        "show_letters labels 1..26",
        lambda: show_letters(LETTERS_X, LETTERS_Y + 26),
        LabelError,
        r"label \d+ is out of range",
    ),
    case(
        "show_letters scores as predicted",
        lambda: show_letters(LETTERS_X, LETTERS_Y, predicted=np.zeros((12, 26))),
        LabelError,
        r"pass model\.predict\(X\)",
    ),
    case(
        "show_letters cols 0",
        lambda: show_letters(LETTERS_X, LETTERS_Y, cols=0),
        ConfigError,
        r"cols must be a whole number from 1 to 100, got 0",
    ),
    case(
        "show_letters scale -1",
        lambda: show_letters(LETTERS_X, LETTERS_Y, scale=-1),
        ConfigError,
        r"scale must be a finite number > 0",
    ),
    case(
        "plot_grad_norms of a list",
        lambda: plot_grad_norms([1, 2, 3]),
        ConfigError,
        r"norms_by_run must be a non-empty dict",
    ),
    case(
        "plot_timeline of pairs",
        lambda: plot_timeline([(1943, "x")]),
        ConfigError,
        r"events must be a non-empty list of \(year, label, kind\)",
    ),
    case(
        "LivePlot min_interval None",
        lambda: LivePlot(min_interval=None),
        ConfigError,
        r"LivePlot: min_interval .* must be a finite number ≥ 0, got None",
    ),
    case(
        "LivePlot legend_loc 'top'",
        lambda: LivePlot(legend_loc="top"),
        ConfigError,
        r"unknown legend_loc 'top': choose one of 'best'",
    ),
    case(
        "LivePlot figsize 10",
        lambda: LivePlot(figsize=10),
        ConfigError,
        r"figsize must be \(width, height\) in inches",
    ),
    case(
        "LivePlot show_accuracy 'no'",
        lambda: LivePlot(show_accuracy="no"),
        ConfigError,
        r"show_accuracy must be True or False",
    ),
    case(
        "LivePlot.watch colour",
        lambda: LivePlot().watch("a", color="notacolor"),
        ConfigError,
        r"'notacolor' is not a colour",
    ),
    case(
        "LivePlot.note of an unknown run",
        lambda: LivePlot().note("zzz", "hi"),
        ConfigError,
        r"LivePlot\.note: unknown run 'zzz'",
    ),
    case(
        "predict batch_size 0",
        lambda: cl.mlp((3, 2), rng=0).predict(np.zeros((4, 3)), batch_size=0),
        ConfigError,
        r"predict: batch_size must be a whole number ≥ 1, got 0",
    ),
    case(
        "accuracy of labels 1..K",
        lambda: cl.accuracy(np.eye(3), [1, 2, 3]),
        LabelError,
        r"accuracy: label 3 is out of range.*subtract 1",
    ),
    case(
        "accuracy of labels 0.5",
        lambda: cl.accuracy(np.eye(3), [0.5, 1, 2]),
        LabelError,
        r"accuracy: labels must be whole numbers 0\.\.2, got 0\.5",
    ),
]


@pytest.mark.parametrize("make, error, says", PLOTS)
def test_plots_live_plots_and_scores(make, error, says):
    refused(make, error, says)


def test_show_letters_with_no_letters_draws_an_empty_grid():
    """A CNN with no test mistakes gives show_letters empty arrays: an empty grid, not an IndexError."""
    assert show_letters(LETTERS_X[:0], LETTERS_Y[:0], predicted=LETTERS_Y[:0]) is not None


def test_watching_a_run_again_replaces_its_curve():
    """A cell that calls plot.watch("a") run twice left a second legend entry and an empty, stale line."""
    plot = LivePlot()
    plot.watch("a")
    plot.watch("a")
    assert [line.get_label() for line in plot.ax_loss.lines] == ["a"] and len(plot.ax_acc.lines) == 1


def test_trainer_takes_callbacks_none():
    assert trainer(callbacks=None).fit(1).epochs == 1


def test_an_optimiser_with_momentum_after_a_layer_was_replaced():
    """Replacing layers with others of new widths made the reused SGD(momentum) fail with numpy's broadcast
    ValueError; a replaced layer now starts without the old layer's momentum, as with a new optimiser."""
    model = cl.mlp((4, 8, 3), rng=0, output_activation=None)
    opt = cl.SGD(model, 0.1, momentum=0.9)
    cl.Trainer(model, SCE(), opt, X, Y).fit(1)
    model.layers[0], model.layers[2] = cl.Linear(4, 6, R), cl.Linear(6, 3, R)
    W = model.layers[0].params["W"].copy()
    cl.Trainer(model, SCE(), opt, X, Y, batch_size=len(X)).fit(1)
    expected = W - 0.1 * model.layers[0].grads["W"]  # one plain step: no momentum carried over
    np.testing.assert_allclose(model.layers[0].params["W"], expected, rtol=1e-5, atol=1e-6)


def test_a_stopped_recall_run_says_how_far_it_got_and_that_the_cell_starts_it_afresh():
    """train_recall returns its trainer only when done, so its message offers no .fit_to (issue 23 item 1)."""
    with pytest.raises(
        TrainingInterrupted,
        match=r"^RNN, T = 5: stopped after round 2 of 5; running the cell "
        r"again trains it from the start$",
    ):
        tt.train_recall("RNN", 5, steps=10, batch=4, n_val=8, callbacks=[StopAt(5)])
