"""A convolution layer written straight from its definition — loops over samples, filters and output
positions — for the speed comparison in bench_conv.py. Not part of the course library."""

import numpy as np


def conv_forward(x, W, b, padding):
    N, C, H, Wd = x.shape
    F, _, k, _ = W.shape
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    Ho, Wo = H + 2 * padding - k + 1, Wd + 2 * padding - k + 1
    out = np.zeros((N, F, Ho, Wo), dtype=x.dtype)
    for n in range(N):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    out[n, f, i, j] = np.sum(xp[n, :, i : i + k, j : j + k] * W[f]) + b[f]
    return out, xp


def conv_backward(dout, xp, W, padding):
    N, F, Ho, Wo = dout.shape
    k = W.shape[2]
    dW, dxp = np.zeros_like(W), np.zeros_like(xp)
    for n in range(N):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    dW[f] += dout[n, f, i, j] * xp[n, :, i : i + k, j : j + k]
                    dxp[n, :, i : i + k, j : j + k] += dout[n, f, i, j] * W[f]
    db = dout.sum(axis=(0, 2, 3))
    p = padding
    return dxp[:, :, p:-p, p:-p] if p else dxp, dW, db
