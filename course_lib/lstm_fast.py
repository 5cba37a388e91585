"""FastLSTM: the LSTM of `course_lib.recurrent`, arranged for speed (notebook 07 trains with it). Same
parameters, outputs, gradients, dh_norms and truncation; results agree to rounding (tests/test_lstm_fast.py).
Read `recurrent.LSTM` for the maths; this file is about making numpy do it fast — as `conv.py`'s im2col is
to the convolution loops of notebook 06. `python benchmarks/bench_rnn.py` measures both against PyTorch.

At N = 32, H = 64 one time step is tiny, so the time goes on per-call overheads of numpy, on strided
slices, and on memory traffic, not on arithmetic. The arrangement:

1. Feature-major, time-major buffers. Inside, a step's arrays are (features, N): gates[t] is (4H, N) and
   each gate is a contiguous (H, N) block, so every element-wise operation runs over contiguous memory
   (slicing a gate out of a batch-major (N, 4H) row makes numpy loop row by row, several times slower).
2. Gates in the internal order o, i, f, g (a rotation of PyTorch's i, f, g, o): the three σ gates are one
   block, and the three gates whose gradient is dc ⊙ (·) (i, f, g) are one block.
3. One tanh for all gates: σ(a) = ½ tanh(a/2) + ½, so with the σ rows of the weights halved (exact in
   floating point), one np.tanh over (4H, N) gives tanh(a/2) for o, i, f and tanh(a) for g, and a
   multiply-add on the σ block finishes the job.
4. The bias and the input projection ride along in the recurrent product: z_t = [h_{t−1}; x_t; 1] is
   stored as one (H + D + 1, N) block per step, so a_t = Wᵀ z_t is a single matmul with no separate add,
   h_t is written straight into z_{t+1}, and in backward all three weight gradients come from one
   product  ∂L/∂W = Σ_t z_t da_tᵀ  (the row of ones gives ∂L/∂b = Σ_t da_t); dx_t comes out of the
   per-step backward product with [Wh; Wx] (cheaper than a separate thin (T·N, 4H) × (4H, D) product).
5. Backward: the factors that do not depend on the gradient carried back from t + 1 are computed for
   all t at once before the loop, each in two operations, from products the forward pass kept
   (ig = i ⊙ g, fc = f ⊙ c_{t−1}, h = o ⊙ tanh c):
       A  = o (1 − tanh² c) = o − h tanh c       dc_t  = dc_carry + dh_t ⊙ A
       Go = tanh c · o (1 − o) = h (1 − o)       da_o  = dh_t ⊙ Go
       Gi = g i (1 − i) = ig (1 − i)             da_i  = dc_t ⊙ Gi
       Gf = c_{t−1} f (1 − f) = fc (1 − f)       da_f  = dc_t ⊙ Gf
       Gg = i (1 − g²) = i − ig g                da_g  = dc_t ⊙ Gg
   and the loop keeps only what depends on the carry, including one matmul per step:
       [dh_{t−1} − dout_{t−1}; dx_t] = [Wh; Wx] da_t,     dc_carry = dc_t ⊙ f_t.
6. Scratch buffers (cache and temporaries) are kept between calls and written with out=: allocating
   megabytes afresh for every batch costs page faults, which cost more than the arithmetic. Arrays
   handed to the caller (h, dx, grads) are always new; h is an (N, T, H) view of a new (T+1, H+D+1, N)
   array, so it is not C-contiguous (np.ascontiguousarray it if that matters: one small copy).

Where the time goes: about half in the matrix products, which no arrangement in numpy makes faster, and
the rest in per-call overhead, about 16 element-wise calls per step that the recurrence cannot merge (h_t
needs c_t needs a_t). `python benchmarks/bench_rnn.py` measures FastLSTM against LSTM and PyTorch; a profile
is in benchmarks/README.md.
"""

from collections import namedtuple

import numpy as np

from .recurrent import LSTM


class FastLSTM(LSTM):
    """`LSTM` with a faster forward and backward pass (see the module docstring); same arguments."""

    # the input; z[t] = [h_{t−1}; x_t; 1]; every step's gates (o, i, f, g), i ⊙ g, f ⊙ c_{t−1} and tanh c_t
    Cache = namedtuple("FastLSTMCache", "x z gates ig fc tanh_c")  # i18n: not shown (field names)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._buffers = {}

    def _scratch(self, name, shape, dtype):
        """A work array kept between calls, reused while its shape and dtype stay the same."""
        buf = self._buffers.get(name)
        if buf is None or buf.shape != shape or buf.dtype != dtype:
            buf = self._buffers[name] = np.empty(shape, dtype)
        return buf

    def _to_internal(self, W):
        """Rotate the gate columns of W (·, 4H) from PyTorch's i, f, g, o to the internal o, i, f, g."""
        H = self.hidden_size
        return np.concatenate([W[:, 3 * H :], W[:, : 3 * H]], axis=1)

    def _from_internal(self, W):
        """The inverse rotation: o, i, f, g back to i, f, g, o."""
        H = self.hidden_size
        return np.concatenate([W[:, H:], W[:, :H]], axis=1)

    def _forward(self, x):
        N, T, D = x.shape
        H, p = self.hidden_size, self.params
        dtype = np.result_type(x.dtype, p["Wx"].dtype)
        W = self._to_internal(np.concatenate([p["Wh"], p["Wx"], p["b"][None]]).astype(dtype))  # (H+D+1, 4H)
        W[:, : 3 * H] *= 0.5  # σ rows: tanh(a/2)
        W_T = np.ascontiguousarray(W.T)
        # z[t] = [h_{t−1}; x_t; 1] as (H + D + 1, N); h_t goes into z[t + 1]. New each call: h is a view
        # of it.
        z = np.empty((T + 1, H + D + 1, N), dtype)
        z[0, :H] = 0  # h_{−1} = 0
        z[:T, H : H + D] = x.transpose(1, 2, 0)
        z[:T, H + D] = 1
        gates = self._scratch("gates", (T, 4 * H, N), dtype)
        ig = self._scratch("ig", (T, H, N), dtype)  # i ⊙ g
        fc = self._scratch("fc", (T, H, N), dtype)  # f ⊙ c_{t−1}
        c = self._scratch("c", (T, H, N), dtype)
        tanh_c = self._scratch("tanh_c", (T, H, N), dtype)
        fc[0] = 0  # c_{−1} = 0
        c_prev = None
        # zip hands out the per-step views faster than indexing each array with [t]
        for a, z_t, h_t, ig_t, fc_t, c_t, tanh_c_t in zip(gates, z, z[1:, :H], ig, fc, c, tanh_c):
            np.matmul(W_T, z_t, out=a)
            np.tanh(a, out=a)  # tanh(a/2) for o, i, f; tanh(a) for g
            sig = a[: 3 * H]
            sig *= 0.5
            sig += 0.5  # σ(a) for o, i, f
            o, i, f, g = a[:H], a[H : 2 * H], a[2 * H : 3 * H], a[3 * H :]
            np.multiply(i, g, out=ig_t)
            if c_prev is not None:
                np.multiply(f, c_prev, out=fc_t)
            np.add(ig_t, fc_t, out=c_t)
            np.tanh(c_t, out=tanh_c_t)
            np.multiply(o, tanh_c_t, out=h_t)  # h_t, into z[t + 1]
            c_prev = c_t
        self.cache = self.Cache(x, z, gates, ig, fc, tanh_c)
        return z[1:, :H].transpose(2, 0, 1)  # (N, T, H) view of h

    def _backward(self, dout, need_dx):
        x, z, gates, ig, fc, tanh_c = self.cache
        N, T, D = x.shape
        H, dtype = self.hidden_size, gates.dtype
        gv = gates.reshape(T, 4, H, N)
        o, i, f, g = gv[:, 0], gv[:, 1], gv[:, 2], gv[:, 3]
        h = z[1:, :H]

        # --- factors independent of the carried gradient, all t at once, two operations each ---
        A = self._scratch("A", (T, H, N), dtype)
        np.multiply(h, tanh_c, out=A)
        np.subtract(o, A, out=A)  # o (1 − tanh² c)
        G = self._scratch("G", (T, 4, H, N), dtype)  # Go, Gi, Gf, Gg
        np.subtract(1, gates, out=G.reshape(gates.shape))  # 1 − o, 1 − i, 1 − f (and 1 − g, unused)
        G[:, 0] *= h  # tanh c · o (1 − o)
        G[:, 1] *= ig  # g i (1 − i)
        G[:, 2] *= fc  # c_{t−1} f (1 − f)
        np.multiply(ig, g, out=G[:, 3])
        np.subtract(i, G[:, 3], out=G[:, 3])  # i (1 − g²)

        # --- the recurrence, last step first ---
        dh = self._scratch("dh", (T, H, N), dtype)  # ∂L/∂h_t: dout_t, plus da_{t+1} Whᵀ in the loop
        np.copyto(dh, dout.transpose(1, 2, 0))
        da = self._scratch("da", (T, 4, H, N), dtype)  # da[t] = (da_o, da_i, da_f, da_g), each (H, N)
        W_back = self._to_internal(
            np.concatenate([self.params["Wh"], self.params["Wx"]]) if need_dx else self.params["Wh"]
        ).astype(dtype)  # (H [+ D], 4H)
        back = self._scratch("back", (T, len(W_back), N), dtype)  # [da_t Whᵀ; dx_t]
        dc = self._scratch("dc", (H, N), dtype)
        dc_carry = self._scratch("dc_carry", (H, N), dtype)
        dc_carry.fill(0)
        for t in reversed(range(T)):
            np.multiply(dh[t], A[t], out=dc)
            dc += dc_carry
            np.multiply(dh[t], G[t, 0], out=da[t, 0])  # da_o
            np.multiply(dc, G[t, 1:], out=da[t, 1:])  # da_i, da_f, da_g
            cut = self._cut(t)  # truncated BPTT: nothing flows from t to t − 1
            if need_dx or (t and not cut):
                np.matmul(W_back, da[t].reshape(4 * H, N), out=back[t])
            if cut:
                dc_carry.fill(0)
            elif t:
                dh[t - 1] += back[t, :H]
                np.multiply(dc, f[t], out=dc_carry)
        dh_flat = dh.reshape(T, -1)
        self.dh_norms = np.sqrt(np.einsum("ij,ij->i", dh_flat, dh_flat)).astype(np.float64)

        # --- all weight gradients in one product over the T·N columns: ∂L/∂W = Σ_t z_t da_tᵀ ---
        # A (T, ·, N) array is not one matrix over (t, n), so first copy to (·, T, N) (moving whole rows of N,
        # cheaper than writing da in that layout inside the loop, which touches a new memory page per row).
        da_k = self._scratch("da_k", (4 * H, T, N), dtype)
        np.copyto(da_k, da.reshape(T, 4 * H, N).transpose(1, 0, 2))
        z_k = self._scratch("z_k", (H + D + 1, T, N), dtype)
        np.copyto(z_k, z[:T].transpose(1, 0, 2))
        dW = self._from_internal((da_k.reshape(4 * H, T * N) @ z_k.reshape(H + D + 1, T * N).T).T)
        self.grads["Wh"], self.grads["Wx"], self.grads["b"] = dW[:H], dW[H : H + D], dW[H + D]
        return back[:, H:].transpose(2, 0, 1).copy() if need_dx else None
