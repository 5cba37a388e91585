"""The character-level language model of notebook 07c (course_lib.lessons.char_lm) and its widget."""

import numpy as np
import pytest

from course_lib.errors import ConfigError
from course_lib.lessons import char_lm as lm
from course_lib.lstm_fast import FastLSTM
from course_lib.recurrent import RNN

pytestmark = pytest.mark.ch07


def test_clean_keeps_the_alphabet_and_one_space_between_words():
    assert lm.clean("The  Zen\nof Python™ — 2024!") == "the zen of python"
    assert set(lm.clean("ÄäB, c: d'(e)")) <= set(lm.ALPHABET)


def test_encode_and_decode_are_inverses_and_encode_names_a_stray_character():
    text = "hello, world (yes): it's"
    assert lm.decode(lm.encode(text)) == text
    with pytest.raises(ConfigError, match=r"\['!'\] are not in the alphabet: pass the text through clean"):
        lm.encode("hi!")


def test_the_text_ships_with_python_and_splits_90_10():
    train, val = lm.load_text()
    assert len(train) > 300_000 and 0.09 < len(val) / (len(train) + len(val)) < 0.11
    assert set(train) | set(val) <= set(lm.ALPHABET)


def test_unigram_bits_is_the_entropy_of_the_frequencies_and_bigram_sees_the_pattern():
    codes = np.tile(np.arange(4), 1000)  # 0 1 2 3 0 1 2 3 …: uniform over 4, and fully predictable in pairs
    assert lm.unigram_bits(codes, codes, K=4) == pytest.approx(2.0, abs=1e-3)
    assert lm.bigram_bits(codes, codes, K=4) < 0.01
    # a character never seen in training still costs a finite number of bits (counts start at 1)
    assert np.isfinite(lm.unigram_bits(codes[codes < 3], codes, K=4))


def test_the_licence_line_is_in_the_learners_language(monkeypatch):
    """Notebook 07c prints lm.LICENCE: its explanation was English in the Chinese edition."""
    from course_lib import i18n

    monkeypatch.setattr(i18n, "_chosen", ["en"])
    assert lm.LICENCE == "PSF License Version 2 (the licence of Python and of its documentation)"
    monkeypatch.setattr(i18n, "_chosen", ["zh"])
    assert lm.LICENCE.startswith("PSF License Version 2（") and "licence" not in lm.LICENCE
    with pytest.raises(AttributeError, match="LICENSE"):
        lm.LICENSE


def test_windows_pair_each_character_with_the_next():
    codes = np.arange(10) % len(lm.ALPHABET)
    X, y = lm.windows(codes, 3, [0, 5])
    assert X.shape == (2, 3, len(lm.ALPHABET))
    assert list(X.argmax(axis=2).ravel()) == [0, 1, 2, 5, 6, 7] and list(y) == [1, 2, 3, 6, 7, 8]


@pytest.mark.parametrize("kind", ["RNN", "LSTM"])
def test_one_step_at_a_time_agrees_with_the_layer_over_the_whole_sequence(kind):
    """`step` (what sampling runs) computes what the model's layers compute, step by step."""
    rng = np.random.default_rng(0)
    model = lm.char_model(kind, 6, rng)
    assert isinstance(model.layers[0], FastLSTM if kind == "LSTM" else RNN)
    codes = rng.integers(0, len(lm.ALPHABET), 9)
    scores = model.forward(lm.one_hot(codes)[None])  # (9, K)
    p = lm.parameters(model)
    state = (np.zeros((1, 6)), np.zeros((1, 6)))
    for t, code in enumerate(codes):
        z, state = lm.step(kind, p, np.array([code]), state)
        np.testing.assert_allclose(z[0], scores[t], rtol=1e-4, atol=1e-5)


def test_step_can_fail():
    """The check above can fail: the RNN's step on an LSTM's parameters (gates ignored) disagrees."""
    rng = np.random.default_rng(0)
    model = lm.char_model("LSTM", 6, rng)
    scores = model.forward(lm.one_hot(np.array([3, 4]))[None])
    p = dict(lm.parameters(model), Wx=lm.parameters(model)["Wx"][:, :6], Wh=lm.parameters(model)["Wh"][:, :6])
    p["b"] = p["b"][:6]
    z, _ = lm.step("RNN", p, np.array([3]), (np.zeros((1, 6)), np.zeros((1, 6))))
    assert not np.allclose(z[0], scores[0], atol=1e-3)


def test_training_refuses_a_learning_rate_of_zero():
    codes = lm.encode("abc abc")
    with pytest.raises(ConfigError, match="train_char_lm: .*lr"):
        lm.train_char_lm("RNN", codes, codes, steps=2, lr=0)


def test_a_short_training_run_beats_the_unigram_baseline_and_keeps_checkpoints():
    train, val = lm.load_text()
    train, val = lm.encode(train[:50_000]), lm.encode(val[:4_000])
    run = lm.train_char_lm("RNN", train, val, steps=150, hidden=32, every=50, seed=0)
    assert sorted(run.checkpoints) == sorted(run.val_bits) == [0, 50, 100, 150]
    assert run.val_bits[0] > np.log2(len(lm.ALPHABET)) - 0.2  # untrained: about uniform over K
    assert run.final_bits < lm.unigram_bits(train, val) - 0.2
    # the checkpoints are copies, not the live parameters
    assert not np.allclose(run.checkpoints[0]["Wh"], run.checkpoints[150]["Wh"])


def test_sampling_keeps_the_prompt_and_low_temperature_repeats_itself():
    train = lm.encode(lm.clean("abc " * 2000))
    run = lm.train_char_lm("RNN", train, train[:400], steps=200, hidden=16, every=200, seed=0)
    p = run.checkpoints[200]
    cold = lm.sample("RNN", p, "ab", 40, 0.1, np.random.default_rng(0))
    assert cold.startswith("ab") and len(cold) == 42
    assert "abc abc abc abc" in cold  # near τ = 0 it follows the pattern it learnt
    hot = lm.sample(
        "RNN",
        lm.parameters(lm.char_model("RNN", 16, np.random.default_rng(1))),
        "ab",
        40,
        2.0,
        np.random.default_rng(0),
    )
    assert len(set(hot)) > 8  # an untrained model at a high temperature: near-uniform characters
    with pytest.raises(ConfigError, match="the prompt is empty"):
        lm.sample("RNN", p, "", 5, 1.0, np.random.default_rng(0))
    with pytest.raises(ConfigError, match="temperature"):
        lm.sample("RNN", p, "ab", 5, 0.0, np.random.default_rng(0))


@pytest.fixture(scope="module")
def tiny_runs():
    train = lm.encode(lm.load_text()[0][:20_000])
    return [
        lm.train_char_lm(k, train, train[:2000], steps=20, hidden=8, every=10, seed=0)
        for k in ("RNN", "LSTM")
    ]


def test_the_sample_explorer_samples_the_checkpoint_it_is_set_to(tiny_runs):
    from course_lib.viz.widgets import CharSampleExplorer

    w = CharSampleExplorer(tiny_runs, length=50)
    assert w.controls["step"].options == (0, 10, 20)
    w.set(step=0, temperature=1.0)
    at_start = w.text
    w.set(step=20)
    assert w.text != at_start and w.fig is not None and len(w.text) == len("the ") + 50
    w.set(step=0)
    assert w.text == at_start  # the same draws for the same setting: nothing random between changes
    with pytest.raises(ConfigError, match="unknown step"):
        w.update(step=5)
    with pytest.raises(ConfigError, match="give it the runs train_char_lm returned"):
        CharSampleExplorer([])
