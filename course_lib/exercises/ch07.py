"""Exercises of notebook 07, recurrent networks, including the seed lecture's five review questions."""
import re

import numpy as np

from ..recurrent import RNN
from .checks import array_answer, assert_array_close, whole_number_answer
from .core import AnswerError, Exercise, NotAttempted, OpenQuestion, call_answer


def rnn_forward(x, Wx, Wh, b):
    """Hidden states of a tanh RNN: h_t = tanh(x_t Wx + h_{t−1} Wh + b), h_0 = 0.
    x (N, T, D) → h (N, T, H)."""
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
    expected = layer.forward(x)
    answer = array_answer("your h", call_answer(func, x, p["Wx"], p["Wh"], p["b"]), expected.shape)
    if np.shape(answer) == expected.shape and np.allclose(answer[:, 0], expected[:, 0]) \
            and not np.allclose(answer, expected):
        raise AssertionError("step 1 is right, later steps are not: does h_{t−1} @ Wh (Wh, not Wh.T) "
                             "feed into every step?")
    assert_array_close("your h", answer, expected, rtol=1e-5, atol=1e-6)    # float32 answers are fine too
    return "right: one loop over t, the same Wx, Wh, b at every step"


forward = Exercise("RNN forward through time", _check_forward,
                   "keep the previous hidden state in a variable (zeros before step 1) and update it once "
                   "per step; collect every step's state in an (N, T, H) array.",
                   rnn_forward)

D_Q, H_Q, T_Q = 10, 20, 50


def _check_params(answer):
    value = whole_number_answer(answer, "parameters", "1000")
    right = D_Q * H_Q + H_Q * H_Q + H_Q
    assert value != right * T_Q, ("that is T copies: the unrolled network reuses the same U, W, b at "
                                  "every step")
    assert value != D_Q * H_Q + H_Q * H_Q, "and the bias b (H values)?"
    assert value != right + H_Q, ("that counts two biases, as PyTorch's nn.RNN does (b_ih and b_hh); "
                                  "ours has one")
    assert value == right, f"{value} is not it: count U (D × H), W (H × H) and b (H)"
    return (f"{D_Q}·{H_Q} + {H_Q}·{H_Q} + {H_Q} = {right}, whatever T is: the parameters are shared "
            "across time")


param_count = Exercise("parameters of an RNN layer", _check_params,
                       "the unrolled picture has T copies, but they are the same matrices.",
                       D_Q * H_Q + H_Q * H_Q + H_Q)

# -- the seed lecture's five review questions ----------------------------------------------------------------

REASONS = {
    "a": "large labelled data sets", "b": "better training methods (initialisation, ReLU, new losses)",
    "c": "fast hardware, above all GPUs", "d": "networks with fewer parameters than shallow ones",
    "e": "the backpropagation algorithm was invented in 2006", "f": "computers stopped needing training data",
}


def _picks(answer, what, example):
    """The items of a string ("bca") or of a list/tuple/set (["b", "c", "a"]) as lower-case strings,
    in order."""
    if isinstance(answer, str):
        return [c for c in answer.lower() if c.isalpha()]
    if not isinstance(answer, (list, tuple, set, frozenset, dict)):
        raise AnswerError(f"answer with {what}, e.g. {example}; got {type(answer).__name__}")
    if len(answer) > 26:
        raise AnswerError(f"that is {len(answer)} items; answer with {what}, e.g. {example}")
    return [str(a).strip().lower() for a in answer]


def _check_reasons(answer):
    picked = set(_picks(answer, "letters", "'abc' or {'a', 'b', 'c'}"))
    unknown = picked - set(REASONS)
    assert not unknown, f"pick letters among {', '.join(REASONS)}; {', '.join(sorted(unknown))} is not one"
    assert "e" not in picked, "backpropagation is from the 1970s–80s; chapter 0 tells what changed in 2006"
    missing = {"a", "b", "c"} - picked
    assert not missing, ("one of the three reasons is missing: "
                         f"{', '.join(REASONS[m] for m in sorted(missing))}")
    assert picked == {"a", "b", "c"}, "one of your picks is not among the seed's reasons"
    return "data, training methods, hardware (and with them, learned features)"


q1_reasons = Exercise("review 1: why deep networks took off", _check_reasons,
                      "chapter 0, sections 4–6: three things changed around 2006.", {"a", "b", "c"})

LAYER_NAMES = {"convolution": ("conv", "convolution", "convolutional", "卷积"),
               "pooling": ("pool", "pooling", "subsampling", "downsampling", "sampling",
                           "池化", "下采样", "采样"),
               "fully connected": ("fully connected", "fullyconnected", "full connection", "dense", "fc",
                                   "linear", "全连接"),
               "input": ("input", "输入"),
               "hidden": ("hidden", "recurrent", "rnn", "隐含", "隐藏", "循环"),
               "output": ("output", "输出")}


def _layer_name(text, options):
    """The canonical name among `options` that a learner's spelling means: case, hyphens, a trailing
    "layer(s)" (层) and words such as "max" or "average" do not matter."""
    key = str(text).lower().replace("-", " ").replace("_", " ").strip(" .()[]")
    for word in ("layers", "layer", "层", "max ", "mean ", "average "):
        key = key.replace(word, " ")
    key = " ".join(key.split())
    for name in options:
        if any(key == s or key.replace(" ", "") == s.replace(" ", "") or (len(s) > 3 and s in key)
               for s in LAYER_NAMES[name]):
            return name
    raise AssertionError(f"{text!r} is not one of {', '.join(repr(o) for o in options)}")


def _layers(answer, n, options):
    # a string such as "conv, pool, fc", "conv → pool → fc" or "卷积层、池化层、全连接层"
    if isinstance(answer, str):
        answer = [a for a in re.split(r"[,，、;；\n]|→|->", answer) if a.strip()]
    if not isinstance(answer, (list, tuple)) or len(answer) != n:
        raise AssertionError(f"give {n} layer names, e.g. ['...', '...', '...']")
    return [_layer_name(a, options) for a in answer]


def _check_cnn_layers(answer):
    got = _layers(answer, 3, ("convolution", "pooling", "fully connected"))
    assert got == ["convolution", "pooling", "fully connected"], \
        "in the order a letter meets them: features first, then shrinking, then classifying"
    return "convolution → pooling (subsampling) → fully connected"


q2_cnn_layers = Exercise("review 2: the layers of a CNN", _check_cnn_layers,
                         "chapter 6, section 5: the classic structure, in order.",
                         ["convolution", "pooling", "fully connected"])

IMAGE_WORDS = ("image", "picture", "photo", "spatial", "pixel", "vision", "visual", "grid",
               "图像", "视觉", "图片")
SEQUENCE_WORDS = ("sequence", "order", "time", "language", "text", "speech", "audio", "sentence", "word",
                  "nlp", "translation", "series", "video", "music",
                  "序列", "语言", "语音", "文本", "时间", "翻译", "顺序", "句", "时序")
NAMES = {"CNN": ("cnn", "convolution", "卷积"), "RNN": ("rnn", "recurrent", "循环")}


def _check_applications(answer):
    """Each network's part of the answer (from its name to the other's) must name the right kind of data."""
    if isinstance(answer, str) and not answer.strip():
        raise NotAttempted
    if not isinstance(answer, str):
        raise AssertionError("answer in words, as a string")
    text = answer.lower()
    marks = sorted((text.find(w), net) for net, words in NAMES.items() for w in words if w in text)
    firsts = {}
    for pos, net in marks:
        firsts.setdefault(net, pos)
    assert len(firsts) == 2, ("say which network is used for what: name both CNNs and RNNs (卷积 / 循环) "
                              "in your answer")
    (p1, n1), (p2, n2) = sorted((pos, net) for net, pos in firsts.items())
    parts = {n1: text[p1:p2], n2: text[p2:]}
    for net, words, kind in (("CNN", IMAGE_WORDS, "images or other grids"),
                             ("RNN", SEQUENCE_WORDS, "sequences")):
        if not any(w in parts[net] for w in words):
            other = "RNN" if net == "CNN" else "CNN"
            swapped = any(w in parts[other] for w in words)
            raise AssertionError(f"what you say about {net}s does not mention {kind}"
                                 + (" — are the two swapped?" if swapped else "")
                                 + " (model answer: .solution())")
    return ("CNNs for grid-like data such as images, RNNs for sequences such as language, speech and "
            "time series")


q3_applications = OpenQuestion(
    "review 3: where RNNs and CNNs are used", None,
    "what structure does each network build in: a grid where neighbours matter, or an order where "
    "the past matters? Name an example of each.",
    "CNNs suit data on a grid where nearby values belong together and a pattern means the same "
    "wherever it appears: images (recognition, detection), also spectrograms. Their shared kernels "
    "look at local neighbourhoods. RNNs suit sequences, where what comes next depends on what came "
    "before and the length varies: natural language (word vectors, part-of-speech tagging, checking "
    "whether a sentence is well-formed, translation), speech, and time series such as the membrane "
    "recording of this chapter. Their hidden state carries a memory from step to step.",
    checker=_check_applications)


def _check_rnn_layers(answer):
    got = _layers(answer, 3, ("input", "hidden", "output"))
    assert sorted(got) == ["hidden", "input", "output"], ("an RNN has the same three kinds of layer as "
                                                          "a dense network")
    assert got == ["input", "hidden", "output"], "in the order the data flows"
    return "input → hidden (connected to itself across time: the recurrence) → output"


q4_rnn_layers = Exercise("review 4: the layers of an RNN", _check_rnn_layers,
                         "the seed lecture: 'like other networks, an RNN has ... layers'; "
                         "which one is special?",
                         ["input", "hidden", "output"])

BPTT_STEPS = {"a": "compute the gradient of every shared weight (summed over time steps) "
                   "and update it by SGD",
              "b": "compute every neuron's output, step by step forward in time",
              "c": "compute every neuron's error term, step by step backward in time"}


def _check_bptt_order(answer):
    got = [c for c in answer.lower() if c in "abc"] if isinstance(answer, str) else \
        _picks(answer, "the three letters in order", "'bca' or ['b', 'c', 'a']")
    assert sorted(got) == ["a", "b", "c"], "order all three steps: a, b and c, each once"
    assert got[0] == "b", (f"{got[0]}) cannot come first: both the error terms and the weight gradients "
                           "need every h_t from the forward pass (b)")
    assert got == ["b", "c", "a"], "the weight gradients are built from the δs, so they come last"
    return ("forward (every h_t) → backward (every δ_t, from T down to 1) → weight gradients summed over t, "
            "then update")


q5_bptt_order = Exercise("review 5: the three steps of BPTT", _check_bptt_order,
                         "what does each step need from the others?", "bca")

q5_bptt_words = OpenQuestion(
    "review 5: BPTT in words",
    {"unrolling in time": ("unroll", "unfold", "展开", "copies"),
     "shared weights": ("share", "same weight", "same u", "same w", "same at every", "same parameters",
                        "identical", "tied", "reuse", "共享", "同一", "相同"),
     "the gradient summed over time steps": ("sum", "add", "accumulat", "total",
                                             "累加", "求和", "之和", "相加", "总和"),
     "vanishing/exploding through many steps": ("vanish", "explod", "shrink", "blow up", "decay",
                                                "消失", "爆炸", "弥散")},
    "describe what BPTT does to the network first, what happens to the weights' gradients, and what goes "
    "wrong for long sequences.",
    "Backpropagation through time unrolls the recurrent network over the T steps of a sequence, which "
    "turns it into a deep feed-forward network whose layers all share the same U, W and V. It then runs "
    "ordinary backpropagation on that unrolled network in three steps: a forward pass that computes every "
    "h_t; a backward pass that computes δ_t = ∂L/∂h_t from t = T down to 1, each step adding the error "
    "from the output at t to what flows back from t + 1 through Wᵀ and φ′; and finally each shared "
    "weight's gradient as the sum of its contributions at every step, followed by a (stochastic) "
    "gradient-descent update. Because δ is multiplied by Wᵀ diag(φ′) once per step, it shrinks or grows "
    "geometrically over long spans: vanishing or exploding gradients, handled by clipping (explosion), "
    "careful initialisation, ReLU, or an LSTM (vanishing). Truncated BPTT stops the backward pass after "
    "k steps to save time and memory.")
