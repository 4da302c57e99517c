"""The labelled development sets and their deterministic train / held-out split.

Data: ``en_reviews.csv`` ("Sentiment Labelled Sentences", Kotzias et al., KDD 2015, UCI ML
Repository, CC BY 4.0) and ``ja_chabsa.csv`` (chABSA-dataset by TIS Inc., T. Kubo and
H. Nakayama, CC BY 4.0). See the data folder's README for the full attribution. The files are
not shipped in this package; the trained weights derived from their training parts are.

Split: 70 % train / 30 % held out, by a BLAKE2b hash, so the split never changes and needs no
random state. English rows are split by their normalised text (so the 12 duplicated sentences
fall on one side); Japanese rows by report (document id), so that no report's wording is on
both sides.
"""

from __future__ import annotations

import csv
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_FILES = {"en": "en_reviews.csv", "ja": "ja_chabsa.csv"}
TRAIN_PERCENT = 70


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    label: int  # 1 positive, 0 negative
    source: str
    train: bool


def default_data_dir() -> Path:
    env = os.environ.get("VOC_SENTIMENT_DATA")
    if env:
        return Path(env)
    return (REPO_ROOT / ".." / "shared" / "data" / "sentiment").resolve()


def split_key(language: str, text: str, source: str) -> str:
    if language == "ja":
        return source.split("#", 1)[0]
    return " ".join(text.lower().split())


def bucket(key: str) -> int:
    """A stable 64-bit number for ``key``."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def in_train(key: str) -> bool:
    return bucket(key) % 100 < TRAIN_PERCENT


def written_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a written set (``text,label,kind``); lines starting with ``#`` (before or after
    the header) and rows with no label are notes on the set (who wrote it and when)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return [r for r in rows if r.get("label")]


def load(language: str, data_dir: Path | None = None) -> list[Example]:
    path = (data_dir or default_data_dir()) / DATA_FILES[language]
    rows: list[Example] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text, label, source = row["text"], row["label"], row["source"]
            if label not in ("positive", "negative"):
                raise ValueError(f"{path}: unexpected label {label!r}")
            rows.append(
                Example(
                    text=text,
                    label=1 if label == "positive" else 0,
                    source=source,
                    train=in_train(split_key(language, text, source)),
                )
            )
    return rows
