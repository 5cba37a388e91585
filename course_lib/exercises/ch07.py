"""Exercises of notebook 07, recurrent networks, including the five review questions of Liu Peng's textbook.

Review questions 3 and 5 ask for an explanation; no program can judge one written in the learner's words,
so they are answered by marking statements true or false (statements.TrueStatements): a key-word count
gave ✓ to "We never unroll the network in time; … the weights are not shared" and to "CNNs are never used for
images, and RNNs are never used for sequences"."""

import re
from collections.abc import Mapping

import numpy as np

from ..activations import sigmoid
from ..i18n import N_, _, translated
from ..lessons.through_time import gradient_over_seeds
from ..recurrent import RNN
from .checks import array_answer, assert_array_close, picks
from .core import CountExercise, FunctionExercise, NumberExercise, OrderExercise
from .predict import ChoicePrediction, SetPrediction
from .statements import TrueStatements


def rnn_forward(x, Wx, Wh, b):
    """Hidden states of a tanh RNN: h_t = tanh(x_t Wx + h_{t−1} Wh + b), h_0 = 0.
    x (N, T, D) → h (N, T, H)."""
    N, T, _ = x.shape
    h = np.zeros((N, T, Wh.shape[0]))
    prev = np.zeros((N, Wh.shape[0]))
    for t in range(T):
        prev = h[:, t] = np.tanh(x[:, t] @ Wx + prev @ Wh + b)
    return h


def _without_tanh(x, Wx, Wh, b):
    """A typical wrong answer: the recurrence without its nonlinearity."""
    h, prev = [], np.zeros((x.shape[0], Wh.shape[0]))
    for t in range(x.shape[1]):
        prev = x[:, t] @ Wx + prev @ Wh + b
        h.append(prev)
    return np.stack(h, axis=1)


def _forward_inputs():
    """A small float64 case: x (2, 5, 3) and the weights of an RNN(3 → 4)."""
    rng = np.random.default_rng(7)
    layer = RNN(3, 4, rng, dtype=np.float64)
    return rng.standard_normal((2, 5, 3)), layer.params["Wx"], layer.params["Wh"], layer.params["b"]


def _layer_states(x, Wx, Wh, b):
    """The hidden states course_lib's RNN computes for the same weights (the same seed as _forward_inputs)."""
    return RNN(3, 4, np.random.default_rng(7), dtype=np.float64).forward(x)


def _compare_states(name, got, want):
    got = array_answer(name, got, want.shape)
    if np.allclose(got[:, 0], want[:, 0]) and not np.allclose(got, want):
        raise AssertionError(
            _("step 1 is right, later steps are not: does h_{t−1} @ Wh feed into every step?")
        )
    assert_array_close(name, got, want, rtol=1e-5, atol=1e-6)  # float32 answers are fine too


forward = FunctionExercise(
    N_("RNN forward through time"),
    rnn_forward,
    _forward_inputs,
    N_(
        "keep the previous hidden state in a variable (zeros before step 1) and update it once per step; "
        "collect every step's state in an (N, T, H) array."
    ),
    N_("right: one loop over t, the same Wx, Wh, b at every step"),
    name=N_("your h"),
    expected=_layer_states,
    compare=_compare_states,
    mistakes=[
        (
            lambda x, Wx, Wh, b: rnn_forward(x, Wx, Wh.T, b),
            N_(
                "you multiplied by Wh.T: with row vectors the recurrence is h_{t−1} @ Wh (row i of Wh holds "
                "the weights from unit i)"
            ),
        ),
        (_without_tanh, N_("no tanh: that is a linear recurrence; h_t = tanh(x_t Wx + h_{t−1} Wh + b)")),
    ],
)

D_Q, H_Q, T_Q = 10, 20, 50
RNN_PARAMS = D_Q * H_Q + H_Q * H_Q + H_Q

# The messages below write the numbers out: a declared message is translated where it is shown, so it cannot
# be an f-string (tests/test_exercises_ch07.py checks that they are these constants' numbers).
param_count = CountExercise(
    N_("parameters of an RNN layer"),
    RNN_PARAMS,
    N_("the unrolled picture has T copies, but they are the same matrices."),
    N_("10·20 + 20·20 + 20 = 620, whatever T is: the parameters are shared across time"),
    N_("count U (D × H), W (H × H) and b (H)"),
    N_("parameters"),
    "1000",
    mistakes=[
        (
            RNN_PARAMS * T_Q,
            N_("that is T copies: the unrolled network reuses the same U, W, b at every step"),
        ),
        (D_Q * H_Q + H_Q * H_Q, N_("and the bias b (H values)?")),
        (
            RNN_PARAMS + H_Q,
            N_("that counts two biases, as PyTorch's nn.RNN does (b_ih and b_hh); ours has one"),
        ),
        (D_Q * H_Q + H_Q, N_("and W, the recurrence (H × H)? It is what makes the network recurrent")),
    ],
)

# -- section 2: find the bug in a BPTT --------------------------------------------------------------------


def rnn_backward(x, h, dout, Wx, Wh):
    """BPTT for h_t = tanh(x_t Wx + h_{t−1} Wh + b), h_0 = 0, given the hidden states h (N, T, H) and
    dout = ∂L/∂h_t from the loss at each step (N, T, H). Returns dWx (D, H), dWh (H, H), db (H,)."""
    N, T, H = h.shape
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(H)
    carry = np.zeros((N, H))  # what flows back from step t + 1
    for t in reversed(range(T)):  # from the last step to the first
        dz = (dout[:, t] + carry) * (1 - h[:, t] ** 2)  # δ_t ⊙ tanh′(z_t)
        h_prev = h[:, t - 1] if t > 0 else np.zeros((N, H))
        dWx += x[:, t].T @ dz  # shared weights: sum over the steps
        dWh += h_prev.T @ dz
        db += dz.sum(axis=0)
        carry = dz @ Wh.T
    return dWx, dWh, db


def _bptt_slip(slip):
    """rnn_backward with one typical slip, as a wrong answer to recognise: "overwrite" (each step replaces
    the gradients instead of adding to them), "no transpose" (carry = dz @ Wh) or "forward" (t = 1 … T)."""

    def backward(x, h, dout, Wx, Wh):
        N, T, H = h.shape
        grads, carry = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(H)], np.zeros((N, H))
        for t in range(T) if slip == "forward" else reversed(range(T)):
            dz = (dout[:, t] + carry) * (1 - h[:, t] ** 2)
            h_prev = h[:, t - 1] if t > 0 else np.zeros((N, H))
            step = [x[:, t].T @ dz, h_prev.T @ dz, dz.sum(axis=0)]
            grads = step if slip == "overwrite" else [g + s for g, s in zip(grads, step)]
            carry = dz @ (Wh if slip == "no transpose" else Wh.T)
        return tuple(grads)

    return backward


def _bptt_inputs():
    """A float64 case for an RNN(3 → 4) over 6 steps: x, its hidden states, a random dout, Wx, Wh."""
    rng = np.random.default_rng(11)
    layer = RNN(3, 4, rng, dtype=np.float64)
    x = rng.standard_normal((2, 6, 3))
    h = layer.forward(x)
    return x, h, rng.standard_normal(h.shape), layer.params["Wx"], layer.params["Wh"]


def _layer_grads(x, h, dout, Wx, Wh):
    """The gradients course_lib's RNN computes for the same weights (the same seed as _bptt_inputs)."""
    layer = RNN(3, 4, np.random.default_rng(11), dtype=np.float64)
    layer.forward(x)
    layer.backward(dout)
    return layer.grads["Wx"], layer.grads["Wh"], layer.grads["b"]


bptt_bug = FunctionExercise(
    N_("find the bug in a BPTT"),
    rnn_backward,
    _bptt_inputs,
    N_(
        "the function runs and returns arrays of the right shapes; compare its step 3 with the third step of "
        "BPTT in section 2."
    ),
    N_("fixed: the weights are shared by every step, so their gradients add up over the steps (+=)"),
    name=(N_("your dWx"), N_("your dWh"), N_("your db")),
    expected=_layer_grads,
    returns=N_("return the three gradients, as in the template: dWx, dWh, db"),
    mistakes=[
        (
            _bptt_slip("overwrite"),
            N_(
                "your dWx, dWh and db hold only the first step's part (t = 0): the loop replaces them at "
                "every step; what does step 3 above say shared weights need?"
            ),
        ),
        (
            _bptt_slip("no transpose"),
            N_(
                "the error goes back through Wh.T: z_{t+1} = … + h_t Wh, so ∂z_{t+1}/∂h_t multiplies δ by "
                "Wh.T"
            ),
        ),
        (
            _bptt_slip("forward"),
            N_("the loop runs forward in time: δ_t needs δ_{t+1}, so go from the last step to the first"),
        ),
    ],
)

# -- section 3: predict, then run -------------------------------------------------------------------------

# The three outcomes and the spellings a learner may type, in English or Chinese (梯度消失 / 梯度爆炸 are the
# glossary's terms); the answer is read as checks.normalise_choice does: case and spaces do not matter.
TRENDS = {
    N_("vanishes"): (
        "vanish",
        "vanished",
        "vanishing",
        "shrinks",
        "decays",
        "消失",
        "会消失",
        "梯度消失",
        "变小",
        "减小",
        "更小",
        "缩小",
        "衰减",
        "趋于零",
        "趋于0",
        "弥散",
        "梯度弥散",
    ),
    N_("stays"): (
        "stay",
        "stays-the-same",  # i18n: not shown (a spelling the checker reads)
        "stays-about-the-same",  # i18n: not shown (a spelling the checker reads)
        "same",
        "constant",
        "unchanged",
        "survives",
        "不变",
        "保持",
        "保持不变",
        "大致不变",
        "基本不变",
        "差不多",
        "稳定",
        "维持",
    ),
    N_("explodes"): (
        "explode",
        "exploded",
        "exploding",
        "grows",
        "blows-up",
        "爆炸",
        "会爆炸",
        "梯度爆炸",
        "变大",
        "增大",
        "更大",
        "增长",
        "发散",
    ),
}
HAPPENED = {  # what the run shows, one sentence per outcome (a translator needs each whole)
    "vanishes": N_("it vanishes (‖δ_1‖/‖δ_T‖ = {ratio:.1e}, the median of ten draws of the weights)"),
    "stays": N_("it stays (‖δ_1‖/‖δ_T‖ = {ratio:.1e}, the median of ten draws of the weights)"),
    "explodes": N_("it explodes (‖δ_1‖/‖δ_T‖ = {ratio:.1e}, the median of ten draws of the weights)"),
}


def trend(ratio):
    """What a gradient did over the steps, from ‖δ_1‖/‖δ_T‖: "vanishes" below 0.01, "explodes" above 100,
    else "stays"."""
    return "vanishes" if ratio < 1e-2 else "explodes" if ratio > 1e2 else "stays"


def relu_experiment(seed=0, n_seeds=10):
    """‖δ_1‖/‖δ_T‖ of a ReLU RNN with weight scale 1 over 50 steps, the median over `n_seeds` draws of the
    weights from `seed` on (section 3's measurement). One draw can be far from the typical one: seed 9's
    ratio is about 16, the others' below 10⁻⁵."""
    return float(np.median(gradient_over_seeds("RNN", 50, 1.0, "relu", seed=seed, n_seeds=n_seeds)[:, 0]))


def _relu_outcome():
    ratio = relu_experiment()
    return trend(ratio), translated(HAPPENED[trend(ratio)]).format(ratio=ratio)


relu_prediction = ChoicePrediction(
    N_("predict: a ReLU RNN's gradient"),
    "relu_prediction",
    TRENDS,
    _relu_outcome,
    {
        "vanishes": N_(
            "ReLU′ = 1 where a unit is active, but about half the units are off (ReLU′ = 0), so each "
            "step back keeps only part of δ"
        ),
        "stays": N_(
            "ReLU′ = 1 only where a unit is active: about half are off (ReLU′ = 0), so each step back "
            "passes only part of δ, and W of scale 1 does not make up for it"
        ),
        "explodes": N_(
            "that happens at scale 2 (section 3's ReLU curve); at scale 1 the half of the units that "
            "are off (ReLU′ = 0) make δ shrink at every step"
        ),
    },
    N_(
        "ReLU′ is 1 for an active unit and 0 for an inactive one. What fraction of the units is active? "
        "What does that do to ‖δ‖ at each step back, with a weight scale of 1?"
    ),
    "vanishes",
)

# -- section 4: derive how much of the gradient the LSTM's cell keeps -------------------------------------

FORGET_BIAS, CELL_STEPS = 3.0, 49


_F = float(sigmoid(FORGET_BIAS))
cell_fraction = NumberExercise(
    N_("derive: what the LSTM's cell keeps"),
    _F**CELL_STEPS,
    N_(
        "backward along the cell path, ∂c_t/∂c_{t−1} = f_t; with a forget-gate bias of 3 and the other "
        "inputs near 0, f_t ≈ σ(3). How many such factors lie between step 50 and step 1?"
    ),
    # the numbers written out, as in param_count's messages: σ(FORGET_BIAS)^CELL_STEPS (a test checks them)
    N_("σ(3)^49 = 0.9526^49 ≈ 0.092: about a tenth survives 49 steps, where the RNN kept less than 10⁻⁶"),
    N_("along the cell path each step back multiplies by f = σ(3); give at least 2 significant digits"),
    "0.5",
    shown=".4g",
    mistakes=[
        (0, N_("0 is where the RNN's gradient ends up; the cell path keeps more")),
        (_F, N_("that is one step back; from step 50 to step 1 the gradient passes 49 forget gates")),
        (_F ** (CELL_STEPS + 1), N_("that is 50 factors: from step 50 back to step 1 there are 49 steps")),
        (
            0.95**CELL_STEPS,
            N_(
                "you rounded f to 0.95 first: σ(3) = 0.9526, and over 49 factors that "
                "rounding costs 12%; raise σ(3) itself to the 49th power"
            ),
        ),
        (
            float(np.exp(-CELL_STEPS * (1 - _F))),
            N_("that is e^{−49(1−f)}, an approximation of f^49 that is 6% off here; compute f^49 itself"),
        ),
        (float(sigmoid(1.0)) ** CELL_STEPS, N_("that is a forget-gate bias of 1 (f ≈ 0.73); ours is 3")),
    ],
)

# -- the textbook's five review questions --------------------------------------------------------------------


class Shown(Mapping):
    """A table {key: message marked N_} whose values come out in the current language when read: the
    notebook prints `ch07.REASONS.items()` in a code cell that both editions share to the byte."""

    def __init__(self, table):
        self._table = dict(table)

    def __getitem__(self, key):
        return translated(self._table[key])

    def __iter__(self):
        return iter(self._table)

    def __len__(self):
        return len(self._table)


def _listed(items, separator=N_(", ")):
    """`items` joined for a message: ", " in English, the translation's separator (、) in Chinese."""
    return translated(separator).join(items)


REASONS = Shown(
    {
        "a": N_("large labelled data sets"),
        "b": N_("better training methods (initialisation, ReLU, new losses)"),
        "c": N_("fast hardware, above all GPUs"),
        "d": N_("networks with fewer parameters than shallow ones"),
        "e": N_("the backpropagation algorithm was invented in 2006"),
        "f": N_("computers stopped needing training data"),
    }
)


WRONG_REASONS = Shown(
    {
        "e": N_("backpropagation is from the 1970s–80s; chapter 0 tells what changed in 2006"),
        "f": N_("deep networks need more labelled data, not less (reason a)"),
    }
)


def _reason_letters(answer):
    picked = set(picks(answer, _("letters"), _("'abc' or {'a', 'b', 'c'}")))
    unknown = picked - set(REASONS)
    assert not unknown, _("pick letters among {letters}; {unknown} is not one").format(
        letters=_listed(REASONS), unknown=_listed(sorted(unknown))
    )
    return picked


def _not_reasons(letters):
    return _listed(
        (
            _("{letter}) is not among the book's reasons: {why}").format(letter=w, why=WRONG_REASONS[w])
            for w in letters
        ),
        N_("; "),
    )


# d: the seed (slide 5) and chapter 0 argue that depth builds a function with far fewer parameters than a
# shallow net needs for it; a right answer may include it or leave it out
WITH_D = N_(
    "data, training methods, hardware (and with them, learned features); and, as the seed argues, "
    "depth needs fewer parameters than width for the same function"
)
WITHOUT_D = N_(
    "data, training methods, hardware (and with them, learned features); the textbook also argues d: "
    "depth needs fewer parameters for the same function"
)

q1_reasons = SetPrediction(
    N_("review 1: why deep networks took off"),
    "my_reasons",
    _reason_letters,
    lambda: {"a", "b", "c"},
    lambda letters: _("one of the three reasons is missing: {reasons}").format(
        reasons=_listed(REASONS[m] for m in letters)
    ),
    _not_reasons,
    lambda picked: translated(WITH_D if "d" in picked else WITHOUT_D),
    N_(
        "chapter 0, sections 4–6: three things changed around 2006, and chapter 0's sawtooth "
        "shows what depth saves."
    ),
    {"a", "b", "c", "d"},
    WITH_D,
    missed_first=False,
    optional={"d"},
    together=True,
)

# The names a learner may give each kind of layer, in English or Chinese (the glossary's 卷积层, 池化层 /
# 下采样层, 全连接层, 隐藏层 / 隐含层, and common variants); "layer" and 层 may be left out.
LAYER_NAMES = {
    "convolution": ("conv", "convolution", "convolutional", "卷积", "卷积运算"),
    "pooling": (
        "pool",
        "pooling",
        "subsampling",
        "downsampling",
        "sampling",
        "池化",
        "下采样",
        "采样",
        "降采样",
        "子采样",
        "亚采样",
        "汇聚",
    ),
    "fully connected": (
        "fully connected",
        "fullyconnected",
        "full connection",
        "dense",
        "fc",
        "linear",
        "全连接",
        "全联接",
        "稠密",
        "密集",
        "线性",
    ),
    "input": ("input", "输入"),
    "hidden": ("hidden", "recurrent", "rnn", "隐含", "隐藏", "循环", "隐"),
    "output": ("output", "输出"),
}
# each kind's name in a message ("'x' is not one of 'convolution', …"): in Chinese, a name the checker reads
LAYER_SHOWN = {
    "convolution": N_("convolution"),
    "pooling": N_("pooling"),
    "fully connected": N_("fully connected"),
    "input": N_("input"),
    "hidden": N_("hidden"),
    "output": N_("output"),
}


def _layer_name(text, options):
    """The canonical name among `options` that a learner's spelling means: case, hyphens, a trailing
    "layer(s)" (层) and words such as "max" or "average" (最大, 平均) do not matter. A Chinese name also
    counts inside a longer answer (最大池化层 is pooling), as an English one of over three letters does."""
    key = str(text).lower().replace("-", " ").replace("_", " ").strip(" .()[]（）。")
    for word in ("layers", "layer", "层", "max ", "mean ", "average "):
        key = key.replace(word, " ")
    key = " ".join(key.split())
    for name in options:
        if any(
            key == s
            or key.replace(" ", "") == s.replace(" ", "")
            or ((len(s) > 3 or not s.isascii()) and s in key)
            for s in LAYER_NAMES[name]
        ):
            return name
    raise AssertionError(
        _("{text} is not one of {options}").format(
            text=repr(text), options=_listed(repr(translated(LAYER_SHOWN[o])) for o in options)
        )
    )


def _layers(answer, n, options):
    # a string such as "conv, pool, fc", "conv → pool → fc" or "卷积层、池化层、全连接层"
    if isinstance(answer, str):
        answer = [a for a in re.split(r"[,，、;；\n]|→|->", answer) if a.strip()]
    if not isinstance(answer, (list, tuple)) or len(answer) != n:
        raise AssertionError(_("give {n} layer names, e.g. ['...', '...', '...']").format(n=n))
    return [_layer_name(a, options) for a in answer]


CNN_LAYERS = ["convolution", "pooling", "fully connected"]
_FLOW = N_("in the order a letter meets them: features first, then shrinking, then classifying")
q2_cnn_layers = OrderExercise(
    N_("review 2: the layers of a CNN"),
    CNN_LAYERS,
    N_("chapter 6, section 5: the classic structure, in order."),
    N_("convolution → pooling (subsampling) → fully connected"),
    lambda answer: _layers(answer, 3, CNN_LAYERS),
    _FLOW,
    _FLOW,
)

APPLICATION_STATEMENTS = {
    "a": N_(
        "a CNN suits data laid out on a grid, where neighbouring values belong together and a pattern means "
        "the same wherever it appears: images above all"
    ),
    "b": N_(
        "an RNN suits sequences, where what comes next depends on what came before: text, speech, a "
        "recorded signal"
    ),
    "c": N_("CNNs are seldom used for images; their main use is language"),
    "d": N_("an RNN reads a sequence of any length with the same weights at every step"),
    "e": N_(
        "an RNN needs a new set of weights for every further step, so it reads sequences of one length only"
    ),
    "f": N_(
        "reading the lab's letters (chapter 6) is a typical task for a CNN; tagging each word of a sentence "
        "with its part of speech (词性标注) is a typical task for an RNN"
    ),
    "g": N_(
        "a CNN carries a state from one image to the next, as an RNN carries h_t from one step to the next"
    ),
    "h": N_("a CNN learns a separate kernel for every position in the image"),
}

q3_uses = TrueStatements(
    N_("review 3: where CNNs and RNNs are used"),
    APPLICATION_STATEMENTS,
    "abdf",
    N_(
        "A CNN builds in a grid: the same kernels slide over every position (h is false), so a pattern is "
        "found wherever it is, and image understanding is its home ground (a; c is false), chapter 6's "
        "letters among it. It reads each image on its own and carries nothing over to the next (g is false). "
        "An RNN builds in an order: its hidden state carries what came before, and the same U, W, V serve "
        "every step (d; e is false), so it reads sequences of any length: language (Liu Peng's textbook "
        "names word vectors, part-of-speech tagging and checking whether a sentence is well-formed), speech, "
        "and recorded signals such as section 6's (b, f)."
    ),
    N_(
        "what structure does each network build in: a grid where neighbours matter, or an order where the "
        "past matters? Which one shares its weights across positions, which across time steps?"
    ),
    N_(
        "For the statements you are unsure of, reread chapter 6, part 1, section 2 and part 2, section 1, "
        "and this chapter's section 1."
    ),
)


RNN_LAYERS = ["input", "hidden", "output"]
q4_rnn_layers = OrderExercise(
    N_("review 4: the layers of an RNN"),
    RNN_LAYERS,
    N_("the textbook: 'like other networks, an RNN has ... layers'; which one is special?"),
    N_("input → hidden (connected to itself across time: the recurrence) → output"),
    lambda answer: _layers(answer, 3, RNN_LAYERS),
    N_("an RNN has the same three kinds of layer as a dense network"),
    N_("in the order the data flows"),
)

BPTT_STEPS = Shown(
    {
        "a": N_("compute the gradient of every shared weight (summed over time steps) and update it by SGD"),
        "b": N_("compute every neuron's output, step by step forward in time"),
        "c": N_("compute every neuron's error term, step by step backward in time"),
    }
)


def _bptt_steps(answer):
    """The letters of BPTT_STEPS in the learner's order."""
    if isinstance(answer, str):
        return [c for c in answer.lower() if c in "abc"]
    return picks(answer, _("the three letters in order"), _("'bca' or ['b', 'c', 'a']"))


# one message per letter that cannot come first (a declared message is translated as it is, never formatted)
_NOT_FIRST = {
    "a": N_(
        "a) cannot come first: both the error terms and the weight gradients need every h_t "
        "from the forward pass (b)"
    ),
    "c": N_(
        "c) cannot come first: both the error terms and the weight gradients need every h_t "
        "from the forward pass (b)"
    ),
}
q5_bptt_order = OrderExercise(
    N_("review 5: the three steps of BPTT"),
    "bca",
    N_("what does each step need from the others?"),
    N_(
        "forward (every h_t) → backward (every δ_t, from T down to 1) → weight gradients summed over t, "
        "then update"
    ),
    _bptt_steps,
    N_("order all three steps: a, b and c, each once"),
    N_("the weight gradients are built from the δs, so they come last"),
    mistakes=[(list(order), _NOT_FIRST[order[0]]) for order in ("abc", "acb", "cab", "cba")],
)

BPTT_STATEMENTS = {
    "a": N_(
        "BPTT unrolls the network over the T steps of a sequence into a deep feed-forward network, one "
        "layer per step"
    ),
    "b": N_(
        "in the unrolled network every step has weights of its own: U, W and V are learned separately for "
        "each step"
    ),
    "c": N_(
        "the error terms δ_t are computed from the last step back to the first, each from δ_{t+1} and the "
        "loss at step t"
    ),
    "d": N_("the error terms are computed forward in time, step by step alongside the hidden states"),
    "e": N_("the gradient of a shared weight such as W is the sum of its contributions at every step"),
    "f": N_("the gradient of W comes from the last step alone; the other steps only pass δ back"),
    "g": N_(
        "δ is multiplied by diag(tanh′) Wᵀ once per step back, so over many steps it can vanish or explode"
    ),
    "h": N_("because BPTT sums over the steps, its gradient cannot vanish, however long the sequence"),
}

q5_bptt_statements = TrueStatements(
    N_("review 5: what BPTT does"),
    BPTT_STATEMENTS,
    "aceg",
    N_(
        "BPTT unrolls the loop into one layer per step, all sharing U, W and V (a; b is false), and runs "
        "ordinary backpropagation on it: a forward pass computes every h_t, a backward pass every δ_t from T "
        "down to 1 (c; d is false: δ_t needs δ_{t+1}), and each shared weight's gradient adds up its "
        "contributions at all the steps (e; f is false), before an SGD update. The sum does not save the "
        "distant steps: their contributions arrive through a δ that was multiplied by diag(tanh′) Wᵀ once "
        "per step back, which vanishes or explodes geometrically (g; h is false, as section 3 showed). "
        "Truncated BPTT stops the backward pass after k steps to save time and memory."
    ),
    N_(
        "section 2's three steps, its sum over t written out by hand, and section 3: in which direction does "
        "δ travel, what happens to the gradients of the weights every step shares, and what multiplies δ at "
        "each step back?"
    ),
    N_(
        "For the statements you are unsure of, reread section 2 (the three steps and the cell that redoes "
        "step 3 as a sum over t) and section 3."
    ),
)
