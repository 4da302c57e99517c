"""English review-style neutrals (issue 14, engen5): written sets may carry a note line, and
the examples of this round's failure modes."""

from __future__ import annotations

from pathlib import Path

from analytics.sentiment import evaluate


def test_a_note_line_in_a_written_set_is_not_a_row(tmp_path: Path) -> None:
    path = tmp_path / "holdout_en_x.csv"
    path.write_text(
        "text,label,kind\n"
        "# written by someone and held out\n"
        "The kettle boils in a minute.,positive,product\n"
        "The kettle is white.,neutral,neutral\n",
        encoding="utf-8",
    )
    sets = evaluate._written_sets(path, True)
    assert [s.name for s in sets] == [
        "holdout_en_x.csv all (3-class)",
        "holdout_en_x.csv product + neutrals",
    ]
    assert sets[0].labels == ["positive", "neutral"]


def test_a_neutral_row_pulls_its_own_word_to_zero() -> None:
    """Soft target 0.5: a word seen only in neutral rows gets no polarity, while the same
    fit on hard labels alone would give it the polarity of the rows it shares."""
    import numpy as np
    from scipy import sparse

    from analytics.sentiment import train

    # columns: "great", "awful", "battery"; "battery" sits in two negative rows
    x = sparse.csr_matrix(
        np.array([[1, 0, 0], [1, 0, 0], [0, 1, 1], [0, 1, 1], [0, 0, 1], [0, 0, 1]], dtype=float)
    )
    polar_only = train.fit_logreg(x[:4], np.array([1.0, 1.0, 0.0, 0.0]), 10.0)[0]
    with_neutral = train.fit_logreg(x, np.array([1.0, 1.0, 0.0, 0.0, 0.5, 0.5]), 10.0)
    assert polar_only[2] < -0.5
    assert abs(with_neutral[0] @ np.array([0, 0, 1.0]) + with_neutral[1]) < abs(
        polar_only[2] + train.fit_logreg(x[:4], np.array([1.0, 1.0, 0.0, 0.0]), 10.0)[1]
    )


def test_extra_training_rows_never_read_a_held_out_set() -> None:
    from analytics.sentiment import train

    texts, targets = train.extra_training_rows("written")
    neutral, _ = train.extra_training_rows("neutral")
    assert set(targets) == {0.0, 0.5, 1.0}
    assert len(neutral) >= 250 and all(t in texts for t in neutral)
    held = set()
    import csv

    for path in sorted(train.DEVSETS_DIR.glob("holdout_en*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            held |= {r["text"] for r in csv.DictReader(fh)}
    assert not held & set(texts)
    assert train.extra_training_rows("none") == ([], [])
