"""Exercises of notebooks 06 and 06b, convolutional networks.

    conv_size       write the output-size formula from the sliding-window picture
    stack_shapes    predict, then run: the widths after a stack of conv and pooling layers
    pool_backward   max pooling's backward (upsampling to the maximum)
    mean_pool_bug   find the bug in a mean-pooling backward that fails the gradient check
    conv_input      derive and implement ∂E/∂x of a convolution: a full convolution with the rotated
                    kernel
    shift_plot      explain the plot of the CNN's mistakes on moved letters: which of eight statements
                    about its layers are true

Each checker names the usual mistakes: it recomputes the answer the mistake would give and, if the
learner's answer is that, says which mistake it was.
"""

import numpy as np

from ..conv import Conv2d, conv_output_size
from ..i18n import N_, _, translated
from ..pooling import MaxPool2d, MeanPool2d
from .checks import array_answer, assert_array_close, number_answer, shown
from .core import AnswerError, Exercise, FunctionExercise, NotAttempted
from .guards import random_cases
from .statements import TrueStatements

# -- 1. the output size ----------------------------------------------------------------------------------


def output_size(size, kernel, stride, padding):
    """Width of a convolution's output: (size + 2·padding − kernel) / stride + 1."""
    return (size + 2 * padding - kernel) // stride + 1


def _size_mistakes(n, k, s, p):
    """The answers the usual slips give for one layer, each with its name. No name writes out the whole
    formula: a wrong try should say what slipped, not hand over the answer."""
    return [
        ((n + 2 * p - k) / s, _("the +1 is missing: the kernel's first position (offset 0) counts too")),
        (
            (n + 2 * p - k - 1) / s + 1,
            _(
                "one position too few: the kernel's left edge can go on until its "
                "right edge touches the far border of the padded input"
            ),
        ),
        ((n + p - k) / s + 1, _("the padding is added once, but the zeros go on both sides")),
        (
            (n - k) / s + 1,
            _("the padding is missing: the rings of zeros on both sides widen what the kernel slides over"),
        ),
        (
            n + 2 * p - k + 1,
            _(
                "the stride is missing: the kernel moves `stride` pixels at a time, so "
                "the span it moves over is divided by the stride"
            ),
        ),
        (
            (n + 2 * p - k + 1) / s,
            _(
                "the +1 is divided by the stride too: it counts the first position, "
                "which the stride does not skip, so it comes after the division"
            ),
        ),
        (
            (n + 2 * p + k) / s + 1,
            _(
                "the kernel is added, not subtracted: its last position must still fit inside the padded "
                "input"
            ),
        ),
        (
            n,
            _(
                "that is the input size: the kernel has to fit inside the padded input, and the stride "
                "skips positions"
            ),
        ),
    ]


# Layers that do not fit exactly: the checker asks the learner's function about them only to tell apart
# slips that give the same answers on the six layers that fit (e.g. (span − 1) // stride + 1 and
# span / stride, with span = size + 2·padding − kernel), never to grade it.
_PROBES = [(16, 3, 2, 0), (20, 5, 3, 1), (12, 2, 4, 1)]


def _explains(value, got):
    """True if a slip's value explains a learner's answer: the same, or the same rounded down (//)."""
    return abs(got - value) < 1e-9 or got == np.floor(value)


def _fits(layer):
    """True if the kernel fits the padded input exactly: a whole number of positions."""
    n, k, st, p = layer
    return k <= n + 2 * p and (n + 2 * p - k) % st == 0


def _layers():
    """[(label, layer)]: three fixed layers and three random ones that fit (a new set at every check: a table
    of answers copied from past verdicts does not pass)."""
    draw = lambda rng: tuple(int(v) for v in rng.integers((5, 1, 1, 0), (40, 8, 5, 4)))  # noqa: E731
    layers = [(17, 3, 1, 1), (17, 3, 2, 1), (32, 5, 1, 0)] + random_cases(draw, _fits, 3)
    return [
        (_("size {n}, kernel {k}, stride {s}, padding {p}").format(n=n, k=k, s=s, p=p), (n, k, s, p))
        for n, k, s, p in layers
    ]


# the right width is never told: a table of answers must not be built from these messages
GIVES = N_("for {case} your function gives {got}, not the number of positions the kernel can take — ")


def _compare_sizes(name, got, want):
    """AnswerError unless every layer's count `got` {layer: count} is right, naming the first wrong one."""
    wrong = [layer for layer in want if got[layer] != want[layer]]
    if not wrong:
        return
    layer, count = wrong[0], got[wrong[0]]
    if count != int(count):
        raise AnswerError(
            translated(GIVES).format(case=layer, got=shown(count))
            + _(
                "not a whole number: these six layers all fit exactly, so a fraction means a term is "
                "off (use // to divide whole numbers)"
            )
        )
    raise AnswerError(
        _(
            "for {case} your function gives {got}, not the number of positions the kernel can take: count "
            "them in the figure, then write the count for any size, kernel, stride and padding"
        ).format(case=layer, got=shown(count))
    )


def _off_count(got, want):
    """Said when two slips explain the answer, how far off the count is, not which slip it was. That happens
    only where the answer refused a probe: the fixed layers and the probes tell every two slips apart (a test
    checks it)."""
    off = got - want
    if off < 0:
        count = _("{off:g} position too few") if off == -1 else _("{off:g} positions too few")
    else:
        count = _("{off:g} position too many") if off == 1 else _("{off:g} positions too many")
    return _(
        "{count}: count the kernel's positions in the figure again, from the first (offset 0) to the last"
    ).format(count=count.format(off=abs(off)))


# the layer's own count is the answer
SIZE_LIBRARY = ("conv_output_size", "Conv2d")  # i18n: not shown (code names)

# a slip is named if it gives the learner's answers on every layer (exactly, or rounded down with //),
# including the misfitting probes, which tell apart slips that agree on the six layers
conv_size = FunctionExercise(
    N_("conv output size"),
    output_size,
    None,
    N_(
        "count the positions the kernel's left edge can take in the figure: from 0 to "
        "size + 2·padding − kernel, in steps of stride. How many numbers is that?"
    ),
    N_("(size + 2·padding − kernel) / stride + 1, right for all six layers"),
    cases=_layers,
    together=True,
    result=lambda count: number_answer(count, "17", text=False),
    expected=conv_output_size,
    compare=_compare_sizes,
    mistakes=_size_mistakes,
    tiebreaks=lambda: _PROBES,
    same=lambda got, value: _explains(value, got),
    ambiguous=_off_count,
    prefix=GIVES,
    library=SIZE_LIBRARY,
)


# -- 2. predict, then run --------------------------------------------------------------------------------

STACK_INPUT = 29
STACK = [
    (N_("Conv2d 5×5, stride 1, padding 0"), (5, 1, 0)),
    (N_("Conv2d 3×3, stride 2, padding 1"), (3, 2, 1)),
    ("MaxPool2d(2)", None),
    (N_("Conv2d 3×3, stride 1, padding 1"), (3, 1, 1)),
]


def _layer_width(size, conv):
    """The width one layer of STACK gives for an input `size` wide: a convolution's count of positions
    (rounded down if the layer does not fit, as a learner's wrong width before it may make it), a 2×2
    pooling's floor."""
    return (size + 2 * conv[2] - conv[0]) // conv[1] + 1 if conv else size // 2


def _stack_widths(size=STACK_INPUT):
    """The width after each layer of STACK, for an input `size` pixels wide (pooling floors: 13 → 6)."""
    widths = []
    for _name, conv in STACK:
        size = _layer_width(size, conv)
        widths.append(size)
    return widths


def _stack_slip(name, conv, size, guess):
    """What a known slip at one layer (input `size` wide) is called if it gives `guess`, else None."""
    if conv and guess != int(guess):
        return _(
            "a layer's width is a whole number of positions: a fraction means a term of the count is off"
        )
    if conv:
        return next((n for value, n in _size_mistakes(size, *conv) if abs(guess - value) < 1e-9), None)
    return {
        size / 2: _(
            "pooling does not make halves: the last row and column that do not fill a 2×2 window "
            "are dropped (floor)"
        ),
        -(-size // 2): _("pooling rounds down, not up: the odd last row and column are dropped"),
        size: _("a 2×2 pooling window moves 2 pixels at a time and halves the width"),
    }.get(guess)


def _check_stack(answer):
    if answer is ...:
        raise NotAttempted
    if not isinstance(answer, (list, tuple, np.ndarray)) or len(answer) != len(STACK):
        raise AnswerError(
            _("predict a list of {n} widths, one per layer, e.g. [28, 14, 7, 7]").format(n=len(STACK))
        )
    guesses = [
        number_answer(g, "13", name=_("the width after {layer}").format(layer=translated(name)))
        for (name, _conv), g in zip(STACK, answer)
    ]
    wants = _stack_widths()
    if guesses == wants:
        return _(
            "every width right, including the pooling of an odd-sized map (13 → 6: it floors); "
            "the layers give {widths}"
        ).format(widths=" → ".join(str(w) for w in [STACK_INPUT] + wants))
    # Each layer is judged on the learner's own width before it (from the true 29 for the first), so a slip
    # is found where it was made, not in the layers that carried it on correctly. A known slip is named with
    # its layer; no true width and no other layer's verdict is given: the widths must come from the rule,
    # not from trying numbers layer by layer.
    for (name, conv), size, guess in zip(STACK, [STACK_INPUT] + guesses[:-1], guesses):
        if size != int(size) or _layer_width(int(size), conv) < 1:
            break  # a width that cannot feed this layer: nothing to judge
        size = int(size)
        if guess != _layer_width(size, conv):
            slip = _stack_slip(name, conv, size, guess)
            if slip:
                raise AnswerError(
                    _("one of your widths is off — after {layer} you predicted {guess}: {slip}").format(
                        layer=translated(name), guess=shown(guess), slip=slip
                    )
                )
            break
    raise AnswerError(
        _(
            "at least one width is not what its layer gives: apply the count layer by layer, each "
            "to the width the layer before produced"
        )
    )


def run_stack(predicted_widths):
    """Predict, then run: the verdict on the predicted widths, and once they are right, the four layers of
    STACK built and run on a 29 × 29 input, each printing the width it gives."""
    if not stack_shapes.passes(predicted_widths):
        return
    rng = np.random.default_rng(0)
    layers = [
        Conv2d(1, 1, 5, rng),
        Conv2d(1, 1, 3, rng, stride=2, padding=1),
        MaxPool2d(2),
        Conv2d(1, 1, 3, rng, padding=1),
    ]
    h = np.zeros((1, 1, STACK_INPUT, STACK_INPUT))
    for layer in layers:
        h = layer.forward(h)
        print(f"{layer!r:38} → {h.shape[2]} × {h.shape[3]}")


stack_shapes = Exercise(
    N_("predict the widths"),
    _check_stack,
    N_(
        "apply your output-size count layer by layer, each to the width the layer before "
        "produced; a 2×2 max pooling moves 2 pixels at a time."
    ),
    _stack_widths(),
)


# -- the backward exercises are to be written, not delegated ---------------------------------------------

# course_lib's layers and helpers that compute these answers (and the scipy/numpy convolutions that would
# do the rotation for the learner): an answer that calls one only tests the library
LIBRARY_ANSWERS = (
    "MaxPool2d",
    "MeanPool2d",
    "TrainablePool2d",
    "Conv2d",
    "conv_input_grad",  # i18n: not shown (code names)
    "convolve2d",
    "convolve",
    "fftconvolve",
    "backward",
    "numerical_gradient",
    "check_layer",
)


# -- 3. max pooling backward -----------------------------------------------------------------------------


def maxpool_backward(x, dout):
    """Gradient of 2×2 max pooling: each window's dout goes to the position of its maximum.
    x (N, C, H, W) with even H, W."""
    N, C, H, W = x.shape
    blocks = x.reshape(N, C, H // 2, 2, W // 2, 2)
    is_max = blocks == blocks.max(axis=(3, 5), keepdims=True)
    return (is_max * dout[:, :, :, None, :, None]).reshape(N, C, H, W)


def _upsample(dout, k):
    """Every position of each k×k window gets its window's dout: (N, C, h, w) → (N, C, k·h, k·w)."""
    return np.repeat(np.repeat(dout, k, axis=2), k, axis=3)


def _pool_inputs():
    rng = np.random.default_rng(7)
    return rng.standard_normal((2, 3, 6, 6)), rng.standard_normal((2, 3, 3, 3))


def _layer_backward(layer, x, dout):
    """course_lib's own layer's gradient, which the answer is compared with."""
    layer.forward(x)
    return layer.backward(dout)


def _top_left(x, dout):
    dx = np.zeros_like(x)
    dx[:, :, ::2, ::2] = dout
    return dx


pool_backward = FunctionExercise(
    N_("max-pooling backward"),
    maxpool_backward,
    _pool_inputs,
    N_("reshape x into (N, C, H/2, 2, W/2, 2) blocks; a block's maximum gets dout, the rest 0."),
    N_("right: each window's gradient lands on its maximum, zeros elsewhere"),
    expected=lambda x, dout: _layer_backward(MaxPool2d(2), x, dout),
    library=LIBRARY_ANSWERS,
    name=N_("your dx"),
    prefix=N_("your dx is wrong: "),
    mistakes=[
        (lambda x, dout: -maxpool_backward(x, dout), N_("the sign is wrong everywhere")),
        (
            lambda x, dout: _upsample(dout, 2) / 4,
            N_(
                "that spreads dout ÷ 4 over each window — mean pooling's backward; max pooling sends all of "
                "it to the window's maximum"
            ),
        ),
        (
            lambda x, dout: _upsample(dout, 2),
            N_(
                "every position of a window got the whole dout; only the "
                "maximum was passed on, so only it gets the gradient"
            ),
        ),
        (
            _top_left,
            N_("the gradient always goes to the window's top-left corner; it belongs where the maximum was"),
        ),
        (
            lambda x, dout: _upsample(dout, 2) - maxpool_backward(x, dout),
            N_(
                "the gradient went to the positions that were not the maximum; the mask is the wrong way "
                "round"
            ),
        ),
    ],
)


# -- 4. find the bug: mean pooling -----------------------------------------------------------------------


def broken_meanpool_backward(dout, k):
    """The version in the notebook: it fails the gradient check."""
    return _upsample(dout, k) / k


def meanpool_backward(dout, k):
    """Gradient of k×k mean pooling: each output is the mean of k² inputs, so each input gets dout / k².
    dout (N, C, H/k, W/k) → dx (N, C, H, W)."""
    return np.repeat(np.repeat(dout, k, axis=2), k, axis=3) / (k * k)


def _mean_cases():
    """[(k, (dout, k))]: a 2×2 and a 3×3 window; the layer's input x is kept for the max-pooling slips."""
    rng = np.random.default_rng(8)
    cases = []
    for k in (2, 3):
        _MEAN_X[k] = rng.standard_normal((2, 2, 3 * k, 2 * k))
        cases.append((k, (rng.standard_normal((2, 2, 3, 2)), k)))
    return cases


_MEAN_X = {}


def _meanpool_layer(dout, k):
    """course_lib's own layer's gradient (mean pooling's does not depend on x's values, only its shape)."""
    N, C, h, w = dout.shape
    return _layer_backward(MeanPool2d(k), np.zeros((N, C, h * k, w * k)), dout)


def _mean_mistakes(dout, k):
    x = _MEAN_X[k].reshape(2, 2, 3, k, 2, k)
    is_max = x == x.max(axis=(3, 5), keepdims=True)
    max_logic = (is_max * dout[:, :, :, None, :, None]).reshape(2, 2, 3 * k, 2 * k)
    return [
        (-meanpool_backward(dout, k), _("the sign is wrong everywhere")),
        (
            _upsample(dout, k),
            _(
                "every input got the whole dout; a mean shares each output's "
                "gradient among its inputs — how many are there?"
            ),
        ),
        (
            max_logic,
            _("that is max pooling's backward (all to one position); mean pooling uses every input equally"),
        ),
        (max_logic / (k * k), _("only one position per window gets a share; all k² inputs do")),
        (
            _upsample(dout, k) / 4,
            _(
                "divided by 4, right for one window size only; here k = {k}: "
                "how many inputs does one output average?"
            ).format(k=k),
        ),
        (_upsample(dout, k) / (k * k * k * k), _("divided by k² twice")),
    ]


mean_pool_bug = FunctionExercise(
    N_("find the bug: mean-pooling backward"),
    meanpool_backward,
    None,
    N_(
        "run the gradient check and compare the ratio of the two gradients with k: "
        "how many inputs does one mean pooling output average?"
    ),
    N_(
        "fixed: each of the k² inputs of a window gets dout / k² (the bug divided by k, right only for k = 1)"
    ),
    cases=_mean_cases,
    expected=_meanpool_layer,
    mistakes=_mean_mistakes,
    unchanged=broken_meanpool_backward,
    library=LIBRARY_ANSWERS,
    name=N_("your dx for k = {case}"),
    prefix=N_("your dx for k = {case} is wrong: "),
    start=N_("the function above still has the bug: fix its line"),
)


# -- 5. derive and implement: the input gradient of a convolution ----------------------------------------


def input_gradient(delta, K):
    """∂E/∂x of y = correlate(x, K) (one channel, stride 1, no padding): the full convolution of δ
    with K, i.e. δ padded with k − 1 zeros on every side, correlated with K rotated by 180°.
    delta (Ho, Wo), K (k, k) → dx (Ho + k − 1, Wo + k − 1)."""
    k = K.shape[0]
    padded = np.pad(delta, k - 1)
    R = K[::-1, ::-1]
    Ho, Wo = delta.shape
    return np.array(
        [[np.sum(padded[i : i + k, j : j + k] * R) for j in range(Wo + k - 1)] for i in range(Ho + k - 1)]
    )


def _reference_dx(delta, K):
    layer = Conv2d(1, 1, K.shape[0], np.random.default_rng(0), dtype=np.float64)
    layer.params["W"][0, 0] = K
    Ho, Wo = delta.shape
    layer.forward(np.zeros((1, 1, Ho + K.shape[0] - 1, Wo + K.shape[0] - 1)))
    return layer.backward(delta[None, None])[0, 0]


def _correlate_full(delta, K):
    k = K.shape[0]
    padded = np.pad(delta, k - 1)
    return np.array(
        [
            [np.sum(padded[i : i + k, j : j + k] * K) for j in range(padded.shape[1] - k + 1)]
            for i in range(padded.shape[0] - k + 1)
        ]
    )


def _conv_cases():
    """[(k, (δ, K))]: a 3×3 kernel on a 4×5 δ, a 2×2 one on a 5×3 δ."""
    rng = np.random.default_rng(9)
    sizes = ((3, (4, 5)), (2, (5, 3)))
    return [(k, (rng.standard_normal(shape), rng.standard_normal((k, k)))) for k, shape in sizes]


def _conv_expected(delta, K):
    """What _compare_conv_dx needs: the layer's dx, and δ's shape and k to name a wrong shape."""
    return _reference_dx(delta, K), delta.shape, K.shape[0]


def _compare_conv_dx(name, got, expected):
    want, (Ho, Wo), k = expected
    shape = np.shape(array_answer(name, got))
    if shape == (Ho - k + 1, Wo - k + 1):
        raise AnswerError(
            _(
                "dx has shape {shape}, expected {expected}: that is a 'valid' "
                "correlation, but x had (Ho + k − 1) × (Wo + k − 1) pixels: every "
                "pixel of x, the ones at the edges too, met some of δ — how far can K "
                "hang over δ's edges?"
            ).format(shape=shape, expected=want.shape)
        )
    if shape == (Ho, Wo):
        raise AnswerError(
            _(
                "dx has shape {shape}, the shape of δ; dx must have x's shape "
                "{expected}, one value per input pixel"
            ).format(shape=shape, expected=want.shape)
        )
    assert_array_close(name, got, want)


def _conv_mistakes(delta, K):
    return [
        (-_reference_dx(delta, K), _("the sign is wrong everywhere")),
        (
            _correlate_full(delta, K),
            _(
                "the kernel runs the wrong way for how your code applies "
                "it: input pixel (m, n) met K[u, v] at output "
                "(m − u, n − v) — follow one pixel through your loop"
            ),
        ),
        (
            _correlate_full(delta, K.T),
            _("K.T is a transpose (a flip about the diagonal), not a 180° rotation"),
        ),
        (_correlate_full(delta, K[::-1]), _("only the rows are flipped, not a 180° rotation")),
        (_correlate_full(delta, K[:, ::-1]), _("only the columns are flipped, not a 180° rotation")),
    ]


conv_input = FunctionExercise(
    N_("the input gradient of a convolution"),
    input_gradient,
    None,
    N_(
        "follow one pixel of x through the forward pass: which outputs does it reach, and "
        "through which weight of K each time? Collect those δ·K terms for every pixel, edges "
        "included."
    ),
    N_("right: dx is the full convolution of δ with K — δ padded by k − 1, correlated with K rotated 180°"),
    cases=_conv_cases,
    expected=_conv_expected,
    compare=_compare_conv_dx,
    mistakes=_conv_mistakes,
    library=LIBRARY_ANSWERS,
    name=N_("your dx ({case}×{case} kernel)"),
    prefix=N_("your dx ({case}×{case} kernel) is wrong: "),
)


# -- 6. explain a plot ----------------------------------------------------------------------------------

# Eight statements about the letters CNN (conv 3×3 with padding 1 → ReLU → 2×2 max pooling → dense) and a
# letter moved by one or two pixels; the tests check each true/false verdict on the layers themselves.
_SHIFT_STATEMENTS = {
    "a": N_(
        "the first layer gives a moved letter the original's feature maps, moved by the same pixels "
        "(away from the border)"
    ),
    "b": N_("every layer, the last one included, gives a moved letter the original's output, moved"),
    "c": N_(
        "each weight of the last layer belongs to one cell of the 8 × 8 grid left by pooling (and to one "
        "feature map)"
    ),
    "d": N_("after 2 × 2 max pooling, a letter moved by one pixel gives exactly the original's pooled maps"),
    "e": N_(
        "a letter moved by two pixels gives the original's pooled maps moved by exactly one cell (away from "
        "the border)"
    ),
    "f": N_(
        "the kernels were learned on letters at the left edge, so they cannot find a stroke anywhere else"
    ),
    "g": N_("the pooling layer has no weights of its own: it keeps the largest value of each 2 × 2 cell"),
    "h": N_(
        "the ReLU after the convolution makes a moved letter's maps differ from the original's maps, moved"
    ),
}
_SHIFT_TRUE = {"a", "c", "e", "g"}
_SHIFT_EXPLANATION = N_(
    "The convolution slides the same kernels everywhere, and the ReLU acts on each value alone, so a moved "
    "letter gives the same feature maps, moved (a; f and h are false). Max pooling, which has no weights "
    "(g), forgives some one-pixel moves but not all (d is false): a stroke that crosses into the next 2 × 2 "
    "cell lands in another cell of the pooled grid, and a two-pixel move shifts the whole grid by a cell "
    "(e). The last layer is dense (全连接): each of its weights belongs to one cell of that 8 × 8 grid (c), "
    "so it ties what it sees to places, only on a coarser grid than the pixels, and b is false. When a "
    "stroke lands in another cell, that layer sees a stroke where another letter has one and reads that "
    "letter."
)


shift_plot = TrueStatements(
    N_("explain the mistakes on moved letters"),
    _SHIFT_STATEMENTS,
    _SHIFT_TRUE,
    _SHIFT_EXPLANATION,
    N_(
        "the kernels slide, so the feature maps move with the letter. What does not slide? Look at which "
        "layer ties each weight to one place, and on which grid."
    ),
    N_(
        "Test the ones you are unsure of on the network above: take x = img(data.X_test[:1]) and its copy "
        "moved by np.roll(x, (1, 1), axis=(2, 3)), run both through cnn.layers one by one and compare; for c "
        "and g, look at the layers' shapes and their params"
    ),
)
