"""A character-level language model (字符级语言模型), notebook 07c: an RNN or LSTM reads text one character
at a time and, at every step, gives the probabilities of the next character.

The text is the one Python ships with itself: `pydoc_data.topics`, the topics of the Python language
reference that `help("if")` prints (about 460,000 characters of English, under the PSF License Version 2, as
Python's documentation is). `load_text` lowercases it and keeps a small alphabet (ALPHABET: the letters, the
space and a few punctuation marks; anything else becomes a space, and runs of spaces become one), then splits
it once, by position: the first 90 % to train on, the last 10 % (other topics) to validate on.

The model: one-hot characters x (N, T, K) → RNN or LSTM → h (N, T, H) → `EveryStep` → Linear → scores
(N·T, K), trained with softmax cross-entropy against the next character at every step. Its loss in bits per
character, L / ln 2, is the average number of bits an ideal code built on the model's probabilities would
spend per character; `unigram_bits` and `bigram_bits` give the same for the character frequencies alone,
and for the frequencies given the previous character (both counted on the training text).

Sampling feeds the model its own choices: p = softmax(z / τ) at temperature τ; τ < 1 sharpens p towards the
likeliest character, τ > 1 flattens it towards uniform. `sample` runs one step at a time (`step`, the
equations of `course_lib.recurrent` for one step, checked against the layers in tests/test_char_lm.py).
"""

import re
from dataclasses import dataclass, field

import numpy as np

from ..activations import sigmoid
from ..errors import ConfigError, finite_number, learning_rate, one_of, whole_number
from ..i18n import _
from ..layers import Linear
from ..losses import SoftmaxCrossEntropyLoss
from ..model import Sequential
from ..optim import Adam
from ..recurrent import EveryStep
from .through_time import KINDS, recurrent_layer

ALPHABET = " abcdefghijklmnopqrstuvwxyz.,:'()"
TRAIN_FRACTION = 0.9
LICENCE_NAME = "PSF License Version 2"  # i18n: not shown (the licence's name, as the licensor gives it)


def __getattr__(name):
    """`LICENCE`, the line notebook 07c prints: the licence's name and what it covers, in the learner's
    language (worked out when read, so in the language chosen by then)."""
    if name == "LICENCE":
        return _("{licence} (the licence of Python and of its documentation)").format(licence=LICENCE_NAME)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")  # i18n: not shown (Python's words)


def clean(text, alphabet=ALPHABET):
    """`text` lowercased, every character outside `alphabet` replaced by a space, runs of spaces made one."""
    text = text.lower()
    text = re.sub(f"[^{re.escape(alphabet)}]", " ", text)
    return re.sub(" +", " ", text).strip()


def load_text():
    """(train, validation): the cleaned text of Python's language-reference topics, split 90 : 10."""
    from pydoc_data.topics import topics

    text = clean(" ".join(topics[key] for key in sorted(topics)))
    cut = int(len(text) * TRAIN_FRACTION)
    return text[:cut], text[cut:]


def encode(text, alphabet=ALPHABET):
    """The characters of `text` as integers 0..K−1 (their places in `alphabet`), int64 (L,)."""
    lookup = {ch: i for i, ch in enumerate(alphabet)}
    missing = sorted(set(text) - set(lookup))
    if missing:
        raise ConfigError(
            _("encode: {characters} are not in the alphabet: pass the text through clean() first").format(
                characters=missing[:5]
            )
        )
    return np.array([lookup[ch] for ch in text], dtype=np.int64)


def decode(codes, alphabet=ALPHABET):
    return "".join(alphabet[i] for i in codes)


def unigram_bits(train, val, K=len(ALPHABET)):
    """Bits per character on `val` (codes) of the character frequencies of `train` (codes), each count + 1
    (so no character has probability 0): −(1/L) Σ log₂ q(c)."""
    q = (np.bincount(train, minlength=K) + 1.0) / (len(train) + K)
    return float(-np.mean(np.log2(q[val])))


def bigram_bits(train, val, K=len(ALPHABET)):
    """Bits per character on `val` of q(c | previous c), counted on `train` with + 1 per pair;
    −(1/(L−1)) Σ log₂ q(c_t | c_{t−1})."""
    counts = np.ones((K, K))
    np.add.at(counts, (train[:-1], train[1:]), 1)
    q = counts / counts.sum(axis=1, keepdims=True)
    return float(-np.mean(np.log2(q[val[:-1], val[1:]])))


def one_hot(codes, K=len(ALPHABET)):
    """(…,) integers → (…, K) float32 rows with a single 1."""
    return np.eye(K, dtype=np.float32)[codes]


def windows(codes, T, starts):
    """Inputs one_hot(codes[s : s+T]) (n, T, K) and targets codes[s+1 : s+T+1] (n·T,) for each start s."""
    idx = np.asarray(starts)[:, None] + np.arange(T)
    return one_hot(codes[idx]), codes[idx + 1].reshape(-1)


def char_model(kind, hidden, rng, K=len(ALPHABET)):
    """x (N, T, K) → `kind` layer (N, T, H) → EveryStep (N·T, H) → Linear → scores (N·T, K)."""
    layer = recurrent_layer(kind, K, hidden, rng)
    return Sequential([layer, EveryStep(), Linear(hidden, K, rng, init="uniform")])


@dataclass
class CharRun:
    """A finished training run: the model, and what was measured and kept on the way.

    checkpoints: {step: parameters}, copies taken every `every` steps (and at 0), for sampling later.
    val_bits: {step: validation bits per character} at the same steps."""

    kind: str
    model: Sequential
    steps: int
    checkpoints: dict = field(default_factory=dict)
    val_bits: dict = field(default_factory=dict)
    train_bits: list = field(default_factory=list)

    @property
    def final_bits(self):
        return self.val_bits[self.steps]


def validation_bits(model, val, T):
    """The model's bits per character on `val` (codes), read in windows of T characters, each starting from
    h = 0 as in training: −(1/n) Σ log₂ p(next character), over every step of every window."""
    X, y = windows(val, T, np.arange(0, len(val) - T, T))
    return SoftmaxCrossEntropyLoss().forward(model.forward(X), y) / np.log(2)


def train_char_lm(kind, train, val, steps=1500, T=32, batch=32, hidden=64, lr=2e-2, every=100, seed=0):
    """Train `kind` ("RNN" or "LSTM") on random windows of T + 1 characters of `train` (codes), with Adam
    (lr, gradients clipped at norm 1), for `steps` batches of `batch` windows. At step 0, every `every` steps
    and at the last, keep a copy of the parameters and measure the bits per character on `val` (codes).
    Returns a CharRun."""
    where = "train_char_lm"  # i18n: not shown (a function's name)
    one_of(kind, "kind", KINDS, where=where)
    steps = whole_number(steps, "steps", 1, 20_000, where=where)
    T = whole_number(T, _("T (characters per window)"), 1, 1000, where=where)
    batch = whole_number(batch, "batch", 1, 1024, where=where)
    hidden = whole_number(hidden, "hidden", 1, 1024, where=where)
    every = min(whole_number(every, _("every (steps between checkpoints)"), 1, where=where), steps)
    lr = learning_rate(lr, where)
    rng = np.random.default_rng(seed)
    model = char_model(kind, hidden, rng)
    opt, loss = Adam(model, lr=lr, clip_norm=1.0), SoftmaxCrossEntropyLoss()
    run = CharRun(kind, model, steps)

    def measure(step):
        run.checkpoints[step] = {k: v.copy() for k, v in parameters(model).items()}
        run.val_bits[step] = validation_bits(model, val, T)

    measure(0)
    for step in range(1, steps + 1):
        X, y = windows(train, T, rng.integers(0, len(train) - T - 1, batch))
        run.train_bits.append(loss.forward(model.forward(X), y) / np.log(2))
        model.backward(loss.backward(), need_dx=False)
        opt.step()
        if step % every == 0 or step == steps:
            measure(step)
    return run


def parameters(model):
    """The recurrent layer's and the output layer's parameters in one dict: Wx, Wh, b, W, bo."""
    layer, _, out = model.layers
    return {**layer.params, "W": out.params["W"], "bo": out.params["b"]}


def step(kind, p, x, state):
    """One step of the model with parameters p (`parameters`): input codes x (N,), state (h, c) → scores
    (N, K), new state. The LSTM's gates in PyTorch's order i, f, g, o, as `recurrent.LSTM`."""
    h, c = state
    a = p["Wx"][x] + h @ p["Wh"] + p["b"]  # a one-hot row times Wx is a row of Wx
    if kind == "RNN":
        h = np.tanh(a)
    else:
        i, f, g, o = np.split(a, 4, axis=1)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
    return h @ p["W"] + p["bo"], (h, c)


def sample(kind, p, prompt, length, temperature, rng, alphabet=ALPHABET):
    """`prompt` followed by `length` characters drawn one at a time from softmax(scores / temperature)."""
    temperature = finite_number(temperature, "temperature", where="sample", minimum=1e-3)
    H = p["Wh"].shape[0]
    state = (np.zeros((1, H), np.float64), np.zeros((1, H), np.float64))
    if not prompt:
        raise ConfigError(
            _("sample: the prompt is empty: give it a character or more to continue, e.g. 'the '")
        )
    codes = list(encode(prompt, alphabet))
    for code in codes[:-1]:
        _out, state = step(kind, p, np.array([code]), state)
    for _i in range(length):
        z, state = step(kind, p, np.array([codes[-1]]), state)
        z = z[0] / temperature
        q = np.exp(z - z.max())
        codes.append(int(rng.choice(len(q), p=q / q.sum())))
    return decode(codes, alphabet)
