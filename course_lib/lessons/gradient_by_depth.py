"""Why deep sigmoid networks learn slowly: the gradient of every layer, by depth (notebooks 00 and 04).

For a network with L dense layers, backpropagation gives the gradient of layer l as a product of the
later layers' weights and activation derivatives:

    δ_l = (δ_{l+1} W_{l+1}ᵀ) ⊙ f′(z_l),      ∂L/∂W_l = a_{l−1}ᵀ δ_l

With sigmoids, every f′ ≤ 1/4, so each step towards the input tends to shrink ‖δ‖ — the earlier the
layer, the smaller its gradient and the slower it learns (the vanishing gradient, 梯度消失). Large
weights can make the product grow instead (the exploding gradient, 梯度爆炸).

What is measured: ‖∂L/∂b_l‖ = ‖Σ_n δ_l‖, the size of the sensitivities themselves, as Nielsen does
(`param_grad_norms`); ∂L/∂W_l also folds in the size of the layer's inputs. The Trainer's history and the
playground record the *gradient norm of a layer*, ‖∂L/∂θ_l‖ over all its parameters (`optim.layer_grad_norm`).
`depth_run` is the experiment of chapter 4's explorer: build, measure, train a few epochs, measure again.
"""

import numpy as np

from ..datasets.letters import CLASSES
from ..errors import ConfigError, ShapeError, TrainingDiverged, one_of, whole_number
from ..i18n import _
from ..layers import as_numbers
from ..losses import LOSS_NAMES, NAMES_TO_NUMBERS, Loss, check_labels
from ..model import mlp
from ..optim import SGD
from ..train import Trainer, in_a_cell


def param_grad_norms(model, loss, X, y, param="b"):
    """‖∂L/∂θ_l‖ of one parameter θ ("b" or "W") of every dense layer l, input layer first, for one batch.

    The default θ = b measures ‖∂L/∂b_l‖ = ‖Σ_n δ_l‖, the size of the sensitivities themselves, as
    Nielsen does; θ = "W" also folds in the size of the layer's inputs.

    Args:
        model: Sequential. loss: a loss object. X: (N, D) batch. y: labels (N,). param: "b" or "W".
    Returns:
        float64 array of shape (number of layers with parameters,).
    """
    one_of(param, "param", ("b", "W"), where="param_grad_norms")  # i18n: not shown (a function's name)
    if not isinstance(loss, Loss):
        raise ConfigError(
            _("param_grad_norms: loss must be a loss object such as cl.QuadraticLoss(), got {loss}").format(
                loss=repr(loss)
            )
        )
    loss.forward(model.forward(X), y)
    model.backward(loss.backward())
    return np.array([np.linalg.norm(layer.grads[param]) for layer in model.param_layers()])


def grad_norms_by_depth(
    X,
    y,
    loss_factory,
    depths=(2, 3, 4, 5),
    hidden=30,
    activation="sigmoid",
    init="seed",
    output_activation="sigmoid",
    seeds=range(5),
):
    """Per-layer gradient norms at initialisation for networks with 1..5 hidden layers, averaged over seeds.

    Args:
        X: (N, D) inputs; y: (N,) labels with K = y.max() + 1 classes.
        loss_factory: e.g. `QuadraticLoss` (called once per network).
        depths: numbers of dense layers (2 = one hidden layer).
        hidden: width of every hidden layer.
        output_activation: "sigmoid" for the quadratic loss, None for a loss that takes logits.
        seeds: network seeds to average over (one draw can mislead).
    Returns:
        {depth: array of shape (depth,)} with mean norms, input layer first.
    """
    where = "grad_norms_by_depth"  # i18n: not shown (a function's name)
    is_loss_class = isinstance(loss_factory, type) and issubclass(loss_factory, Loss)
    if isinstance(loss_factory, Loss) or not is_loss_class:
        raise ConfigError(
            _(
                "{where}: loss_factory must be a loss class such as cl.QuadraticLoss (without the "
                "brackets: a new loss is made for every network), got {loss_factory}"
            ).format(where=where, loss_factory=repr(loss_factory))
        )
    X = as_numbers(X, f"{where}: X")
    y = as_numbers(y, f"{where}: y", hint=NAMES_TO_NUMBERS)
    if X.ndim != 2 or y.ndim != 1 or len(X) != len(y) or not len(y):
        message = (
            _(
                "{where}: X must have shape (N, D) and y (N,) labels, got {x_shape} and {y_shape}"
                " — flatten images first, e.g. X.reshape(len(X), -1)"
            )
            if X.ndim > 2
            else _("{where}: X must have shape (N, D) and y (N,) labels, got {x_shape} and {y_shape}")
        )
        raise ShapeError(message.format(where=where, x_shape=X.shape, y_shape=y.shape))
    finite = y[np.isfinite(y)]
    y = check_labels(y, int(finite.max()) + 1 if finite.size else 1, where=f"{where}: y")  # K = y.max() + 1
    K = int(y.max()) + 1
    seeds = list(seeds) if hasattr(seeds, "__iter__") else []
    if not hasattr(depths, "__iter__") or not seeds:
        raise ConfigError(
            _(
                "{where}: depths and seeds must be lists, e.g. depths=(2, 3), seeds=range(5); "
                "got depths={depths}, seeds={seeds}"
            ).format(where=where, depths=repr(depths), seeds=repr(seeds))
        )
    depth_name = _("every depth (the number of dense layers)")
    depths = [whole_number(d, depth_name, 1, where=where) for d in depths]
    result = {}
    for depth in depths:
        sizes = [X.shape[1]] + [hidden] * (depth - 1) + [K]
        norms = [
            param_grad_norms(
                mlp(sizes, activation, init, rng=s, output_activation=output_activation), loss_factory(), X, y
            )
            for s in seeds
        ]
        result[depth] = np.mean(norms, axis=0)
    return result


def depth_run(
    X,
    y,
    X_val,
    y_val,
    hidden_layers,
    hidden=20,
    activation="sigmoid",
    init="seed",
    loss="quadratic",
    lr=1.0,
    epochs=5,
    batch_size=128,
    seed=0,
    measure_on=1000,
    advice=in_a_cell,
):
    """Build a fresh mlp, measure ‖∂L/∂b_l‖ per layer, train it with SGD(lr), measure again.

    Args:
        X, y, X_val, y_val: letters (N, 289) with labels (N,); K = CLASSES (26) outputs.
        hidden_layers: hidden layers of `hidden` units each (0: a single dense layer).
        activation, init: names (see `course_lib.activations`, `course_lib.init`).
        loss: a key of `losses.LOSS_NAMES`. lr: SGD's learning rate. seed: the network's and the shuffling's.
        measure_on: the gradient norms are measured on the first `measure_on` training samples.
        advice: what a diverged run's message says to do (`course_lib.train.runaway`).
    Returns:
        (trainer, before, after, diverged): the Trainer (its `history` has the curves), the norms (layers,)
        at initialisation and after training (None if the run diverged), and the TrainingDiverged or None.
    """
    loss_class = LOSS_NAMES[loss]
    # a sigmoid output like the hidden layers (the letters lab's net), or logits for a loss that takes them
    output_activation = None if loss_class.takes_logits else "same"
    sizes = [X.shape[1]] + [hidden] * hidden_layers + [CLASSES]
    model = mlp(sizes, activation, init, rng=seed, output_activation=output_activation)
    before = param_grad_norms(model, loss_class(), X[:measure_on], y[:measure_on])
    # the run's name, which the explorer's line and a diverged run's message show: in the learner's language
    layers = (_("{n} hidden layer") if hidden_layers == 1 else _("{n} hidden layers")).format(n=hidden_layers)
    trainer = Trainer(
        model,
        loss_class(),
        SGD(model, lr=lr),
        X,
        y,
        X_val,
        y_val,
        batch_size=batch_size,
        seed=seed,
        name=_("{layers}, {activation}, lr={lr:.3g}").format(layers=layers, activation=activation, lr=lr),
        advice=advice,
    )
    try:
        trainer.fit(epochs)
    except TrainingDiverged as e:
        return trainer, before, None, e
    return trainer, before, param_grad_norms(model, loss_class(), X[:measure_on], y[:measure_on]), None
