"""Exercises of notebook 07, recurrent networks, including the seed lecture's five review questions."""
import numpy as np

from ..recurrent import RNN
from .checks import assert_array_close, normalise_choice
from .core import Exercise, NotAttempted, OpenQuestion, call_answer, is_blank


def rnn_forward(x, Wx, Wh, b):
    """Hidden states of a tanh RNN: h_t = tanh(x_t Wx + h_{t−1} Wh + b), h_0 = 0. x (N, T, D) → h (N, T, H)."""
    N, T, _ = x.shape
    h = np.zeros((N, T, Wh.shape[0]))
    prev = np.zeros((N, Wh.shape[0]))
    for t in range(T):
        prev = h[:, t] = np.tanh(x[:, t] @ Wx + prev @ Wh + b)
    return h


def _check_forward(func):
    rng = np.random.default_rng(7)
    layer = RNN(3, 4, rng, dtype=np.float64)
    x = rng.standard_normal((2, 5, 3))
    p = {k: v.copy() for k, v in layer.params.items()}
    answer = call_answer(func, x, p["Wx"], p["Wh"], p["b"])
    expected = layer.forward(x)
    if np.shape(answer) == expected.shape and np.allclose(answer[:, 0], expected[:, 0]) \
            and not np.allclose(answer, expected):
        raise AssertionError("step 1 is right, later steps are not: does h_{t−1} Wh feed into every step?")
    assert_array_close("your h", answer, expected)
    return "right: one loop over t, the same Wx, Wh, b at every step"


forward = Exercise("RNN forward through time", _check_forward,
                   "start with prev = zeros (N, H); for each t: prev = tanh(x[:, t] @ Wx + prev @ Wh + b), and store it.",
                   rnn_forward)


def _check_params(answer):
    if is_blank(answer):
        raise NotAttempted
    value = int(answer)
    D, H, T = 5, 32, 50
    right = D * H + H * H + H
    assert value != right * T, "that is T copies: the unrolled network reuses the same U, W, b at every step"
    assert value != D * H + H * H, "and the bias b (H values)?"
    assert value == right, f"{value} is not it: count Wx (D × H), Wh (H × H) and b (H)"
    return f"{D}·{H} + {H}·{H} + {H} = {right}, whatever T is: the parameters are shared across time"


param_count = Exercise("parameters of an RNN layer", _check_params,
                       "the unrolled picture has T copies, but they are the same matrices.", 5 * 32 + 32 * 32 + 32)

# -- the seed lecture's five review questions ----------------------------------------------------------------

REASONS = {
    "a": "large labelled data sets", "b": "better training methods (initialisation, ReLU, new losses)",
    "c": "fast hardware, above all GPUs", "d": "networks with fewer parameters than shallow ones",
    "e": "the backpropagation algorithm was invented in 2006", "f": "computers stopped needing training data",
}


def _check_reasons(answer):
    if is_blank(answer):
        raise NotAttempted
    picked = {str(a).strip().lower() for a in answer} if not isinstance(answer, str) else \
        {c for c in answer.lower() if c.isalpha()}
    unknown = picked - set(REASONS)
    assert not unknown, f"pick letters among {', '.join(REASONS)}; {', '.join(sorted(unknown))} is not one"
    assert "e" not in picked, "backpropagation is from the 1970s–80s; chapter 0 tells what changed in 2006"
    missing = {"a", "b", "c"} - picked
    assert not missing, f"one of the three reasons is missing: {', '.join(REASONS[m] for m in sorted(missing))}"
    assert picked == {"a", "b", "c"}, "one of your picks is not among the seed's reasons"
    return "data, training methods, hardware (and with them, learned features)"


q1_reasons = Exercise("review 1: why deep networks took off", _check_reasons,
                      "chapter 0, section 'why now': three things changed after 2006.", {"a", "b", "c"})

LAYER_NAMES = {"convolution": {"conv", "convolutional", "卷积层", "卷积"},
               "pooling": {"pool", "subsampling", "downsampling", "池化层", "下采样层", "池化"},
               "fully-connected": {"dense", "fc", "linear", "全连接层", "fully-connected-layer", "全连接"},
               "input": {"input-layer", "输入层"}, "hidden": {"hidden-layer", "recurrent", "隐含层", "隐藏层"},
               "output": {"output-layer", "输出层"}}


def _layers(answer, n):
    if is_blank(answer):
        raise NotAttempted
    if isinstance(answer, str) or len(answer) != n:
        raise AssertionError(f"give a list of {n} layer names, e.g. ['...', '...', '...']")
    return [normalise_choice(a, LAYER_NAMES) for a in answer]


def _check_cnn_layers(answer):
    got = _layers(answer, 3)
    assert got == ["convolution", "pooling", "fully-connected"], \
        "in the order a letter meets them: features first, then shrinking, then classifying"
    return "convolution → pooling (subsampling) → fully connected"


q2_cnn_layers = Exercise("review 2: the layers of a CNN", _check_cnn_layers,
                         "chapter 6, section 5: the classic structure, in order.", ["convolution", "pooling", "fully-connected"])

q3_applications = OpenQuestion(
    "review 3: where RNNs and CNNs are used",
    {"images / space for CNNs": ("image", "picture", "photo", "spatial", "pixel", "图像"),
     "sequences / order for RNNs": ("sequence", "order", "time", "序列"),
     "an example of sequence data": ("language", "text", "speech", "audio", "sentence", "word", "series", "语言", "语音")},
    "what structure does each network build in: a grid where neighbours matter, or an order where the past matters?",
    "CNNs suit data on a grid where nearby values belong together and a pattern means the same wherever it appears: "
    "images (recognition, detection), also spectrograms. Their shared kernels look at local neighbourhoods. RNNs suit "
    "sequences, where what comes next depends on what came before and the length varies: natural language (word "
    "prediction, tagging, translation, checking whether a sentence is well-formed), speech, and time series such as "
    "the membrane recording of this chapter. Their hidden state carries a memory from step to step.")


def _check_rnn_layers(answer):
    got = _layers(answer, 3)
    assert sorted(got) == ["hidden", "input", "output"], "an RNN has the same three kinds of layer as a dense network"
    assert got == ["input", "hidden", "output"], "in the order the data flows"
    return "input → hidden (connected to itself across time: the recurrence) → output"


q4_rnn_layers = Exercise("review 4: the layers of an RNN", _check_rnn_layers,
                         "the seed lecture: 'like other networks, an RNN has ... layers'; which one is special?",
                         ["input", "hidden", "output"])

BPTT_STEPS = {"a": "compute the gradient of every shared weight (summed over time steps) and update it by SGD",
              "b": "compute every neuron's output, step by step forward in time",
              "c": "compute every neuron's error term δ = ∂E/∂(weighted input), step by step backward in time"}


def _check_bptt_order(answer):
    if is_blank(answer):
        raise NotAttempted
    got = [c for c in str(answer).lower() if c in "abc"] if isinstance(answer, str) else [str(a).lower() for a in answer]
    assert sorted(got) == ["a", "b", "c"], "order all three steps: a, b and c, each once"
    assert got[0] == "b", "the backward pass needs every h_t, so it cannot come first"
    assert got == ["b", "c", "a"], "the weight gradients are built from the δs, so they come last"
    return "forward (every h_t) → backward (every δ_t, from T down to 1) → weight gradients summed over t, then update"


q5_bptt_order = Exercise("review 5: the three steps of BPTT", _check_bptt_order,
                         "what does each step need from the others?", "bca")

q5_bptt_words = OpenQuestion(
    "review 5: BPTT in words",
    {"unrolling in time": ("unroll", "unfold", "展开", "copies"),
     "shared weights": ("share", "same weight", "same u", "same w", "共享"),
     "the gradient summed over time steps": ("sum", "add", "accumulat", "累加", "求和"),
     "vanishing/exploding through many steps": ("vanish", "explod", "消失", "爆炸")},
    "describe what BPTT does to the network first, what happens to the weights' gradients, and what goes wrong for long sequences.",
    "Backpropagation through time unrolls the recurrent network over the T steps of a sequence, which turns it into a "
    "deep feed-forward network whose layers all share the same U, W and V. It then runs ordinary backpropagation on "
    "that unrolled network in three steps: a forward pass that computes every h_t; a backward pass that computes "
    "δ_t = ∂L/∂h_t from t = T down to 1, each step adding the error from the output at t to what flows back from t + 1 "
    "through Wᵀ and φ′; and finally each shared weight's gradient as the sum of its contributions at every step, "
    "followed by a (stochastic) gradient-descent update. Because δ is multiplied by Wᵀ diag(φ′) once per step, it "
    "shrinks or grows geometrically over long spans: vanishing or exploding gradients, handled by clipping (explosion), "
    "careful initialisation, ReLU, or an LSTM (vanishing). Truncated BPTT stops the backward pass after k steps to save "
    "time and memory.")
