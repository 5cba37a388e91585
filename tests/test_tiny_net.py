"""The hand-worked 2-2-1 network of notebook 03 agrees with the library's layers."""

import numpy as np

from course_lib import QuadraticLoss
from course_lib.lessons.tiny_net import DEFAULT, as_layers, steps


def test_hand_computed_values_match_the_layers():
    v = {name: value for name, value, _ in steps(DEFAULT)}
    model, loss = as_layers(DEFAULT), QuadraticLoss()
    x = np.array([[DEFAULT["x1"], DEFAULT["x2"]]])
    y = model.forward(x)
    assert np.isclose(y[0, 0], v["y"]) and np.isclose(loss.forward(y, np.array([[DEFAULT["t"]]])), v["C"])
    model.backward(loss.backward())
    W1, W2 = model.layers[0].grads["W"], model.layers[2].grads["W"]
    np.testing.assert_allclose(
        [W1[0, 0], W1[1, 0], W1[0, 1], W1[1, 1]],
        [v["∂C/∂w1"], v["∂C/∂w2"], v["∂C/∂w3"], v["∂C/∂w4"]],
        rtol=1e-12,
    )
    np.testing.assert_allclose(W2.ravel(), [v["∂C/∂w5"], v["∂C/∂w6"]], rtol=1e-12)
    np.testing.assert_allclose(model.layers[0].grads["b"], [v["δ1"], v["δ2"]], rtol=1e-12)
