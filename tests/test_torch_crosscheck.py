"""course_lib against PyTorch, in float64: the same numbers for the same maths.

PyTorch is not a course dependency; these tests run where it is installed (`pip install torch==2.13.0`)
and are skipped elsewhere. The gradient checks in the other tests do not need it.
"""

import numpy as np
import pytest

import course_lib as cl

torch = pytest.importorskip("torch")
F = torch.nn.functional


def t(a):
    return torch.tensor(a, dtype=torch.float64, requires_grad=True)


def test_linear_matches_torch(rng):
    layer = cl.Linear(5, 3, rng, dtype=np.float64)
    x, dout = rng.standard_normal((4, 5)), rng.standard_normal((4, 3))
    xt, Wt, bt = t(x), t(layer.params["W"].T.copy()), t(layer.params["b"])  # torch stores W as (out, in)
    yt = F.linear(xt, Wt, bt)
    yt.backward(torch.tensor(dout))
    np.testing.assert_allclose(layer.forward(x), yt.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(layer.backward(dout), xt.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(layer.grads["W"], Wt.grad.numpy().T, rtol=1e-12)
    np.testing.assert_allclose(layer.grads["b"], bt.grad.numpy(), rtol=1e-12)


@pytest.mark.parametrize(
    "ours, theirs",
    [
        (cl.Sigmoid, torch.sigmoid),
        (cl.Tanh, torch.tanh),
        (cl.ReLU, F.relu),
        (cl.LeakyReLU, lambda x: F.leaky_relu(x, 0.01)),
        (cl.ELU, lambda x: F.elu(x, 1.0)),
    ],
)
def test_activations_match_torch(rng, ours, theirs):
    x, dout = rng.standard_normal((6, 7)) * 3, rng.standard_normal((6, 7))
    layer, xt = ours(), t(x)
    yt = theirs(xt)
    yt.backward(torch.tensor(dout))
    np.testing.assert_allclose(layer.forward(x), yt.detach().numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(layer.backward(dout), xt.grad.numpy(), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize(
    "ours, theirs",
    [
        (cl.QuadraticLoss, lambda z, y: 0.5 * F.mse_loss(z, y, reduction="sum") / len(z)),
        (
            cl.SigmoidCrossEntropyLoss,
            lambda z, y: F.binary_cross_entropy_with_logits(z, y, reduction="sum") / len(z),
        ),
        (cl.SoftmaxCrossEntropyLoss, lambda z, y: F.cross_entropy(z, y.argmax(1))),
        (cl.HingeLoss, lambda z, y: z.shape[1] * F.multi_margin_loss(z, y.argmax(1))),
    ],
)
def test_losses_match_torch(rng, ours, theirs):
    z, labels = rng.standard_normal((8, 26)) * 4, rng.integers(0, 26, 8)
    y = cl.one_hot(labels, 26, np.float64)
    zt = t(z)
    lt = theirs(zt, torch.tensor(y))
    lt.backward()
    loss = ours()
    assert loss.forward(z, labels) == pytest.approx(lt.item(), rel=1e-12)
    np.testing.assert_allclose(loss.backward(), zt.grad.numpy(), rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize(
    "ours, theirs, kwargs",
    [
        (cl.SGD, torch.optim.SGD, dict(lr=0.1, momentum=0.9, weight_decay=0.01)),
        (cl.Adam, torch.optim.Adam, dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.01)),
    ],
    ids=["SGD", "Adam"],
)
def test_optimizers_match_torch_step_for_step(rng, ours, theirs, kwargs):
    layer = cl.Linear(4, 3, rng, dtype=np.float64)
    p = torch.nn.Parameter(torch.tensor(layer.params["W"].copy()))
    opt, opt_t = ours([layer], **kwargs), theirs([p], **kwargs)
    for _ in range(5):
        g = rng.standard_normal((4, 3))
        layer.grads = {"W": g}
        p.grad = torch.tensor(g)
        opt.step()
        opt_t.step()
    np.testing.assert_allclose(layer.params["W"], p.detach().numpy(), rtol=1e-12)


@pytest.mark.parametrize("shape", [(8, 4), (4, 4, 3, 3)])
def test_batchnorm_matches_torch_in_training_mode(rng, shape):
    bn = cl.BatchNorm(4, dtype=np.float64)
    bn.params["gamma"][:] = rng.uniform(0.5, 2, 4)
    bn.params["beta"][:] = rng.standard_normal(4)
    x, dout = rng.standard_normal(shape) * 2 + 1, rng.standard_normal(shape)
    xt, g, b = t(x), t(bn.params["gamma"].copy()), t(bn.params["beta"].copy())
    yt = F.batch_norm(xt, None, None, g, b, training=True, eps=1e-5)
    yt.backward(torch.tensor(dout))
    np.testing.assert_allclose(bn.forward(x), yt.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(bn.backward(dout), xt.grad.numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(bn.grads["gamma"], g.grad.numpy(), rtol=1e-10)


def test_conv_and_pooling_match_torch(rng):
    conv = cl.Conv2d(2, 3, 3, rng, stride=2, padding=1, dtype=np.float64)
    x, dout = rng.standard_normal((2, 2, 7, 7)), rng.standard_normal((2, 3, 4, 4))
    xt, Wt, bt = t(x), t(conv.params["W"].copy()), t(conv.params["b"].copy())
    yt = F.conv2d(xt, Wt, bt, stride=2, padding=1)
    yt.backward(torch.tensor(dout))
    np.testing.assert_allclose(conv.forward(x), yt.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(conv.backward(dout), xt.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(conv.grads["W"], Wt.grad.numpy(), rtol=1e-10)
    z = rng.standard_normal((2, 3, 5, 5))
    for ours, theirs in ((cl.MaxPool2d(2), F.max_pool2d), (cl.MeanPool2d(2), F.avg_pool2d)):
        np.testing.assert_allclose(ours.forward(z), theirs(torch.tensor(z), 2).numpy(), rtol=1e-12)


def test_rnn_and_lstm_match_torch(rng):
    from course_lib.recurrent import LSTM, RNN

    x, dout = rng.standard_normal((2, 5, 3)), rng.standard_normal((2, 5, 4))
    for ours, theirs in (
        (RNN(3, 4, rng, dtype=np.float64), torch.nn.RNN(3, 4, batch_first=True)),
        (LSTM(3, 4, rng, dtype=np.float64), torch.nn.LSTM(3, 4, batch_first=True)),
    ):
        theirs = theirs.double()
        with torch.no_grad():  # torch stores (gates·H, D) and two biases: copy ours in
            theirs.weight_ih_l0.copy_(torch.tensor(ours.params["Wx"].T))
            theirs.weight_hh_l0.copy_(torch.tensor(ours.params["Wh"].T))
            theirs.bias_ih_l0.copy_(torch.tensor(ours.params["b"]))
            theirs.bias_hh_l0.zero_()
        xt = t(x)
        yt, _ = theirs(xt)
        yt.backward(torch.tensor(dout))
        np.testing.assert_allclose(ours.forward(x), yt.detach().numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(ours.backward(dout), xt.grad.numpy(), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(
            ours.grads["Wh"], theirs.weight_hh_l0.grad.numpy().T, rtol=1e-9, atol=1e-12
        )


def test_three_training_steps_of_the_seed_task_reach_the_same_weights(rng):
    """The whole training path — Trainer batches, SigmoidCrossEntropyLoss, SGD — against torch, step for step."""
    X = (rng.random((96, 289)) < 0.25).astype(np.float64)
    y = rng.integers(0, 26, 96)
    model = cl.mlp((289, 20, 26), "sigmoid", init="seed", rng=0, output_activation=None, dtype=np.float64)
    theirs = torch.nn.Sequential(
        torch.nn.Linear(289, 20), torch.nn.Sigmoid(), torch.nn.Linear(20, 26)
    ).double()
    with torch.no_grad():
        for mine, lin in ((model.layers[0], theirs[0]), (model.layers[2], theirs[2])):
            lin.weight.copy_(torch.tensor(mine.params["W"].T))
            lin.bias.copy_(torch.tensor(mine.params["b"]))
    opt = torch.optim.SGD(theirs.parameters(), lr=1.0)
    Y = torch.nn.functional.one_hot(torch.tensor(y), 26).double()
    for start in range(0, 96, 32):  # three steps of 32, in order
        xb, yb = X[start : start + 32], y[start : start + 32]
        loss = cl.SigmoidCrossEntropyLoss()
        loss.forward(model.forward(xb), yb)
        model.backward(loss.backward(), need_dx=False)
        cl.SGD(model, lr=1.0).step()
        opt.zero_grad()
        (
            F.binary_cross_entropy_with_logits(
                theirs(torch.tensor(xb)), Y[start : start + 32], reduction="sum"
            )
            / 32
        ).backward()
        opt.step()
    np.testing.assert_allclose(
        model.layers[0].params["W"], theirs[0].weight.detach().numpy().T, rtol=1e-9, atol=1e-12
    )
    np.testing.assert_allclose(
        model.layers[2].params["b"], theirs[2].bias.detach().numpy(), rtol=1e-9, atol=1e-12
    )
