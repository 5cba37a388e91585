"""The letters data set: shapes, determinism, balance, alignment, and a cache that heals itself."""

import numpy as np
import pytest

from course_lib.datasets import LETTERS, generate_letters, load_letters
from course_lib.datasets import letters as L
from course_lib.errors import ConfigError


def test_shapes_and_values():
    X, y = generate_letters(300, np.random.default_rng(0))
    assert X.shape == (300, 289) and X.dtype == np.float32
    assert y.shape == (300,) and y.dtype == np.int64
    assert set(np.unique(X)) <= {0.0, 1.0}
    assert y.min() >= 0 and y.max() < 26 and LETTERS[0] == "A" and len(LETTERS) == 26


def test_same_seed_same_letters_other_seed_other_letters():
    a = generate_letters(200, np.random.default_rng(5))
    b = generate_letters(200, np.random.default_rng(5))
    c = generate_letters(200, np.random.default_rng(6))
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


def test_q_and_w_are_rarer():
    """The lab's shares: Q 2.1 %, W 2.8 %, the other letters about 3.9 % each."""
    _, y = generate_letters(26_000, np.random.default_rng(1))
    counts = np.bincount(y, minlength=26)
    common = np.delete(counts, [LETTERS.index("Q"), LETTERS.index("W")])
    assert (
        counts[LETTERS.index("Q")] < 0.65 * common.mean()
        and counts[LETTERS.index("W")] < 0.85 * common.mean()
    )
    assert common.min() > 0.8 * common.mean()


def test_letters_are_about_12px_tall_and_top_left_aligned():
    X, _ = generate_letters(2000, np.random.default_rng(2))
    ink = X.reshape(-1, 17, 17).mean(axis=0)
    rows = ink.mean(axis=1)
    assert rows[:13].sum() > 0.85 * rows.sum()  # the letter body occupies rows 0..12
    assert rows[0] > 3 * rows[15]  # ink starts at the top edge
    assert ink.mean(axis=0)[:3].sum() > ink.mean(axis=0)[-3:].sum()  # and at the left


def test_each_letter_is_drawn_from_its_own_glyph():
    """A nearest-centroid classifier must do far better than chance (labels match images), but not
    perfectly (the set is not trivial)."""
    X, y = generate_letters(6000, np.random.default_rng(3))
    centroids = np.stack([X[:5000][y[:5000] == k].mean(0) for k in range(26)])
    pred = np.argmin(((X[5000:, None, :] - centroids[None]) ** 2).sum(-1), axis=1)
    acc = np.mean(pred == y[5000:])
    assert 0.5 < acc < 0.99


@pytest.mark.parametrize("n", [-1, 2.5, "10", True])
def test_bad_n(n):
    with pytest.raises(ConfigError, match="n must be a whole number"):
        generate_letters(n, np.random.default_rng(0))


def test_bad_rng_and_seed(tmp_path):
    with pytest.raises(ConfigError, match="numpy Generator"):
        generate_letters(3, 0)
    with pytest.raises(ConfigError, match="seed"):
        load_letters(seed="zero", cache_dir=tmp_path)
    with pytest.raises(ConfigError, match="seed must be a whole number ≥ 0, got -1"):
        load_letters(seed=-1, cache_dir=tmp_path)


def test_zero_letters():
    X, y = generate_letters(0, np.random.default_rng(0))
    assert X.shape == (0, 289) and y.shape == (0,)


@pytest.fixture
def small_splits(monkeypatch):
    """Shrink the splits so cache tests run in milliseconds."""
    monkeypatch.setattr(L, "SPLITS", {"train": 400, "val": 100, "test": 100})


def test_cache_round_trip(tmp_path, small_splits, capsys):
    first = load_letters(seed=3, cache_dir=tmp_path)
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "generated 600 images" in out
    assert (tmp_path / "letters-seed3.npz").exists() and (tmp_path / "letters-seed3.sha256").exists()
    second = load_letters(seed=3, cache_dir=tmp_path)
    assert capsys.readouterr().out == ""  # read from the cache, silently
    for name in ("X_train", "y_train", "X_val", "y_val", "X_test", "y_test"):
        np.testing.assert_array_equal(getattr(first, name), getattr(second, name))
    assert first.X_train.shape == (400, 289) and first.images(first.X_train).shape == (400, 17, 17)


@pytest.mark.parametrize(
    "damage, said",
    [
        ("truncate", "is corrupt"),
        ("garbage", "is corrupt"),
        ("empty", "is corrupt (empty)"),
        ("checksum", "does not match its checksum"),
        ("no_checksum", "has no checksum file letters-seed4.sha256"),
    ],
)
def test_corrupt_cache_is_reported_in_one_line_and_regenerated(tmp_path, small_splits, capsys, damage, said):
    good = load_letters(seed=4, cache_dir=tmp_path)
    capsys.readouterr()
    path = tmp_path / "letters-seed4.npz"
    if damage == "truncate":
        path.write_bytes(path.read_bytes()[:100])
    elif damage == "garbage":
        path.write_bytes(b"not a numpy file at all" * 10)
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "checksum":
        path.with_suffix(".sha256").write_text("0" * 64)
    else:
        path.with_suffix(".sha256").unlink()
    again = load_letters(seed=4, cache_dir=tmp_path)
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2 and said in lines[0] and "regenerating" in lines[0]
    assert "generated 600 images" in lines[1]
    np.testing.assert_array_equal(again.X_train, good.X_train)


def test_a_cache_with_the_right_checksum_but_wrong_shapes_is_rejected(tmp_path, small_splits, capsys):
    load_letters(seed=5, cache_dir=tmp_path)
    path = tmp_path / "letters-seed5.npz"
    arrays = dict(np.load(path))
    arrays["y_val"] = arrays["y_val"][:10]
    np.savez_compressed(path, **arrays)
    path.with_suffix(".sha256").write_text(L._sha256(path))
    load_letters(seed=5, cache_dir=tmp_path)
    assert "corrupt (wrong shapes)" in capsys.readouterr().out


def test_verbose_false_is_silent(tmp_path, small_splits, capsys):
    load_letters(seed=6, cache_dir=tmp_path, verbose=False)
    assert capsys.readouterr().out == ""


def test_a_cache_from_another_generator_is_regenerated(tmp_path, small_splits, capsys, monkeypatch):
    """The cache records the generator's fingerprint: change the generator, and the old cache is not used."""
    load_letters(seed=7, cache_dir=tmp_path)
    L.generator_fingerprint.cache_clear()
    monkeypatch.setattr(L, "generator_fingerprint", lambda: "0123456789abcdef")
    capsys.readouterr()
    load_letters(seed=7, cache_dir=tmp_path)
    assert "was made by another version of the generator; regenerating" in capsys.readouterr().out


def test_a_cache_renamed_from_another_seed_is_not_served_as_this_one(tmp_path, small_splits, capsys):
    """The seed is kept inside the file: renaming seed 8's cache to seed 9's does not pass it off as seed 9."""
    eight = load_letters(seed=8, cache_dir=tmp_path)
    for suffix in (".npz", ".sha256"):
        (tmp_path / f"letters-seed8{suffix}").rename(tmp_path / f"letters-seed9{suffix}")
    capsys.readouterr()
    nine = load_letters(seed=9, cache_dir=tmp_path)
    assert "holds the letters of another seed, not of seed 9; regenerating" in capsys.readouterr().out
    assert not np.array_equal(nine.X_train, eight.X_train)


def test_a_cache_write_that_fails_leaves_no_temporary_file(tmp_path, small_splits, monkeypatch, capsys):
    def disk_full(tmp, splits, seed):
        tmp.write_bytes(b"PK half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(L, "_write_arrays", disk_full)
    splits = load_letters(seed=10, cache_dir=tmp_path)
    assert "(not cached: No space left on device)" in capsys.readouterr().out
    assert splits.X_train.shape[1] == 289 and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("cache_dir", [123, "", b"data"])
def test_cache_dir_must_be_a_folder_path(cache_dir):
    with pytest.raises(ConfigError, match=r"load_letters: cache_dir must be a folder's path such as 'data'"):
        load_letters(seed=0, cache_dir=cache_dir)
