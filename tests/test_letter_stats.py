"""The generated letters have the seed lab's statistics (`seed_letters_stats.json`, measured from the lab's
40 000 training images), and a network trained on them reads letters drawn in a face it has never seen.

Tolerances: the values measured for seeds 0–3 (40 000 images each) are given beside each bound. Sampling
noise on 40 000 images is far smaller than the bounds (a share of 4 % has a standard error of 0.1 %); what
the bounds allow for is the generator's systematic gap to the lab's face, which no seed changes.
"""

import functools

import numpy as np
import pytest

import course_lib as cl
from course_lib.datasets import LETTERS, generate_letters
from course_lib.datasets import letter_stats as S
from course_lib.datasets import letters as L


@pytest.fixture(scope="module")
def letters():
    X, y = generate_letters(40_000, np.random.default_rng(0))
    return X, y, S.measure(X, y)


@pytest.fixture(scope="module")
def lab():
    return L.reference()


def test_the_reference_ships_with_the_package(lab):
    assert L.REFERENCE.parent.name == "datasets" and lab["images"] == 40_000
    assert sorted(lab["per_letter"]) == list(LETTERS)
    assert all(np.shape(v["mean_image"]) == (17, 17) for v in lab["per_letter"].values())


def test_each_letter_looks_like_the_labs_on_average(letters, lab):
    """Pearson correlation of the per-letter mean images: 0.912 on average, lowest S 0.79 (seeds 0–3).
    The best single face reaches 0.90; a serif face 0.74–0.77, the old generator 0.51."""
    corr = S.mean_image_correlation(letters[2], lab)
    assert corr.mean() >= 0.88, corr.round(2)
    assert corr.min() >= 0.70, dict(zip(LETTERS, corr.round(2)))


def test_ink_and_box_match(letters, lab):
    ours = letters[2]
    assert ours["ink_px_mean"] == pytest.approx(lab["ink_px_mean"], rel=0.05)  # 60.5–60.8 vs 59.4
    # p10 / p50 / p90 of height and width within 1 px (ours: 12/12/13 and 7/10/12, as the lab's)
    assert np.abs(np.subtract(ours["ink_height_px_p10_p50_p90"], lab["ink_height_px_p10_p50_p90"])).max() <= 1
    assert np.abs(np.subtract(ours["ink_width_px_p10_p50_p90"], lab["ink_width_px_p10_p50_p90"])).max() <= 1
    for c in LETTERS:
        mine, theirs = ours["per_letter"][c], lab["per_letter"][c]
        # per letter: medians within 1 px (ours are 0 or −1 off), mean ink within 25 % (worst: E, +20 %: the
        # bold face's E cannot be made thinner without losing its arms)
        assert abs(mine["width_p50"] - theirs["width_p50"]) <= 1, c
        assert abs(mine["height_p50"] - theirs["height_p50"]) <= 1, c
        assert mine["ink_px_mean"] == pytest.approx(theirs["ink_px_mean"], rel=0.25), c


def test_aligned_top_left_like_the_lab(letters, lab):
    ours = letters[2]
    rows, lab_rows = ours["first_ink_row_share_0_1_2_3"], lab["first_ink_row_share_0_1_2_3"]
    assert rows[0] == pytest.approx(lab_rows[0], abs=0.03)  # 0.639–0.646 vs 0.635
    assert rows[0] + rows[1] >= 0.99  # the lab: 0.992
    assert ours["first_ink_col_share_0_1_2_3"][0] == 1.0  # the lab: 1.0000


def test_specks_at_the_labs_rate(letters, lab):
    """Isolated white pixels (no white 4-neighbour): 0.166–0.171 per image, in 13.4–13.8 % of the images
    (the lab: 0.174, 14 %)."""
    ours = letters[2]
    assert ours["isolated_white_px_per_image_mean"] == pytest.approx(
        lab["isolated_white_px_per_image_mean"], rel=0.2
    )
    assert ours["share_of_images_with_an_isolated_white_px"] == pytest.approx(
        lab["share_of_images_with_an_isolated_white_px"], rel=0.2
    )


def test_letter_shares_match(letters, lab):
    for c in LETTERS:  # largest gap measured: 0.003
        assert letters[2]["per_letter"][c]["share"] == pytest.approx(
            lab["per_letter"][c]["share"], abs=0.006
        ), c


def test_confusions_counts_and_orders_them():
    y, predicted = np.array([11, 11, 11, 4, 4, 0]), np.array([8, 8, 11, 5, 5, 0])  # L→I twice, E→F twice
    assert S.confusions(y, predicted) == [("E->F", 2), ("L->I", 2)]
    assert S.confusions(y, y) == []
    assert S.lab_confusions()[0] == ("L->I", 43)


def test_measure_counts_what_it_says():
    """measure() on hand-made images: a 2×3 block at (1, 0) and a lone pixel at (5, 5)."""
    img = np.zeros((17, 17))
    img[1:3, 0:3] = 1
    img[5, 5] = 1
    st = S.measure(img.reshape(1, -1), np.array([0]))
    assert st["ink_px_mean"] == 7 and st["isolated_white_px_per_image_mean"] == 1
    assert st["ink_height_px_p10_p50_p90"] == [5.0] * 3 and st["ink_width_px_p10_p50_p90"] == [6.0] * 3
    assert st["first_ink_row_share_0_1_2_3"] == [0, 1, 0, 0] and st["first_ink_col_share_0_1_2_3"] == [
        1,
        0,
        0,
        0,
    ]


@functools.cache
def lab_recipe(seed):
    """The lab's network and recipe (289-20-26 sigmoid, sigmoid cross-entropy, the lab's init, lr 1, batch 1024,
    20 epochs), trained on 40 000 generated letters and validated on 10 000 more, as the lab measured its own
    letters (`lab_recipe_on_lab_letters` in ../shared/reference/seed_letters_stats.json)."""
    X, y = generate_letters(50_000, np.random.default_rng(0))
    model = cl.mlp((289, 20, 26), "sigmoid", init="seed", rng=seed, output_activation=None)
    trainer = cl.Trainer(
        model,
        cl.SigmoidCrossEntropyLoss(),
        cl.SGD(model, lr=1.0),
        X[:40_000],
        y[:40_000],
        X[40_000:],
        y[40_000:],
        batch_size=1024,
        seed=seed,
    )
    trainer.fit(20)
    return model, np.array(trainer.history.val_acc)


@pytest.fixture(scope="module")
def lab_network():
    return lab_recipe(0)


@pytest.mark.parametrize("seed", [0, 1])
def test_as_hard_as_the_labs_letters(seed, lab_network):
    """The lab's recipe reads 0.977–0.980 of the lab's letters after 20 epochs (three seeds; 0.83–0.85 after
    epoch 3, 0.963–0.969 after epoch 10). Ours, data and network seeds 0–2, default and Sandybridge BLAS:
    0.971–0.979 (0.835–0.858 after epoch 3, 0.955–0.967 after epoch 10, 0.986 after 60 epochs, where the lab
    says its best was 0.992). The generator that drew each face one way at each width gave 0.999."""
    acc = lab_network[1] if seed == 0 else lab_recipe(seed)[1]
    assert 0.97 <= acc[-1] <= 0.99, acc.round(3)
    assert abs(acc[2] - 0.84) <= 0.04 and abs(acc[9] - 0.966) <= 0.04, acc.round(3)


def test_a_better_trained_network_does_not_read_them_all():
    """Letters that are hard only for a slow recipe would be easy for a better one, and every comparison made
    with a better one would end at 1.000 again. 00's network (momentum 0.9, batch 256, softmax cross-entropy,
    5 epochs) reads 0.988 of ours; 0.9994 of the letters drawn one way at each width."""
    X, y = generate_letters(50_000, np.random.default_rng(0))
    model = cl.mlp((289, 20, 26), "sigmoid", rng=0, output_activation=None)
    cl.Trainer(
        model,
        cl.SoftmaxCrossEntropyLoss(),
        cl.SGD(model, lr=1.0, momentum=0.9),
        X[:40_000],
        y[:40_000],
        batch_size=256,
    ).fit(5)
    assert np.mean(model.predict(X[40_000:]) == y[40_000:]) <= 0.995


def test_it_confuses_what_the_lab_confuses(lab_network):
    """The lab's network most often reads L as I, X as A, J as F, K as A, T as F, P as F, T as I, E as F, Y as V,
    D as O and K as X (its 11 most common confusions over three seeds). Among the 15 most common on ours (one
    data set, network seeds 0–2) are 6 of them: T→I 2nd, T→F 5th, L→I 6th, Y→V 7th, P→F 13th, E→F 14th (with
    data seeds 0–2 too: 5, E→F 18th; under another BLAS kernel 5). Issue 20 asked for at least 5. The
    generator with shorter right arms only had 2–3; the letters drawn one way at each width had none."""
    lab_top = [pair for pair, _ in S.lab_confusions()[:11]]
    X, y = generate_letters(50_000, np.random.default_rng(0))
    models = (lab_network[0], lab_recipe(1)[0], lab_recipe(2)[0])
    predicted = np.concatenate([model.predict(X[40_000:]) for model in models])
    ours = [pair for pair, _ in S.confusions(np.tile(y[40_000:], len(models)), predicted)[:15]]
    assert len(set(ours) & set(lab_top)) >= 5, (ours, lab_top)


def test_a_network_trained_on_them_reads_a_face_it_never_saw(lab_network, monkeypatch):
    """The lab's letters are in a face we do not have; DejaVu Sans Mono Bold, which the generator does not
    use, stands in for it: 0.966–0.969 for two initial seeds (0.81 for a generator without the bold face)."""
    monkeypatch.setattr(L, "FONTS", {"DejaVuSansMono-Bold.ttf": False})
    L._faces.cache_clear()
    try:
        X, y = generate_letters(3000, np.random.default_rng(2))
    finally:
        monkeypatch.undo()
        L._faces.cache_clear()
    assert np.mean(lab_network[0].predict(X) == y) >= 0.90


def test_it_reads_the_labs_average_letters(lab_network, lab):
    """Each of the lab's 26 mean images, thresholded at 0.45 (the pixels most of its images have white), is
    read as its letter (25 of 26 for two seeds)."""
    typical = np.stack([np.ravel(lab["per_letter"][c]["mean_image"]) > 0.45 for c in LETTERS]).astype(
        np.float32
    )
    predicted = lab_network[0].predict(typical)
    assert (predicted == np.arange(26)).sum() >= 25, [
        f"{c}→{LETTERS[p]}" for c, p in zip(LETTERS, predicted) if c != LETTERS[p]
    ]
