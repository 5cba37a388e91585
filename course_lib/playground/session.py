"""The playground's model of the world: data, input features, a network, and training one tick at a time.

No widgets and no drawing here (see `dashboard.py`): a `Session` can be driven from a test, a script or
a notebook cell. Everything TensorFlow Playground lets you choose is a field of `Settings`; a change that
needs new data or a new network goes through `reset()`, while the learning rate and the regularisation
act on the running optimiser at once.

Classification: labels 0/1, one output logit; "cross-entropy" is `SigmoidCrossEntropyLoss` on it,
"quadratic" puts a sigmoid on the output and uses `QuadraticLoss`. Regression: one linear output,
quadratic loss.
"""
from dataclasses import dataclass, field, replace

import numpy as np

from ..datasets.toy2d import REGRESSION_DATASETS, TOY_DATASETS
from ..errors import ConfigError
from ..losses import QuadraticLoss, SigmoidCrossEntropyLoss
from ..model import mlp
from ..optim import SGD

FEATURES = {
    "x1": lambda X: X[:, 0], "x2": lambda X: X[:, 1],
    "x1²": lambda X: X[:, 0] ** 2, "x2²": lambda X: X[:, 1] ** 2, "x1x2": lambda X: X[:, 0] * X[:, 1],
    "sin x1": lambda X: np.sin(np.pi * X[:, 0]), "sin x2": lambda X: np.sin(np.pi * X[:, 1]),
}
CLASSIFICATION = ("circles", "xor", "gaussians", "spiral", "moons")


@dataclass(frozen=True)
class Settings:
    """Everything a learner can set. Changing any field except lr, regularization and reg_rate means a reset."""
    data: str = "circles"
    problem: str = "classification"
    noise: float = 0.05
    train_ratio: float = 0.5
    batch_size: int = 10
    features: tuple = ("x1", "x2")
    hidden: tuple = (4, 2)
    activation: str = "tanh"
    lr: float = 0.03
    regularization: str = "none"         # "none", "L1", "L2"
    reg_rate: float = 0.0
    loss: str = "cross-entropy"          # or "quadratic"
    init: str = "xavier"
    seed: int = 0
    n_points: int = 500
    steps_per_tick: int = 10


@dataclass
class Record:
    """What a run did: losses per tick, epochs and per-layer gradient norms of the last step."""
    ticks: list = field(default_factory=list)
    train_loss: list = field(default_factory=list)
    test_loss: list = field(default_factory=list)
    grad_norms: list = field(default_factory=list)


class Session:
    """One playground run. `tick()` trains `steps_per_tick` mini-batch steps and records the losses."""

    def __init__(self, settings=None, **changes):
        self.settings = replace(settings or Settings(), **changes)
        self.reset()

    # -- building ---------------------------------------------------------------------------------
    def _check(self, s):
        valid = CLASSIFICATION if s.problem == "classification" else tuple(REGRESSION_DATASETS)
        if s.problem not in ("classification", "regression"):
            raise ConfigError(f"problem must be 'classification' or 'regression', got {s.problem!r}")
        if s.data not in valid:
            raise ConfigError(f"{s.problem} data sets are {', '.join(valid)}; got {s.data!r}")
        if s.problem == "regression" and s.loss != "quadratic":
            raise ConfigError("regression uses the quadratic loss (cross-entropy needs classes)")
        if not s.features or any(f not in FEATURES for f in s.features):
            raise ConfigError(f"choose at least one input feature from {', '.join(FEATURES)}")
        if not 0.05 <= s.train_ratio <= 0.95:
            raise ConfigError(f"train_ratio must be between 0.05 and 0.95, got {s.train_ratio}")
        if s.regularization not in ("none", "L1", "L2"):
            raise ConfigError(f"regularization must be 'none', 'L1' or 'L2', got {s.regularization!r}")
        if any(int(h) != h or h < 1 for h in s.hidden):
            raise ConfigError(f"every hidden layer needs at least one neuron, got {s.hidden}")

    def reset(self, **changes):
        """New data (from the seed), a new network and optimiser, an empty record."""
        s = self.settings = replace(self.settings, **changes)
        self._check(s)
        rng = np.random.default_rng(s.seed)
        make = TOY_DATASETS[s.data] if s.problem == "classification" else REGRESSION_DATASETS[s.data]
        X, y = make(s.n_points, rng, noise=s.noise)
        n_train = int(round(s.train_ratio * len(X)))
        self.X_train, self.X_test = X[:n_train], X[n_train:]
        y = y.astype(np.float32).reshape(-1, 1)
        self.y_train, self.y_test = y[:n_train], y[n_train:]
        classify_quadratic = s.problem == "classification" and s.loss == "quadratic"
        self.model = mlp((len(s.features),) + tuple(s.hidden) + (1,), s.activation, s.init, rng=s.seed,
                         output_activation="sigmoid" if classify_quadratic else None)
        self.loss = SigmoidCrossEntropyLoss() if s.loss == "cross-entropy" else QuadraticLoss()
        self.optimizer = SGD(self.model, lr=s.lr)
        self.set_regularization(s.regularization, s.reg_rate)
        self.rng = np.random.default_rng(s.seed + 1)
        self.steps, self.diverged, self.record = 0, None, Record()
        self._measure()

    # -- changes that act at once ---------------------------------------------------------------------
    def set_lr(self, lr):
        self.optimizer.lr = lr               # checked by the optimiser: lr > 0
        self.settings = replace(self.settings, lr=lr)

    def set_regularization(self, kind, rate):
        if kind not in ("none", "L1", "L2") or not rate >= 0:
            raise ConfigError(f"regularization must be none/L1/L2 with a rate ≥ 0, got {kind!r}, {rate!r}")
        self.optimizer.weight_decay = rate if kind == "L2" else 0.0
        self.optimizer.l1 = rate if kind == "L1" else 0.0
        self.settings = replace(self.settings, regularization=kind, reg_rate=rate)

    # -- training -------------------------------------------------------------------------------------
    def features(self, X):
        """Inputs (M, 2) → the chosen features (M, F), float32."""
        return np.stack([FEATURES[f](X) for f in self.settings.features], axis=1).astype(np.float32)

    def predict(self, X):
        """Network output for points (M, 2): probability of class 1, or the regression value. Shape (M,)."""
        out = self.model.forward(self.features(X))[:, 0]
        if self.settings.problem == "classification" and self.settings.loss == "cross-entropy":
            return 1 / (1 + np.exp(-np.clip(out, -50, 50)))
        return out

    @property
    def epoch(self):
        return self.steps * self.settings.batch_size / len(self.X_train)

    def tick(self, steps=None):
        """Train `steps` (default: steps_per_tick) mini-batch steps, then record. Does nothing once diverged."""
        if self.diverged:
            return self.record
        F = self.features(self.X_train)
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(self.settings.steps_per_tick if steps is None else steps):
                idx = self.rng.integers(0, len(F), self.settings.batch_size)
                value = self.loss.forward(self.model.forward(F[idx]), self.y_train[idx])
                if not np.isfinite(value):
                    self.diverged = (f"diverged at step {self.steps + 1}: loss = {value}; "
                                     f"press reset and try a smaller learning rate (now {self.optimizer.lr:g})")
                    break
                self.model.backward(self.loss.backward(), need_dx=False)
                self.optimizer.step()
                self.steps += 1
        self._measure()
        return self.record

    def _measure(self):
        r = self.record
        with np.errstate(over="ignore", invalid="ignore"):
            train = self.loss.forward(self.model.forward(self.features(self.X_train)), self.y_train)
            test = self.loss.forward(self.model.forward(self.features(self.X_test)), self.y_test)
        r.ticks.append(self.epoch)
        r.train_loss.append(train)
        r.test_loss.append(test)
        r.grad_norms.append([float(np.linalg.norm(l.grads["W"])) if "W" in l.grads else 0.0
                             for l in self.model.param_layers()])

    def run(self, steps):
        """Train `steps` steps in ticks (headless use); returns a one-line summary."""
        while not self.diverged and steps > 0:
            n = min(steps, self.settings.steps_per_tick)
            self.tick(n)
            steps -= n
        return self.summary()

    def summary(self):
        r = self.record
        head = f"epoch {self.epoch:.1f}: train loss {r.train_loss[-1]:.3f}, test loss {r.test_loss[-1]:.3f}"
        return f"✗ {self.diverged}" if self.diverged else head
