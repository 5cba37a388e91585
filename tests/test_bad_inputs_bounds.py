"""Issue 22, items 4 and 5: every size or count a learner types is bounded, and nothing is silently wrong.

Item 4 (bounds): a slip such as 10**7 typed for 10**2 is one line at once, naming the size, instead of an
hour-long run or an allocation that fills the memory. Where the unguarded code would hang or allocate
gigabytes, the test first replaces what it would run with a tripwire (an AssertionError), so that without the
bound the test fails at once rather than running for hours or swapping the machine.

Item 5 (silently wrong): inputs that used to give a plausible but wrong answer — σ of uint8, np.True_ as 1,
integer weights, a one-output softmax, targets that are not probabilities, optimiser options set after
construction, an optimiser that trains only some of the model, labels 5/6 for a perceptron, inf toy data,
controls out of step with the playground, a NaN feature map — now give one line or the right answer.
"""

import io

import numpy as np
import pytest

import course_lib as cl
from course_lib import init as init_module
from course_lib import train as train_module
from course_lib.datasets import generate_letters, make_line, make_toy
from course_lib.datasets import letters as letters_module
from course_lib.datasets.pictures import read_picture, to_letter_image
from course_lib.errors import (
    MAX_BYTES,
    MAX_EPOCHS,
    ConfigError,
    CourseWarning,
    DataError,
    LabelError,
    ShapeError,
    TrainingInterrupted,
    check_memory,
    positive_number,
    whole_number,
)
from course_lib.lessons import through_time
from course_lib.lessons.kernels import apply_kernel
from course_lib.lessons.perceptron import Perceptron
from course_lib.lessons.separability import train_two_layer

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], np.float32)
XOR_Y = np.array([0, 1, 1, 0])


def tripwire(what):
    """A stand-in for code that must not run: without the bound under test it would hang or allocate GBs."""

    def trip(*args, **kwargs):
        raise AssertionError(f"{what} ran: the size was not checked first")

    return trip


def small_trainer(**kwargs):
    model = cl.mlp((2, 3, 2), "tanh", rng=0, output_activation=None)
    return cl.Trainer(model, cl.SoftmaxCrossEntropyLoss(), cl.SGD(model, lr=0.1), XOR_X, XOR_Y, **kwargs)


# -- item 4: counts ------------------------------------------------------------------------------------
def test_fit_with_ten_million_epochs_is_refused_before_training(monkeypatch):
    trainer = small_trainer()
    monkeypatch.setattr(train_module.Trainer, "train_epoch", tripwire("an epoch"))
    with pytest.raises(
        ConfigError, match=rf"epochs must be a whole number from 0 to {MAX_EPOCHS}, got 10000000"
    ):
        trainer.fit(10**7)
    with pytest.raises(ConfigError, match="got 10000000"):
        cl.fit(
            trainer.model,
            cl.SoftmaxCrossEntropyLoss(),
            cl.SGD(trainer.model, lr=0.1),
            XOR_X,
            XOR_Y,
            epochs=10**7,
        )


def test_generate_letters_of_a_hundred_million_is_refused(monkeypatch):
    monkeypatch.setattr(letters_module, "_generate_chunk", tripwire("drawing letters"))
    with pytest.raises(
        ConfigError,
        match=r"generate_letters: n must be a whole number from 0 to \d+, "
        r"got 100000000",
    ):
        generate_letters(10**8, np.random.default_rng(0))


class ExplodingRng:
    """An rng whose every draw fails: the perceptron must refuse its epochs before drawing."""

    permutation = staticmethod(tripwire("a perceptron epoch"))


def test_perceptron_fit_with_ten_million_epochs_is_refused():
    with pytest.raises(ConfigError, match=r"Perceptron.fit: epochs must be .* got 10000000"):
        Perceptron(2, np.random.default_rng(0)).fit(XOR_X, XOR_Y, epochs=10**7, rng=ExplodingRng())


def test_stopping_a_perceptron_is_one_line(monkeypatch):
    from course_lib.lessons import perceptron

    class StopsInPass3:
        passes = 0

        def permutation(self, n):
            self.passes += 1
            if self.passes == 3:
                raise KeyboardInterrupt
            return np.arange(n)

    monkeypatch.setattr(perceptron, "as_generator", lambda *args, **kwargs: StopsInPass3())
    with pytest.raises(TrainingInterrupted, match=r"Perceptron.fit: stopped in pass 3 of 5000; the weights"):
        Perceptron(2, np.random.default_rng(0)).fit(XOR_X, XOR_Y, epochs=5000)


def test_train_two_layer_with_ten_million_epochs_is_refused(monkeypatch):
    monkeypatch.setattr(train_module.Trainer, "train_epoch", tripwire("an epoch"))
    with pytest.raises(ConfigError, match=r"train_two_layer: epochs must be .* got 10000000"):
        train_two_layer(XOR_X, XOR_Y, epochs=10**7)


def test_gradient_through_time_with_a_million_sequences_is_refused(monkeypatch):
    monkeypatch.setattr(through_time, "recall_task", tripwire("recall_task"))
    with pytest.raises(ConfigError, match=r"gradient_through_time: batch must be .* to 1024, got 1000000"):
        through_time.gradient_through_time(batch=10**6)


def test_a_long_legal_fit_says_how_long_it_will_take(monkeypatch):
    trainer = small_trainer()
    clock = iter(np.arange(0.0, 1000.0, 10.0))  # every epoch "takes" 10 s
    monkeypatch.setattr(train_module.time, "perf_counter", lambda: next(clock))
    with pytest.warns(CourseWarning, match=r"run: 12 epochs will take about 2 min \(10.0 s each\); ■ stops"):
        trainer.fit(12)
    assert trainer.history.epochs == 12


def test_a_short_fit_says_nothing(recwarn):
    small_trainer().fit(3)
    assert not [w for w in recwarn if issubclass(w.category, CourseWarning)]


def test_stopping_a_long_fit_is_one_line_that_keeps_the_history(monkeypatch):
    trainer = small_trainer()
    train_epoch, calls = trainer.train_epoch, []

    def epoch_then_stop():
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return train_epoch()

    monkeypatch.setattr(trainer, "train_epoch", epoch_then_stop)
    with pytest.raises(
        TrainingInterrupted,
        match=r"stopped after epoch 2 of 5000; the run is as it was after epoch 2 — `\.fit_to\(5000\)` trains the "
        r"remaining 4998 \(`\.fit\(5000\)` would train 5000 more\)",
    ):
        trainer.fit(5000)
    assert trainer.history.epochs == 2


# -- item 4: sizes, checked against the memory before allocating ---------------------------------------
@pytest.fixture
def no_drawing(monkeypatch):
    """Weights must be refused before the rng draws them (7 GB for Conv2d(10**4, 10**4, 3))."""
    monkeypatch.setattr(init_module, "generator", tripwire("drawing the weights"))


@pytest.mark.parametrize(
    "make, words",
    [
        (
            lambda: cl.Conv2d(10**4, 10**4, 3, np.random.default_rng(0)),
            r"Conv2d\(10000 → 10000, 3×3\): its weights would need 7.2 GB \(900,010,000 numbers\)",
        ),
        (
            lambda: cl.Linear(50000, 50000, np.random.default_rng(0)),
            r"Linear\(50000 → 50000\): its weights would need 20 GB",
        ),
        (lambda: cl.RNN(3, 10**5, np.random.default_rng(0)), r"RNN\(3 → 100000\): its weights would need"),
        (lambda: cl.LSTM(3, 10**5, np.random.default_rng(0)), r"LSTM\(3 → 100000\): its weights would need"),
    ],
)
def test_a_layer_too_large_for_the_memory_is_refused_before_drawing(no_drawing, make, words):
    with pytest.raises(ConfigError, match=words + r".*one array may take; check the sizes given to it"):
        make()


def test_batchnorm_of_a_hundred_billion_features_is_refused():
    with pytest.raises(
        ConfigError,
        match=r"BatchNorm\(100000000000\): its γ, β and running statistics .* "
        r"would need 1.6 TB",
    ):
        cl.BatchNorm(10**11)


def test_one_hot_with_ten_billion_classes_is_refused():
    with pytest.raises(
        ConfigError,
        match=r"one_hot: 3 one-hot rows of 10,000,000,000 would need 120 GB.*"
        r"num_classes is the number of classes",
    ):
        cl.one_hot([0, 1, 2], 10**10)


def test_conv_padding_beyond_the_kernel_is_refused():
    with pytest.raises(
        ConfigError,
        match=r"Conv2d: padding \(at most kernel_size − 1 = 2\) must be a whole "
        r"number from 0 to 2, got 1000000",
    ):
        cl.Conv2d(1, 1, 3, np.random.default_rng(0), padding=10**6)
    cl.Conv2d(1, 1, 3, np.random.default_rng(0), padding=2)  # "full" padding is still fine


def test_conv_windows_too_large_for_the_memory_are_refused(monkeypatch):
    from course_lib import conv as conv_module

    conv = cl.Conv2d(1, 8, 3, np.random.default_rng(0))
    monkeypatch.setattr(conv_module, "sliding_window_view", tripwire("gathering the windows"))
    huge = np.broadcast_to(np.float32(0), (1, 1, 20000, 20000))  # no memory of its own
    with pytest.raises(
        ConfigError, match=r"the windows of 1 images of 20000×20000 pixels would need 14.4 GB"
    ):
        conv.forward(huge)


class HugePicture:
    """A 400-megapixel picture that takes no memory, and trips if converted before its size is checked."""

    def __array__(self, dtype=None, copy=None):
        if dtype is not None:
            raise AssertionError("the picture was converted to floats before its size was checked")
        return np.broadcast_to(np.uint8(0), (20000, 20000))


def test_a_400_megapixel_picture_is_refused_in_one_line():
    with pytest.raises(
        DataError,
        match=r"to_letter_image: the picture \(shape \(20000, 20000\)\) would need "
        r"3.2 GB .* shrink it to at most a few thousand pixels a side",
    ):
        to_letter_image(HugePicture())


def test_a_400_megapixel_picture_file_is_refused_in_one_line():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (20000, 20000), 255).save(buffer, "PNG")  # 0.4 MB compressed
    with pytest.raises(DataError, match=r"the picture has more than [\d,]+ pixels, too many to read: shrink"):
        read_picture(buffer.getvalue())


def test_check_memory_names_the_size_and_passes_what_fits():
    check_memory(MAX_BYTES // 4, "it", "fix")  # exactly at the limit: fine
    with pytest.raises(
        ConfigError,
        match=r"^where: it would need 1.07 GB \(268,435,457 numbers\), more than "
        r"the 1.07 GB one array may take; fix$",
    ):
        check_memory(MAX_BYTES // 4 + 1, "it", "fix", "where")


# -- item 5: silently wrong ----------------------------------------------------------------------------
def test_sigmoid_of_unsigned_integers_is_computed_in_floats():
    x = np.array([3, 200], np.uint8)
    expected = 1 / (1 + np.exp(-x.astype(np.float64)))
    np.testing.assert_allclose(cl.sigmoid(x), expected)
    np.testing.assert_allclose(cl.Sigmoid().forward(x[None]), expected[None])
    np.testing.assert_allclose(cl.sigmoid(np.array([-3, 3], np.int8)), 1 / (1 + np.exp([3.0, -3.0])))
    assert cl.sigmoid(np.float32(1)).dtype == np.float32  # floats keep their dtype


@pytest.mark.parametrize("true", [True, np.True_, np.array(True)], ids=["True", "np.True_", "array(True)"])
def test_numpy_bools_are_refused_as_numbers_like_bools(true):
    with pytest.raises(ConfigError, match="must be a whole number"):
        whole_number(true, "n")
    with pytest.raises(ConfigError, match="must be a finite number > 0"):
        positive_number(true, "x")
    with pytest.raises(ConfigError, match="in_features must be a whole number"):
        cl.Linear(true, 2, np.random.default_rng(0))
    with pytest.raises(ConfigError, match="learning rate lr must be a finite number > 0"):
        cl.SGD(cl.mlp((2, 2)), lr=true)


@pytest.mark.parametrize("dtype", [np.int32, np.complex64, np.float16, bool, "text"])
def test_layers_refuse_dtypes_that_are_not_float32_or_float64(dtype):
    rng = np.random.default_rng(0)
    words = r"dtype must be np.float32 \(for training\) or np.float64 \(for gradient checks\)"
    for make in (
        lambda: cl.Linear(2, 3, rng, dtype=dtype),
        lambda: cl.Conv2d(1, 2, 3, rng, dtype=dtype),
        lambda: cl.RNN(2, 3, rng, dtype=dtype),
        lambda: cl.BatchNorm(3, dtype=dtype),
    ):
        with pytest.raises(ConfigError, match=words):
            make()
    assert cl.Linear(2, 3, rng, dtype=np.float64).params["W"].dtype == np.float64


def test_softmax_cross_entropy_over_one_output_is_refused():
    with pytest.raises(
        ShapeError,
        match=r"the softmax of 1 output is always 1, so the loss is always 0 .* "
        r"give the model 2 outputs",
    ):
        cl.SoftmaxCrossEntropyLoss().forward(np.array([[0.3], [-2.0]]), np.array([[1.0], [1.0]]))


@pytest.mark.parametrize(
    "loss",
    [cl.SoftmaxCrossEntropyLoss(), cl.SigmoidCrossEntropyLoss(), cl.HingeLoss(), cl.QuadraticLoss()],
    ids=repr,
)
def test_targets_with_nan_are_refused(loss):
    with pytest.raises(LabelError, match=r"the targets hold NaN or inf \(row 1\)"):
        loss.forward(np.zeros((2, 3)), np.array([[0, 1, 0], [np.nan, 0, 1]]))


@pytest.mark.parametrize(
    "targets, row",
    [([[0, 1, 0], [1, 1, 0]], 1), ([[0.5, 0.2, 0.3], [0.1, 0.1, 0.1]], 1), ([[-1, 2, 0], [0, 1, 0]], 0)],
)
def test_softmax_targets_that_are_not_probabilities_are_refused(targets, row):
    with pytest.raises(
        LabelError,
        match=rf"targets must be probabilities, each row ≥ 0 and summing to 1 .*; "
        rf"row {row} is",
    ):
        cl.SoftmaxCrossEntropyLoss().forward(np.zeros((2, 3)), np.array(targets, float))
    cl.SoftmaxCrossEntropyLoss().forward(np.zeros((2, 3)), np.array([[0.2, 0.3, 0.5], [0, 1, 0]]))


def test_sigmoid_cross_entropy_with_target_2_is_refused():
    with pytest.raises(LabelError, match=r"targets must be probabilities, each in \[0, 1\]; row 0 is \[2.\]"):
        cl.SigmoidCrossEntropyLoss().forward(np.zeros((2, 1)), np.array([[2.0], [1.0]]))


def test_hinge_targets_must_be_one_hot():
    with pytest.raises(LabelError, match="one-hot targets"):
        cl.HingeLoss().forward(np.zeros((1, 3)), np.array([[0.2, 0.3, 0.5]]))


@pytest.mark.parametrize(
    "make, option, value, words",
    [
        (lambda m: cl.SGD(m, lr=0.1, momentum=0.9), "momentum", 1.5, r"SGD: momentum must be in \[0, 1\)"),
        (lambda m: cl.SGD(m, lr=0.1), "weight_decay", -5, "SGD: weight_decay must be a finite number ≥ 0"),
        (
            lambda m: cl.SGD(m, lr=0.1),
            "clip_norm",
            0,
            r"SGD: clip_norm \(or None\) must be a finite number > 0",
        ),
        (lambda m: cl.SGD(m, lr=0.1), "l1", np.nan, "SGD: l1 must be a finite number ≥ 0"),
        (
            lambda m: cl.Adam(m),
            "betas",
            (1.0, 0.999),
            r"Adam: betas\[0\] \(β₁\) must be a finite number in \[0, 1\)",
        ),
        (lambda m: cl.Adam(m), "eps", 0, "Adam: eps must be a finite number > 0"),
        (lambda m: cl.Adam(m), "lr", -1, "Adam: learning rate lr must be a finite number > 0"),
    ],
)
def test_optimiser_options_set_after_construction_are_checked(make, option, value, words):
    optimizer = make(cl.mlp((2, 2)))
    before = getattr(optimizer, option)
    with pytest.raises(ConfigError, match=words):
        setattr(optimizer, option, value)
    assert getattr(optimizer, option) == before  # a refused value changes nothing


def test_a_good_option_set_after_construction_takes_effect():
    optimizer = cl.SGD(cl.mlp((2, 2)), lr=0.1)
    optimizer.momentum, optimizer.clip_norm, optimizer.weight_decay = 0.5, 2, 1e-3
    assert (optimizer.momentum, optimizer.clip_norm, optimizer.weight_decay) == (0.5, 2.0, 1e-3)
    assert repr(optimizer) == "SGD(lr=0.1, momentum=0.5, weight_decay=0.001, clip_norm=2.0)"


def test_an_optimiser_built_on_another_model_that_shares_a_layer_is_refused():
    rng = np.random.default_rng(0)
    shared = cl.Linear(2, 3, rng)
    model = cl.Sequential([shared, cl.Tanh(), cl.Linear(3, 2, rng)])
    other = cl.Sequential([shared, cl.Tanh(), cl.Linear(3, 2, rng)])
    with pytest.raises(
        ConfigError,
        match=r"the optimiser was built for another model, which lacks layer 3 "
        r"\(Linear\(3 → 2\)\) of this one \(it would never train\): create it "
        r"with this one",
    ):
        cl.Trainer(model, cl.SoftmaxCrossEntropyLoss(), cl.SGD(other, lr=0.1), XOR_X, XOR_Y)
    # given a list of layers, an optimiser trains those only, on purpose (notebook 01's "output only")
    cl.Trainer(model, cl.SoftmaxCrossEntropyLoss(), cl.SGD(model.layers[-1:], lr=0.1), XOR_X, XOR_Y).fit(1)


def test_perceptron_labels_must_be_0_or_1():
    with pytest.raises(
        LabelError,
        match=r"Perceptron.fit: y \(0 or 1, as the perceptron's output\): label 5 "
        r"is out of range",
    ):
        Perceptron(2, np.random.default_rng(0)).fit(XOR_X, XOR_Y + 5)


def test_toy_data_that_would_overflow_is_refused():
    rng = np.random.default_rng(0)
    with pytest.raises(
        ConfigError,
        match=r"make_line: w must be a finite number from -1e\+06 to 1e\+06, "
        r"got 1e\+308",
    ):
        make_line(10, rng, w=1e308)
    with pytest.raises(
        ConfigError,
        match=r"noise \(a standard deviation\) must be a finite number from 0 to "
        r"1e\+06, got 1e\+200",
    ):
        make_toy("circles", 10, rng, noise=1e200)
    x, y = make_line(10, rng, w=1e6, b=-1e6, noise=1e6)
    X, _ = make_toy("circles", 10, rng, noise=1e6)
    assert np.isfinite(y).all() and np.isfinite(X).all()


@pytest.fixture
def playground():
    pytest.importorskip("ipywidgets")
    from course_lib.viz.playground import Playground

    return Playground(n_points=100)


def test_playground_rebuild_from_a_cell_moves_the_controls(playground):
    playground.rebuild(lr=5.0, noise=0.9, hidden=(3, 3, 3), features=("x1",))
    c = playground.c
    assert (c["lr"].value, c["noise"].value, c["layers"].value, c["neurons"].value) == (5.0, 0.9, 3, 3)
    assert [box.value for box in playground.feature_boxes.values()][:2] == [True, False]
    c["activation"].value = "relu"  # another control: the rest stays as set
    s = playground.session.settings
    assert (s.lr, s.noise, s.hidden, s.features, s.activation) == (5.0, 0.9, (3, 3, 3), ("x1",), "relu")
    playground.rebuild(problem="regression")  # that problem's data set and loss
    assert (c["problem"].value, c["data"].value, c["loss"].value) == ("regression", "plane", "quadratic")


def test_playground_controls_set_directly_are_not_clamped_in_silence(playground):
    playground.c["noise"].value = 2.0  # past the slider's end: the range widens
    assert playground.c["noise"].value == 2.0 and playground.session.settings.noise == 2.0
    playground.c["train_ratio"].value = 5.0  # the session refuses it, and says so
    assert playground.c["train_ratio"].value == 5.0
    assert "✗ playground: train_ratio" in playground.status.value and "got 5.0" in playground.status.value


def test_kernel_explorer_with_huge_kernels_says_so_instead_of_drawing_nan():
    pytest.importorskip("ipywidgets")
    from course_lib.viz.widgets.cnn import KernelExplorer

    explorer = KernelExplorer(image=np.eye(8))
    with pytest.raises(DataError, match=r"the feature map overflows .* kernel numbers as large as 1e\+308"):
        explorer.update("custom", np.full((3, 3), 1e308))
    with pytest.raises(DataError, match="overflows"):
        apply_kernel(np.eye(5), np.full((3, 3), 2e38))  # fits float32, but 3 × 2e38 does not
    for cell in explorer.cells:
        cell.value = 1e308
    assert explorer.summary.startswith("✗ apply_kernel: the feature map overflows")
