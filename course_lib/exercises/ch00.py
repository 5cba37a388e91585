"""Exercises of notebook 00, history: count a network's parameters, predict how the gradient changes with
depth, and derive the sawtooth networks' sizes for any k."""

from functools import lru_cache

from ..i18n import N_, _
from ..lessons.approx import as_relu_network_one_per_kink, fit_hard_sigmoids
from ..lessons.depth import deep_sawtooth_net, sawtooth
from .checks import number_answer
from .core import AnswerError, CountExercise, FunctionExercise
from .predict import MeasuredChoice, measured_number

HIDDEN, OUTPUT = 289 * 20, 20 * 26  # the weights of the letters network's two layers


param_count = CountExercise(
    N_("parameters of a 289-20-26 network"),
    6346,
    N_("a dense layer from n to m units has n·m weights and m biases."),
    N_("289·20 + 20 + 20·26 + 26 = 6346 parameters"),
    N_("count weights (inputs × outputs) and biases (one per output) of both layers"),
    N_("parameters"),
    "1000",
    mistakes=[
        (HIDDEN + OUTPUT, N_("you counted the weights; each of the 46 units also has a bias")),
        (HIDDEN + OUTPUT + 20, N_("the 26 output units have biases too")),
        (HIDDEN + OUTPUT + 26, N_("the 20 hidden units have biases too")),
        (289 + 20 + 26, N_("you counted the units; count the weights between them and the biases")),
    ],
)


# -- predict, then measure: the gradient per layer of a 5-hidden-layer sigmoid network ------------------
# each choice: its canonical name (marked: shown and accepted in Chinese too) → other spellings
DEPTH_CHOICES = {
    N_("smaller"): {
        *("first-smaller", "less", "much-smaller", "tiny"),
        "first-is-smaller",  # i18n: not shown (a spelling a learner may type)
        *("小", "更小", "变小", "较小", "小得多", "小很多", "第一层更小", "减小", "缩小"),
    },
    N_("about-the-same"): {
        *("same", "about-same", "similar", "equal", "the-same"),
        *("差不多", "大致相同", "相同", "一样", "相近", "差不多一样", "基本相同", "相当"),
    },
    N_("larger"): {
        *("first-larger", "bigger", "greater", "much-larger"),
        "first-is-larger",  # i18n: not shown (a spelling a learner may type)
        *("大", "更大", "变大", "较大", "大得多", "大很多", "第一层更大", "增大"),
    },
}


def _read_depth(ratio):
    """(outcome, what it says) of the measured ratio, output layer's gradient ÷ first layer's."""
    ratio = measured_number(ratio, _("ratio (output layer's gradient ÷ first layer's)"))
    if ratio <= 0:
        raise AnswerError(
            _("ratio should be a ratio of two gradient sizes, a positive number; got {ratio:g}").format(
                ratio=ratio
            )
        )
    if ratio > 2:
        return "smaller", _(
            "the first layer's gradient is {ratio:.3g} times smaller than the output layer's — on its way "
            "back "
            "the gradient is multiplied, layer by layer, by σ′ ≤ 1/4 and a weight"
        ).format(ratio=ratio)
    if ratio < 0.5:
        return "larger", _(
            "the first layer's gradient is {factor:.3g} times larger than the output layer's"
        ).format(factor=1 / ratio)
    same = "about-the-same"  # i18n: not shown (an outcome's key)
    return same, _(
        "the first layer's gradient is within a factor 2 of ({ratio:.3g}) the output layer's"
    ).format(ratio=ratio)


depth_prediction = MeasuredChoice(
    N_("predict: first layer's gradient vs the output layer's"),
    DEPTH_CHOICES,
    _read_depth,
    N_(
        "backpropagation carries the gradient back one layer at a time, and each sigmoid layer multiplies "
        "it by "
        "the sigmoid's slope, which is never more than 1/4."
    ),
    "smaller",
    outcome="ratio",
)


# -- derive and implement: the sizes of the deep and the shallow sawtooth network -------------------------
K_RANGE = range(1, 13)


@lru_cache(maxsize=None)
def _true_sizes():
    """{k: (deep, shallow)} counted on the networks the notebook builds."""

    def shallow(k):
        return as_relu_network_one_per_kink(fit_hard_sigmoids(lambda t: sawtooth(t, k), 0, 1, 2**k))

    return {k: (deep_sawtooth_net(k).num_params(), shallow(k).num_params()) for k in K_RANGE}


def sawtooth_sizes(k):
    """(deep, shallow): 1→2, then k − 1 layers 2→2, then 2→1 is 4 + 6(k − 1) + 3 = 6k + 1; the notebook's
    one-hidden-layer network has a unit per piece (2^k − 1 inner kinks + 1 for the first slope), 3 parameters
    each, + 1."""
    deep = 6 * k + 1
    shallow = 3 * 2**k + 1
    return deep, shallow


# typical slips, each a formula in k and what it missed
DEEP_SLIPS = [
    (lambda k: 6 * k, N_("the output unit has a bias too")),
    (lambda k: 4 * k, N_("you counted only the weights: each unit also has a bias")),
    (lambda k: 6 * k + 3, N_("the first layer has one input, not two: 2 weights and 2 biases")),
    (lambda k: 6 * k + 7, N_("k hidden layers means k − 1 layers 2 → 2 between the first and last")),
]
SHALLOW_SLIPS = [
    (
        lambda k: 3 * 2 ** (k + 1) + 1,
        N_(
            "that is two ReLUs per piece (the hard-sigmoid ramps); "
            "neighbouring pieces share a kink: one per piece does"
        ),
    ),
    (
        lambda k: 3 * (2**k - 1) + 1,
        N_(
            "2^k − 1 units are the fewest the 2^k − 1 kinks need, "
            "but in the network built here the first piece also needs "
            "a slope: one more unit, kinked at x = 0"
        ),
    ),
    (lambda k: 3 * 2 ** (k - 1) + 1, N_("2^(k−1) is the number of teeth; the pieces number 2^k")),
    (lambda k: 3 * 2**k, N_("the output unit has a bias too")),
    (lambda k: 2 * 2**k + 1, N_("each hidden unit has a weight in, a bias and a weight out")),
    (lambda k: 2**k, N_("you counted units; count their parameters (3 each) and the output bias")),
]


def _read_sizes(result):
    """The learner's (deep, shallow) as two numbers; AnswerError for anything else."""
    if not (isinstance(result, (tuple, list)) and len(result) == 2):
        raise AnswerError(_("return the pair (deep, shallow)"))
    return tuple(
        number_answer(v, name=name, text=False) for v, name in zip(result, (_("deep"), _("shallow")))
    )


def _compare_sizes(name, got, want):
    """AnswerError naming the first k whose size `got` {k: size} gives wrongly."""
    wrong = [k for k in K_RANGE if got[k] != want[k]]
    if wrong:
        k = wrong[0]
        raise AnswerError(
            _("{name} is wrong: for k = {k} you gave {given:g}, the network has {count}").format(
                name=name, k=k, given=got[k], count=want[k]
            )
        )


# a slip is named only if it gives the learner's size for every k: one that agrees at the first wrong k by
# chance is not the learner's
sawtooth_params = FunctionExercise(
    N_("parameters of the deep and the shallow sawtooth networks"),
    sawtooth_sizes,
    None,
    N_(
        "a dense layer n → m has n·m + m parameters. Deep: list the layers for k = 2 and count. Shallow: one "
        "hidden unit per linear piece, and there are 2^k pieces."
    ),
    N_("deep 6k + 1 grows by 6 per k; shallow 3·2^k + 1 doubles per k"),
    cases=lambda: [(k, (k,)) for k in K_RANGE],
    together=True,
    name=(N_("deep"), N_("shallow")),
    result=_read_sizes,
    expected=lambda k: _true_sizes()[k],
    compare=_compare_sizes,
    mistakes={N_("deep"): DEEP_SLIPS, N_("shallow"): SHALLOW_SLIPS},
)
