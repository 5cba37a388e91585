"""A scalar autograd engine (after Karpathy's micrograd): numbers that remember how they were computed.

Each operation makes a new `Value` out = f(a, b) and keeps, for each input p, the local derivative ∂out/∂p
at these numbers. `backward()` then applies the chain rule from the output back: visiting every value after
all the values computed from it (a reversed topological order), it adds

    p.grad += ∂out/∂p · out.grad                 for each input p of each value out,

so p.grad ends up as ∂(output)/∂p summed over every path from p to the output (chapter 3's case 2). The `+=`
matters: a value used twice (x·x, or a hidden unit feeding two others) receives from each use.
"""

import math


def _value(x):
    return x if isinstance(x, Value) else Value(x)


class Value:
    """One number in a computation graph.

    data: the number; grad: ∂(the value `backward` was last called on)/∂(this one), 0.0 until then;
    parents: the Values it was computed from, with `local`, ∂(this)/∂(each parent); op, label: for display.
    """

    def __init__(self, data, parents=(), local=(), op="", label=""):
        self.data, self.grad = float(data), 0.0
        self.parents, self.local, self.op, self.label = tuple(parents), tuple(local), op, label

    def __repr__(self):
        name = f"{self.label}=" if self.label else ""
        return f"Value({name}{self.data:.4g}, grad={self.grad:.4g})"

    def __add__(self, other):
        """a + b:  ∂/∂a = 1, ∂/∂b = 1."""
        other = _value(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __mul__(self, other):
        """a · b:  ∂/∂a = b, ∂/∂b = a."""
        other = _value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data), "×")

    def __pow__(self, k):
        """aᵏ for a constant number k:  ∂/∂a = k·aᵏ⁻¹."""
        return Value(self.data**k, (self,), (k * self.data ** (k - 1),), f"**{k}")

    def exp(self):
        """eᵃ:  ∂/∂a = eᵃ, the output itself."""
        e = math.exp(self.data)
        return Value(e, (self,), (e,), "exp")

    def tanh(self):
        """tanh a:  ∂/∂a = 1 − tanh²a."""
        t = math.tanh(self.data)
        return Value(t, (self,), (1 - t * t,), "tanh")

    def sigmoid(self):
        """σ(a) = 1/(1 + e⁻ᵃ):  ∂/∂a = σ(a)(1 − σ(a))."""
        s = 1 / (1 + math.exp(-self.data))
        return Value(s, (self,), (s * (1 - s),), "σ")

    # the rest is made of the operations above, so it needs no derivative of its own
    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-_value(other))

    def __truediv__(self, other):
        return self * _value(other) ** -1

    def __radd__(self, other):  # 2 + a, sum([...])
        return self + other

    def __rmul__(self, other):  # 2 · a
        return self * other

    def __rsub__(self, other):  # 2 − a
        return _value(other) - self

    def backward(self):
        """Fill `grad` of every value this one depends on with ∂(this)/∂(it): zero them all, set this one's
        to 1, and go through the graph output first, adding to each parent its share."""
        order = topological_order(self)
        for v in order:
            v.grad = 0.0
        self.grad = 1.0
        for v in reversed(order):  # every value comes after all the values computed from it
            for parent, local in zip(v.parents, v.local):
                parent.grad += local * v.grad  # chain rule; += sums over every use of parent


def topological_order(root):
    """Every value `root` depends on (root included), each once and after all of its parents: a depth-first
    walk that appends a value when all its parents are in the list already."""
    order, seen = [], set()

    def visit(v):
        if v not in seen:
            seen.add(v)
            for parent in v.parents:
                visit(parent)
            order.append(v)

    visit(root)
    return order
