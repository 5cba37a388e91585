"""The playground's model of the world: data, input features, a network, and training one tick at a time.

No widgets and no drawing here (the dashboard is `course_lib.viz.playground`): a `Session` can be driven
from a test, a script or a notebook cell. Everything TensorFlow Playground lets you choose is a field of
`Settings`; a change that needs new data or a new network goes through `reset()`, while the learning rate
and the regularisation act on the running optimiser at once. Every setting is checked before it is used: a
name the session does not know, a count that would loop forever or a network too big to train live is a
ConfigError that says what to choose instead, and a refused `reset` leaves the running session exactly as
it was.

Classification: labels 0/1, one output logit; "cross-entropy" is `SigmoidCrossEntropyLoss` on it,
"quadratic" puts a sigmoid on the output and uses `QuadraticLoss`. Regression: one linear output,
quadratic loss.

Training is the Trainer's own step (`course_lib.train.Trainer.step`: forward, the runaway check, backward,
the per-layer gradient norms, the optimiser's update), on mini-batches the session draws with replacement;
so the playground diverges by the same rule, and its bars show the same gradient norm per layer
(‖∂L/∂θ_l‖ over W and b), as every other run in the course.
"""

from dataclasses import dataclass, field, fields, replace

import numpy as np

from ..activations import ACTIVATIONS, sigmoid
from ..datasets.toy2d import REGRESSION_DATASETS, TOY_DATASETS
from ..errors import (
    ConfigError,
    ShapeError,
    TrainingDiverged,
    finite_number,
    learning_rate,
    one_of,
    positive_number,
    smaller_lr,
    whole_number,
)
from ..i18n import _
from ..init import INITS
from ..losses import LOSS_NAMES
from ..model import mlp
from ..optim import SGD
from ..train import Trainer

FEATURES = {
    "x1": lambda X: X[:, 0],
    "x2": lambda X: X[:, 1],
    "x1²": lambda X: X[:, 0] ** 2,
    "x2²": lambda X: X[:, 1] ** 2,
    "x1x2": lambda X: X[:, 0] * X[:, 1],
    "sin x1": lambda X: np.sin(np.pi * X[:, 0]),
    "sin x2": lambda X: np.sin(np.pi * X[:, 1]),
}
CLASSIFICATION = ("circles", "xor", "gaussians", "spiral", "moons")
PROBLEMS = {"classification": CLASSIFICATION, "regression": tuple(REGRESSION_DATASETS)}
# classification: the course's two losses, its default (the cross-entropy) first; regression: the quadratic
LOSSES = {"classification": tuple(reversed(LOSS_NAMES)), "regression": ("quadratic",)}
DEFAULTS = {
    "classification": {"data": "circles", "loss": "cross-entropy"},  # what problem=... alone means
    "regression": {"data": "plane", "loss": "quadratic"},
}
REGULARIZATIONS = ("none", "L1", "L2")
# Limits that keep one tick (steps_per_tick steps + a redraw) well under the dashboard's timer interval and
# any run finite: a bigger network or data set would freeze the kernel rather than teach anything more.
MAX_LAYERS, MAX_NEURONS = 8, 64
MIN_POINTS, MAX_POINTS = 20, 5000
MAX_STEPS_PER_TICK, MAX_STEPS = 1000, 100_000
WHERE = "playground"


@dataclass(frozen=True)
class Settings:
    """Everything a learner can set. Changing any field except lr, regularization and reg_rate means a
    reset."""

    data: str = "circles"
    problem: str = "classification"
    noise: float = 0.05
    train_ratio: float = 0.5
    batch_size: int = 10
    features: tuple = ("x1", "x2")
    hidden: tuple = (4, 2)
    activation: str = "tanh"
    lr: float = 0.03
    regularization: str = "none"  # "none", "L1", "L2"
    reg_rate: float = 0.0
    loss: str = "cross-entropy"  # or "quadratic"
    init: str = "xavier"
    seed: int = 0
    n_points: int = 500
    steps_per_tick: int = 10


SETTING_NAMES = tuple(f.name for f in fields(Settings))


def changed(settings, changes):
    """`settings` with `changes` applied, unchecked. Naming another problem alone also switches the data
    set and loss to that problem's defaults, where the current ones do not fit it (so
    problem="regression" just works)."""
    unknown = sorted(set(changes) - set(SETTING_NAMES))
    if unknown:
        raise ConfigError(
            _("{where}: no setting called {unknown}; the settings are {names}").format(
                where=WHERE, unknown=", ".join(map(repr, unknown)), names=", ".join(SETTING_NAMES)
            )
        )
    changes = dict(changes)
    problem = changes.get("problem", settings.problem)
    if problem in PROBLEMS and problem != settings.problem:
        for key, default in DEFAULTS[problem].items():
            current = getattr(settings, key)
            fitting = PROBLEMS[problem] if key == "data" else LOSSES[problem]
            if key not in changes and current not in fitting:
                changes[key] = default
    return replace(settings, **changes)


def checked(s):
    """Return `s` with every field checked and normalised (ints, floats, tuples), or raise ConfigError
    naming the fix."""
    problem = one_of(s.problem, "problem", tuple(PROBLEMS), WHERE)
    data = one_of(s.data, _("{problem} data set").format(problem=problem), PROBLEMS[problem], WHERE)
    loss = one_of(s.loss, "loss", LOSSES["classification"], WHERE)
    if loss not in LOSSES[problem]:
        raise ConfigError(
            _(
                "{where}: regression uses the quadratic loss (cross-entropy needs classes): "
                "set loss='quadratic'"
            ).format(where=WHERE)
        )
    features = s.features
    if isinstance(features, str) or not isinstance(features, (tuple, list)):
        raise ConfigError(
            _("{where}: features must be a tuple of names such as ('x1', 'x2'), got {features}").format(
                where=WHERE, features=repr(features)
            )
        )
    if not features:
        raise ConfigError(
            _("{where}: choose at least one feature: tick one of {names}").format(
                where=WHERE, names=", ".join(FEATURES)
            )
        )
    for f in features:
        one_of(f, _("feature"), tuple(FEATURES), WHERE)
    if len(set(features)) < len(features):
        raise ConfigError(
            _("{where}: each feature can be chosen once, got {features}").format(
                where=WHERE, features=tuple(features)
            )
        )
    hidden = s.hidden
    if isinstance(hidden, (str, bytes)) or not isinstance(hidden, (tuple, list)):
        raise ConfigError(
            _(
                "{where}: hidden must be a tuple of layer widths such as (4, 2) (or () for none), "
                "got {hidden}"
            ).format(where=WHERE, hidden=repr(hidden))
        )
    if len(hidden) > MAX_LAYERS:
        raise ConfigError(
            _("{where}: at most {most} hidden layers train live, got {n}").format(
                where=WHERE, most=MAX_LAYERS, n=len(hidden)
            )
        )
    width = _("every hidden layer's width")
    hidden = tuple(whole_number(h, width, 1, MAX_NEURONS, WHERE) for h in hidden)
    train_ratio = finite_number(
        s.train_ratio,
        _("train_ratio (the share of points used for training)"),
        WHERE,
        minimum=0.05,
        maximum=0.95,
    )
    n_points = whole_number(s.n_points, "n_points", MIN_POINTS, MAX_POINTS, WHERE)
    n_train = int(round(train_ratio * n_points))
    return replace(
        s,
        problem=problem,
        data=data,
        loss=loss,
        features=tuple(features),
        hidden=hidden,
        activation=one_of(s.activation, "activation", tuple(ACTIVATIONS), WHERE),
        init=one_of(s.init, "init", INITS, WHERE),
        lr=learning_rate(s.lr, WHERE),
        regularization=one_of(s.regularization, "regularization", REGULARIZATIONS, WHERE),
        reg_rate=positive_number(s.reg_rate, "reg_rate", WHERE, allow_zero=True),
        noise=positive_number(s.noise, "noise", WHERE, allow_zero=True),
        train_ratio=train_ratio,
        n_points=n_points,
        batch_size=whole_number(s.batch_size, "batch_size", 1, n_train, WHERE),  # at most the training points
        seed=whole_number(s.seed, "seed", 0, where=WHERE),
        steps_per_tick=whole_number(
            s.steps_per_tick,
            "steps_per_tick",  # i18n: not shown (a code name)
            1,
            MAX_STEPS_PER_TICK,
            WHERE,
        ),
    )


def regularize(optimizer, kind, rate):
    """Point the optimiser's penalty at `kind` ("none", "L1", "L2") with strength `rate` ≥ 0."""
    optimizer.weight_decay = rate if kind == "L2" else 0.0
    optimizer.l1 = rate if kind == "L1" else 0.0


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
        if settings is not None and not isinstance(settings, Settings):
            raise ConfigError(
                _(
                    "{where}: settings must be a Settings(...) or left out (pass options as "
                    "keywords, e.g. Session(lr=0.1)), got {type}"
                ).format(where=WHERE, type=type(settings).__name__)
            )
        self.settings = settings or Settings()
        # all set by reset(), from the settings: the data, split into training and test points ...
        self.X_train = self.X_test = self.y_train = self.y_test = None
        # ... the network, its loss and optimiser, the Trainer whose step trains them, the batch sampler ...
        self.model = self.loss = self.optimizer = None
        self.trainer = self.rng = None
        # ... and the run so far: None or the message of a runaway loss, and the losses per tick
        self.diverged = self.record = None
        self.reset(**changes)

    # -- building ---------------------------------------------------------------------------------
    def reset(self, **changes):
        """New data (from the seed), a new network and optimiser, an empty record.

        Everything is checked and built before anything is replaced: a refused reset changes nothing."""
        s = checked(changed(self.settings, changes))
        rng = np.random.default_rng(s.seed)
        make = TOY_DATASETS[s.data] if s.problem == "classification" else REGRESSION_DATASETS[s.data]
        X, y = make(s.n_points, rng, noise=s.noise)
        n_train = int(round(s.train_ratio * len(X)))
        y = y.astype(np.float32).reshape(-1, 1)
        classify_quadratic = s.problem == "classification" and s.loss == "quadratic"
        model = mlp(
            (len(s.features),) + s.hidden + (1,),
            s.activation,
            s.init,
            rng=s.seed,
            output_activation="sigmoid" if classify_quadratic else None,
        )
        optimizer = SGD(model, lr=s.lr)
        regularize(optimizer, s.regularization, s.reg_rate)
        loss = LOSS_NAMES[s.loss]()
        F_train = _features(X[:n_train], s.features)
        trainer = Trainer(
            model,
            loss,
            optimizer,
            F_train,
            y[:n_train],
            batch_size=s.batch_size,
            seed=s.seed,
            name=WHERE,
            advice=lambda lr: _("press reset, and {advice}").format(advice=smaller_lr(lr)),
        )
        self.settings = s
        self.X_train, self.X_test = X[:n_train], X[n_train:]
        self.y_train, self.y_test = y[:n_train], y[n_train:]
        self.model, self.optimizer, self.loss, self.trainer = model, optimizer, loss, trainer
        self.rng = np.random.default_rng(s.seed + 1)  # draws the mini-batches
        self.diverged, self.record = None, Record()
        self._measure()

    # -- changes that act at once ---------------------------------------------------------------------
    def set_lr(self, lr):
        lr = learning_rate(lr, WHERE)
        self.optimizer.lr = lr
        self.settings = replace(self.settings, lr=lr)

    def set_regularization(self, kind, rate):
        kind = one_of(kind, "regularization", REGULARIZATIONS, WHERE)
        rate = positive_number(rate, "reg_rate", WHERE, allow_zero=True)
        regularize(self.optimizer, kind, rate)
        self.settings = replace(self.settings, regularization=kind, reg_rate=rate)

    # -- training -------------------------------------------------------------------------------------
    def features(self, X):
        """Inputs (M, 2) → the chosen features (M, F), float32."""
        return _features(X, self.settings.features)

    def predict(self, X):
        """Network output for points (M, 2): probability of class 1, or the regression value. Shape (M,)."""
        out = self.model.forward(self.features(X))[:, 0]
        if self.settings.problem == "classification" and self.settings.loss == "cross-entropy":
            return sigmoid(out)  # the output is a logit
        return out

    @property
    def steps(self):
        """Training steps taken since the last reset."""
        return self.trainer.history.steps

    @property
    def epoch(self):
        return self.steps * self.settings.batch_size / len(self.X_train)

    def tick(self, steps=None):
        """Train `steps` (default: steps_per_tick) mini-batch steps, then record. Does nothing once diverged.

        Each step is `Trainer.step` on a batch drawn with replacement; a runaway loss stops the run, and its
        message (the Trainer's, ending "press reset, and try a smaller learning rate") is kept in `diverged`.
        """
        if steps is not None:
            steps = whole_number(steps, "steps", 0, MAX_STEPS, WHERE)
        if self.diverged:
            return self.record
        F, y = self.trainer.X, self.trainer.y
        for _i in range(self.settings.steps_per_tick if steps is None else steps):
            idx = self.rng.integers(0, len(F), self.settings.batch_size)
            try:
                self.trainer.step(F[idx], y[idx])
            except TrainingDiverged as e:
                self.diverged = str(e)
                break
        self._measure()
        return self.record

    def _measure(self):
        """Record the losses on all training and test points, and the last step's gradient norm per layer."""
        r = self.record
        with np.errstate(over="ignore", invalid="ignore"):
            train = self.loss.forward(self.model.forward(self.trainer.X), self.y_train)
            test = self.loss.forward(self.model.forward(self.features(self.X_test)), self.y_test)
        r.ticks.append(self.epoch)
        r.train_loss.append(train)
        r.test_loss.append(test)
        norms = self.trainer.history.grad_norms
        r.grad_norms.append(list(norms[-1]) if norms else [0.0] * len(self.model.param_layers()))

    def run(self, steps):
        """Train `steps` steps in ticks (headless use); returns a one-line summary."""
        steps = whole_number(steps, "steps", 0, MAX_STEPS, WHERE)
        while not self.diverged and steps > 0:
            n = min(steps, self.settings.steps_per_tick)
            self.tick(n)
            steps -= n
        return self.summary()

    def summary(self):
        r = self.record
        if self.diverged:
            return f"✗ {self.diverged}"
        return _("epoch {epoch:.1f}: train loss {train:.3f}, test loss {test:.3f}").format(
            epoch=self.epoch, train=r.train_loss[-1], test=r.test_loss[-1]
        )


def _features(X, names):
    """Points (M, 2) → the features called `names` (M, F), float32."""
    X = np.asarray(X, dtype=np.float32)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ShapeError(
            _("{where}: points must have shape (M, 2), one (x1, x2) per row; got {shape}").format(
                where=WHERE, shape=X.shape
            )
        )
    return np.stack([FEATURES[f](X) for f in names], axis=1).astype(np.float32)
