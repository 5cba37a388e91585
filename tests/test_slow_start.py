"""course_lib.lessons.slow_start: the optimiser that lengthens one layer's steps, and the two readouts that
chapter 4's experiment prints."""

import numpy as np
import pytest

import course_lib as cl
from course_lib.errors import ConfigError
from course_lib.lessons.slow_start import BoostedSGD, output_summary, settings


def _one_step(optimizer_for, seed=0):
    """The parameters of a small 6-4-3 sigmoid net before and after one step of the given optimiser."""
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(8, 6)), rng.integers(0, 3, 8)
    model = cl.mlp((6, 4, 3), "sigmoid", rng=seed, dtype=np.float64)
    before = [{k: p.copy() for k, p in layer.params.items()} for layer in model.param_layers()]
    loss = cl.QuadraticLoss()
    loss.forward(model.forward(X), y)
    model.backward(loss.backward())
    optimizer_for(model).step()
    after = [{k: p.copy() for k, p in layer.params.items()} for layer in model.param_layers()]
    return before, after


def _moves(before, after):
    return [{k: after[i][k] - before[i][k] for k in before[i]} for i in range(len(before))]


@pytest.mark.parametrize("layer", [0, 1, -1])
def test_only_the_boosted_layer_steps_further_and_exactly_factor_times(layer):
    plain = _moves(*_one_step(lambda m: cl.SGD(m, lr=0.5)))
    boosted = _moves(*_one_step(lambda m: BoostedSGD(m, 0.5, layer, 5.0)))
    target = layer % 2
    for i in range(2):
        for k in plain[i]:
            expected = plain[i][k] * (5.0 if i == target else 1.0)
            np.testing.assert_allclose(boosted[i][k], expected, rtol=1e-12, atol=0)
            assert np.abs(plain[i][k]).max() > 0  # the step moved something, so the check means something


def test_factor_one_is_plain_sgd_also_with_momentum():
    runs = [
        _one_step(lambda m: cl.SGD(m, lr=0.3, momentum=0.9)),
        _one_step(lambda m: BoostedSGD(m, 0.3, 0, 1.0, momentum=0.9)),
    ]
    for plain, boosted in zip(runs[0][1], runs[1][1]):
        for k in plain:
            np.testing.assert_array_equal(plain[k], boosted[k])


@pytest.mark.parametrize(
    "layer, factor, phrase",
    [
        (2, 5, "index of one of the model's 2"),
        (-3, 5, "index of one"),
        (1.0, 5, "got 1.0"),
        (True, 5, "got True"),
        (0, 0, "factor"),
        (0, -2, "factor"),
        (0, float("nan"), "factor"),
    ],
)
def test_bad_layer_or_factor_is_refused_by_name(layer, factor, phrase):
    with pytest.raises(ConfigError, match=phrase):
        BoostedSGD(cl.mlp((6, 4, 3)), 0.5, layer, factor)


def test_repr_names_the_boosted_layer_and_the_factor():
    text = repr(BoostedSGD(cl.mlp((6, 4, 3)), 0.5, -1, 5))
    assert "lr=0.5" in text and "× 5" in text and "Linear(4 → 3)" in text


def test_settings_names_every_part_of_a_run():
    model = cl.mlp((6, 4, 3), "sigmoid", rng=0)
    rng = np.random.default_rng(0)
    trainer = cl.Trainer(
        model,
        cl.QuadraticLoss(),
        BoostedSGD(model, 0.5, 0, 3),
        rng.random((20, 6)),
        rng.integers(0, 3, 20),
        batch_size=8,
    )
    trainer.fit(2)
    line = settings(trainer, seed=7)
    for part in (
        "Linear(6 → 4)",
        "QuadraticLoss()",
        "BoostedSGD(lr=0.5",
        "batches of 8",
        "2 epochs",
        "seed 7",
    ):
        assert part in line, (part, line)
    assert "seed" not in settings(trainer)


def test_output_summary_by_hand_and_the_same_for_sigmoid_outputs_and_logits():
    # one sample per row; logits chosen so that the outputs are known: σ(0) = 0.5, σ(ln 3) = 0.75
    logits_model = cl.mlp((2, 3), output_activation=None, dtype=np.float64)
    sigmoid_model = cl.mlp((2, 3), dtype=np.float64)  # ends in a Sigmoid
    for model in (logits_model, sigmoid_model):
        model.layers[0].params["W"][...] = [[0.0, np.log(3), 0.0], [0.0, 0.0, np.log(3)]]
        model.layers[0].params["b"][...] = 0.0
    X, y = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([1, 0])
    # row 0: outputs (0.5, 0.75, 0.5), right letter 1 → 0.75; row 1: (0.5, 0.5, 0.75), right letter 0 → 0.5
    expected = {
        "right": (0.75 + 0.5) / 2,
        "others": ((0.5 + 0.5) / 2 + (0.5 + 0.75) / 2) / 2,
        "slope": (0.75 * 0.25 + 0.5 * 0.5) / 2,
    }
    for model in (logits_model, sigmoid_model):
        got = output_summary(model, X, y)
        assert got == pytest.approx(expected, rel=1e-12)
