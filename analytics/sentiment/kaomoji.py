"""Polarity of kaomoji faces the Japanese analyzer's own rules cannot read, from a table
derived from the kaomoji-dataset package (FontVibe, CC BY 4.0; see models/README.md).

The table (``models/kaomoji_ja.tsv``) maps the inside of a bracketed face, as the analyzer
extracts it (after NFKC: ``*´ω`*`` → ``* ́ω`*``), to +1 or -1: the majority of the dataset's
entries with that face whose category is a clear feeling (happy, love, excited, cute, shy ...
against sad, angry, dissatisfied, scared, hurt ...), kept only where the majority is at least
two to one. The dataset's labels are machine-assigned and noisy, so the analyzer asks the
table only about faces its own rules leave undecided.

Rebuild with ``python -m analytics.sentiment.kaomoji`` after ``pip install
kaomoji-dataset==1.0.6``; the analyzer itself reads only the shipped table (parsing the
82,109-entry dataset takes seconds and 250 MB).
"""

from __future__ import annotations

import gzip
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

TABLE = Path(__file__).with_name("models") / "kaomoji_ja.tsv"
POSITIVE_CATEGORIES = frozenset(
    {"happy", "love", "excited", "cute", "sparkle", "hug", "wink", "uwu", "dance", "shy"}
)
NEGATIVE_CATEGORIES = frozenset(
    {"sad", "angry", "dissatisfied", "scared", "hurt", "rude", "table flip", "facepalm", "sorry"}
)
HEADER = (
    "# Kaomoji face (inside the brackets, NFKC) -> polarity, derived from kaomoji-dataset 1.0.6\n"
    "# (FontVibe, https://fontvibe.ai/tools/kaomoji), CC BY 4.0. Rebuild: python -m "
    "analytics.sentiment.kaomoji\n"
)


@lru_cache(maxsize=1)
def table() -> dict[str, int]:
    """Face → +1 / -1; empty when the table file is missing."""
    try:
        text = TABLE.read_text(encoding="utf-8")
    except OSError:
        return {}
    out = {}
    for line in text.split("\n"):
        if not line or line.startswith("#"):
            continue
        face, _, sign = line.rpartition("\t")
        out[face] = 1 if sign == "+1" else -1
    return out


def dataset_entries() -> Iterator[tuple[str, str]]:
    """(kaomoji, category) of the installed kaomoji-dataset package."""
    spec = find_spec("kaomoji_dataset")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("kaomoji-dataset is not installed: pip install kaomoji-dataset==1.0.6")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "kaomoji.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                entry = json.loads(line)
                yield entry["text"], entry.get("category") or ""


def build(entries: Iterable[tuple[str, str]]) -> dict[str, int]:
    """The majority polarity of each face, where it is at least two to one."""
    from analytics.sentiment.japanese import face_cores, normalize

    votes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for text, category in entries:
        if category in POSITIVE_CATEGORIES:
            side = 0
        elif category in NEGATIVE_CATEGORIES:
            side = 1
        else:
            continue
        for core in face_cores(normalize(text)):
            if "\t" not in core and "\n" not in core:
                votes[core][side] += 1
    out = {}
    for core, (pos, neg) in votes.items():
        if pos != neg and max(pos, neg) >= 2 * min(pos, neg):
            out[core] = 1 if pos > neg else -1
    return out


def write(faces: dict[str, int], path: Path = TABLE) -> None:
    lines = [f"{core}\t{'+1' if sign > 0 else '-1'}" for core, sign in sorted(faces.items())]
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    faces = build(dataset_entries())
    write(faces)
    print(f"{len(faces)} faces written to {TABLE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
