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
