"""Measurements that explain training: per-layer gradient norms of a freshly built network (notebook 04).

For a network with L dense layers, backpropagation gives the gradient of layer l as a product of the
later layers' weights and activation derivatives:

    δ_l = (δ_{l+1} W_{l+1}ᵀ) ⊙ f′(z_l),      ∂L/∂W_l = a_{l−1}ᵀ δ_l

With sigmoids, every f′ ≤ 1/4, so each step towards the input tends to shrink ‖δ‖ — the earlier the
layer, the smaller its gradient and the slower it learns (the vanishing gradient, 梯度消失). Large
weights can make the product grow instead (the exploding gradient, 梯度爆炸).
"""
import numpy as np

from ..model import mlp


def layer_grad_norms(model, loss, X, y, param="b"):
    """‖∂L/∂θ_l‖ for every dense layer l, input layer first, for one batch.

    The default θ = b measures ‖∂L/∂b_l‖ = ‖Σ_n δ_l‖, the size of the sensitivities themselves, as
    Nielsen does; θ = "W" also folds in the size of the layer's inputs.

    Args:
        model: Sequential. loss: a loss object. X: (N, D) batch. y: labels (N,). param: "b" or "W".
    Returns:
        float64 array of shape (number of layers with parameters,).
    """
    loss.forward(model.forward(X), y)
    model.backward(loss.backward())
    return np.array([np.linalg.norm(layer.grads[param]) for layer in model.param_layers()])


def grad_norms_by_depth(X, y, loss_factory, depths=(2, 3, 4, 5), hidden=30, activation="sigmoid",
                        init="seed", output_activation="sigmoid", seeds=range(5)):
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
    K = int(y.max()) + 1
    result = {}
    for depth in depths:
        sizes = [X.shape[1]] + [hidden] * (depth - 1) + [K]
        norms = [layer_grad_norms(mlp(sizes, activation, init, rng=s, output_activation=output_activation),
                                  loss_factory(), X, y) for s in seeds]
        result[depth] = np.mean(norms, axis=0)
    return result
