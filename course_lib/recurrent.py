"""Recurrent layers over whole sequences: a vanilla RNN and an LSTM, with backpropagation through time
(notebook 07).

Sequences are batch-first: x (N, T, D) → hidden states h (N, T, H).

Vanilla RNN (U, W, V in Liu Peng's textbook: U = Wx maps the input, W = Wh the previous state, and V is the
output layer that follows, e.g. `LastStep` then a Linear on h, or `EveryStep` then a Linear for an output
at every step):
    h_t = φ(x_t Wx + h_{t−1} Wh + b),   h_0 = 0;   Wx (D, H), Wh (H, H), b (H,)
φ is tanh unless chosen otherwise ("relu", "sigmoid", "linear" — for the experiments of notebook 07).

LSTM (Hochreiter & Schmidhuber 1997, with the forget gate f of Gers, Schmidhuber & Cummins 1999/2000),
gates in PyTorch's order i, f, g, o:
    [i, f, g, o] = x_t Wx + h_{t−1} Wh + b         Wx (D, 4H), Wh (H, 4H), b (4H,)
    i, f, o = σ(·), g = tanh(·)
    c_t = f ⊙ c_{t−1} + i ⊙ g,   h_t = o ⊙ tanh(c_t)
The cell state c is updated by addition, gated by f: that path lets gradients survive many steps.

Backpropagation through time (BPTT) in the textbook's three steps: (1) the forward pass computes every h_t;
(2) the backward pass computes δ_t = ∂L/∂h_t from the last step to the first, each step adding what flows
back from step t + 1 through Wh (and, for the RNN, multiplying by tanh′ ≤ 1 — hence vanishing gradients);
(3) the weight gradients sum each step's contribution, because U, W are shared across time.
For speed the input projection x_t Wx (all t at once) and the weight-gradient products are single
matrix products outside the time loop; only the recurrence itself loops over t.

`truncate=k` (truncated BPTT) stops the gradient from crossing more than k steps back: it is cut at every
k-th step. `dh_norms` after a backward pass holds ‖∂L/∂h_t‖ for every t (the notebook plots it).
"""

from collections import namedtuple

import numpy as np

from .activations import DERIVATIVES, sigmoid
from .errors import expect_input, expect_steps, finite_number, one_of, whole_number
from .i18n import _
from .init import check_weights, init_params
from .layers import Layer


class _Recurrent(Layer):
    """What RNN and LSTM share: the shapes, the parameters Wx (D, gates·H), Wh (H, gates·H), b (gates·H,),
    truncation, and the weight gradients as sums over every step.

    The two use the same names for the same things: `a` is a step's pre-activation (x_t Wx + h_{t−1} Wh + b),
    `h_prev` the previous hidden state, `dh` = ∂L/∂h_t and `dh_carry` the part of it that arrives from
    step t + 1, `da` = ∂L/∂a.
    """

    def __init__(self, input_size, hidden_size, gates, rng, init, dtype, truncate):
        super().__init__()
        where = type(self).__name__
        self.input_size = whole_number(input_size, "input_size", 1, where=where)
        self.hidden_size = whole_number(hidden_size, "hidden_size", 1, where=where)
        if truncate is not None:
            truncate = whole_number(truncate, _("truncate (steps, or None)"), 1, where=where)
        self.truncate = truncate
        D, H = self.input_size, self.hidden_size
        name = f"{where}({D} → {H})"
        check_weights((D + H + 1) * gates * H, name)  # all three, before Wx is drawn
        Wx, b = init_params(init, D, gates * H, rng, dtype, name)
        Wh, _unused = init_params(init, H, gates * H, rng, dtype, name)
        self.params = {"Wx": Wx, "Wh": Wh, "b": b}
        self.dh_norms = None

    def _check_input(self, x):
        expect_input(self, x, ("N", "T", self.input_size))
        expect_steps(self, x)

    def _cut(self, t):
        """True where truncated BPTT stops the gradient flowing from step t to step t − 1."""
        return self.truncate is not None and t % self.truncate == 0

    def _input_projection(self, x):
        """x_t Wx + b for every step at once, as one matrix product: (N, T, D) → (N, T, gates·H)."""
        N, T, _ = x.shape
        return (x.reshape(N * T, -1) @ self.params["Wx"] + self.params["b"]).reshape(N, T, -1)

    def _weight_grads(self, x, h, da, need_dx):
        """Fill the three shared-weight gradients, each a single product over all N·T steps (the sum over t
        of BPTT's third step), from x, every h_t and every da_t; return dx = da Wxᵀ if need_dx, else None."""
        N, T, _ = x.shape
        h_prev = np.concatenate([np.zeros_like(h[:, :1]), h[:, :-1]], axis=1)  # h_{t−1}, with h_0 = 0
        da_flat = da.reshape(N * T, -1)
        self.grads["Wx"] = x.reshape(N * T, -1).T @ da_flat
        self.grads["Wh"] = h_prev.reshape(N * T, -1).T @ da_flat
        self.grads["b"] = da_flat.sum(axis=0)
        return (da_flat @ self.params["Wx"].T).reshape(x.shape) if need_dx else None


# the choices of φ; backward multiplies by φ′ written in terms of h = φ(a), `activations.DERIVATIVES`
RNN_ACTIVATIONS = {
    "tanh": np.tanh,
    "relu": lambda a: np.maximum(a, 0),
    "sigmoid": sigmoid,
    "linear": lambda a: a,
}


class RNN(_Recurrent):
    """Vanilla RNN. Args: input_size D, hidden_size H, rng, init ("uniform", as PyTorch), dtype, truncate,
    activation φ (one of RNN_ACTIVATIONS, default "tanh")."""

    Cache = namedtuple("RNNCache", "x h")  # the input, and every step's hidden state h_t

    def __init__(
        self, input_size, hidden_size, rng, init="uniform", dtype=np.float32, truncate=None, activation="tanh"
    ):
        super().__init__(input_size, hidden_size, 1, rng, init, dtype, truncate)
        self.activation = one_of(activation, _("RNN activation"), RNN_ACTIVATIONS)
        self._phi, self._dphi = RNN_ACTIVATIONS[activation], DERIVATIVES[activation]

    def _forward(self, x):
        N, T, _ = x.shape
        Wh = self.params["Wh"]
        xw = self._input_projection(x)  # x_t Wx + b, all steps at once
        h = np.zeros((N, T, self.hidden_size), dtype=xw.dtype)
        h_prev = np.zeros((N, self.hidden_size), dtype=xw.dtype)
        for t in range(T):
            a = xw[:, t] + h_prev @ Wh
            h_prev = h[:, t] = self._phi(a)
        self.cache = self.Cache(x, h)
        return h

    def _backward(self, dout, need_dx):
        x, h = self.cache
        N, T, H = h.shape
        Wh_T = self.params["Wh"].T
        da = np.empty_like(h)
        self.dh_norms = np.empty(T)
        dh_carry = np.zeros((N, H), dtype=dout.dtype)  # ∂L/∂h_t arriving from step t + 1
        for t in reversed(range(T)):
            dh = dout[:, t] + dh_carry
            self.dh_norms[t] = np.linalg.norm(dh)
            da[:, t] = dh * self._dphi(h[:, t])  # tanh′ = 1 − h²: at most 1, below 1 when busy
            dh_carry = np.zeros_like(dh_carry) if self._cut(t) else da[:, t] @ Wh_T
        return self._weight_grads(x, h, da, need_dx)

    def __repr__(self):
        D, H = self.input_size, self.hidden_size
        return f"RNN({D} → {H}" + (f", {self.activation})" if self.activation != "tanh" else ")")


class LSTM(_Recurrent):
    """LSTM over whole sequences, written as the equations read (the fast version is `lstm_fast.FastLSTM`).

    Args: input_size D, hidden_size H, rng, init ("uniform", as PyTorch), dtype, truncate, forget_bias.
    The forget gate's bias starts at `forget_bias` (default 1): f = σ(b_f + …) near 1 means "remember by
    default", and the cell path multiplies gradients by f per step, so f ≈ 0.73 (b_f = 1) keeps
    0.73⁵⁰ ≈ 10⁻⁷ after 50 steps while f ≈ 0.95 (b_f = 3) keeps 0.08.

    Backward, step t, from dh = ∂L/∂h_t and the cell gradient dc_carry arriving from step t + 1:
        dc = dc_carry + dh ⊙ o ⊙ (1 − tanh² c_t)
        da_i = dc ⊙ g ⊙ i(1 − i),  da_f = dc ⊙ c_{t−1} ⊙ f(1 − f),  da_g = dc ⊙ i ⊙ (1 − g²),
        da_o = dh ⊙ tanh c_t ⊙ o(1 − o);   then dh_carry = da Whᵀ and dc_carry = dc ⊙ f for step t − 1.
    """

    Cache = namedtuple("LSTMCache", "x h c gates")  # the input; every h_t and c_t; every step's i, f, g, o

    def __init__(
        self, input_size, hidden_size, rng, init="uniform", dtype=np.float32, truncate=None, forget_bias=1.0
    ):
        super().__init__(input_size, hidden_size, 4, rng, init, dtype, truncate)
        forget_bias = finite_number(forget_bias, "forget_bias", where="LSTM")
        self.params["b"][hidden_size : 2 * hidden_size] = forget_bias

    def _forward(self, x):
        N, T, _ = x.shape
        H, Wh = self.hidden_size, self.params["Wh"]
        xw = self._input_projection(x)  # x_t Wx + b, all steps at once: (N, T, 4H)
        gates = np.empty((N, T, 4, H), dtype=xw.dtype)  # i, f, g, o of every step, for backward
        h, c = np.zeros((N, T, H), xw.dtype), np.zeros((N, T, H), xw.dtype)
        h_prev, c_prev = np.zeros((N, H), xw.dtype), np.zeros((N, H), xw.dtype)
        for t in range(T):
            a = xw[:, t] + h_prev @ Wh  # (N, 4H): the four pre-activations side by side
            a_i, a_f, a_g, a_o = np.split(a, 4, axis=1)
            i = sigmoid(a_i)  # input gate: how much of g to write
            f = sigmoid(a_f)  # forget gate: how much of c_{t−1} to keep
            g = np.tanh(a_g)  # candidate values
            o = sigmoid(a_o)  # output gate: how much of the cell to show
            c_prev = c[:, t] = f * c_prev + i * g
            h_prev = h[:, t] = o * np.tanh(c_prev)
            gates[:, t] = np.stack([i, f, g, o], axis=1)
        self.cache = self.Cache(x, h, c, gates)
        return h

    def _backward(self, dout, need_dx):
        x, h, c, gates = self.cache
        N, T, H = h.shape
        Wh_T = self.params["Wh"].T
        da = np.empty((N, T, 4 * H), dtype=gates.dtype)
        self.dh_norms = np.empty(T)
        dh_carry, dc_carry = np.zeros((N, H), dout.dtype), np.zeros((N, H), dout.dtype)
        for t in reversed(range(T)):
            i, f, g, o = (gates[:, t, k] for k in range(4))
            c_prev = c[:, t - 1] if t else np.zeros((N, H), c.dtype)
            tanh_c = np.tanh(c[:, t])
            dh = dout[:, t] + dh_carry
            self.dh_norms[t] = np.linalg.norm(dh)
            dc = dc_carry + dh * o * (1 - tanh_c**2)
            da_i = dc * g * i * (1 - i)
            da_f = dc * c_prev * f * (1 - f)
            da_g = dc * i * (1 - g * g)
            da_o = dh * tanh_c * o * (1 - o)
            da[:, t] = np.concatenate([da_i, da_f, da_g, da_o], axis=1)
            if self._cut(t):
                dh_carry, dc_carry = np.zeros_like(dh_carry), np.zeros_like(dc_carry)
            else:
                dh_carry, dc_carry = da[:, t] @ Wh_T, dc * f
        return self._weight_grads(x, h, da, need_dx)

    def __repr__(self):
        return f"LSTM({self.input_size} → {self.hidden_size})"


class LastStep(Layer):
    """The hidden state of the last step, for a sequence-to-one model (read the whole sequence, answer
    once): h (N, T, H) → h[:, −1] (N, H). Backward puts dout at step T and zeros everywhere else."""

    def _check_input(self, x):
        expect_input(self, x, ("N", "T", "H"), what=_("a sequence"))
        expect_steps(self, x)

    def _forward(self, x):
        self.cache = x.shape
        return x[:, -1]

    def _backward(self, dout, need_dx):
        dx = np.zeros(self.cache, dtype=dout.dtype)
        dx[:, -1] = dout
        return dx


class EveryStep(Layer):
    """Every step's hidden state as its own row, for a sequence-to-sequence model (an answer at every step,
    e.g. the next character, notebook 07c): h (N, T, H) → rows (N·T, H), row n·T + t holding h[n, t].
    A `Linear` after it is then the same output layer V at every step, and the loss averages over all N·T
    answers. Backward reshapes dout (N·T, H) back to (N, T, H): each step gets its own row's gradient."""

    def _check_input(self, x):
        expect_input(self, x, ("N", "T", "H"), what=_("a sequence"))
        expect_steps(self, x)

    def _forward(self, x):
        self.cache = x.shape
        return x.reshape(-1, x.shape[2])

    def _backward(self, dout, need_dx):
        return dout.reshape(self.cache)
