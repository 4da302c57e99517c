"""How well themes hold on a labelled comment stream: ``python -m analytics.theme_evaluate``.

A set is a TSV file (``analytics/theme_sets/*.tsv``): ``stream, lang, gold, text``, where
``gold`` is a topic id, ``a|b`` for a comment on two topics, or ``-`` for a comment with no
theme ("特になし", "n/a"). Each stream is one survey: its comments go through
:func:`analytics.themes.find_themes` exactly as the results page asks for them (top 15
themes, sentiment from :func:`analytics.sentiment.analyze`). Figures:

- pairwise precision / recall / F1 of "these two comments share a shown theme" against "these
  two comments share a gold topic", over pairs inside each stream;
- bilingual merge: of the gold topics written in both Japanese and English in one stream, the
  share whose largest theme holds comments in both languages;
- junk themes: shown themes that no gold topic makes up at least half of (an empty word, or
  comments with no topic grouped together), and theme names that are stop words;
- repeated quotes: shown themes whose examples quote the same text twice;
- name language: share of theme names written in the reader's language, for a Japanese and
  an English reader of every stream.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from analytics.themes import ThemeInput, find_themes

SETS_DIR = Path(__file__).parent / "theme_sets"
_JA = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class Row:
    stream: str
    lang: str
    gold: frozenset[str]
    text: str


def load(path: Path) -> list[Row]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        stream, lang, gold, text = line.split("\t", 3)
        topics = frozenset() if gold == "-" else frozenset(gold.split("|"))
        rows.append(Row(stream, lang, topics, text))
    return rows


def _quote_key(text: str) -> str:
    return " ".join(text.casefold().split()).strip(" .!?。！？")


def _label_language(label: str) -> str:
    return "ja" if _JA.search(label) else "en"


def _stop_words() -> frozenset[str]:
    words = {"ページ", "検討", "place", "work", "page", "thing", "こと", "もの", "特に", "なし"}
    try:
        import stopwordsiso

        words |= set(stopwordsiso.stopwords("ja")) | set(stopwordsiso.stopwords("en"))
    except ImportError:
        pass
    return frozenset(words)


def evaluate(rows: list[Row], top_n: int = 15) -> dict[str, float]:
    from analytics.sentiment import analyze

    streams: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        streams[row.stream].append(row)
    stop = _stop_words()
    tp = pred_pairs = gold_pairs = 0
    bilingual = merged = 0
    shown = junk = stop_named = repeated = 0
    named_right = named = 0
    for stream_rows in streams.values():
        inputs = []
        for n, row in enumerate(stream_rows):
            result = analyze(row.text)
            inputs.append(ThemeInput(n, row.text, result.polarity, None, "", row.lang))
        by_reader = {
            reader: find_themes(inputs, top_n=top_n, reader=reader) for reader in ("ja", "en")
        }
        themes = by_reader["ja"]
        for reader, found in by_reader.items():
            for theme in found:
                named += 1
                named_right += _label_language(theme.phrase) == reader
        members: dict[int, set[int]] = defaultdict(set)
        groups: list[list[int]] = []
        for k, theme in enumerate(themes):
            ids = [n for n, c in enumerate(inputs) if c.id in set(theme.member_ids)]
            groups.append(ids)
            for i in ids:
                members[i].add(k)
            shown += 1
            topics = Counter(t for i in ids for t in stream_rows[i].gold)
            top_share = max(topics.values()) / len(ids) if topics else 0.0
            junk += top_share < 0.5
            stop_named += theme.phrase.casefold() in stop
            quotes = [
                _quote_key(inputs[n].text)
                for n, c in enumerate(inputs)
                if c.id in theme.example_ids
            ]
            repeated += len(quotes) != len(set(quotes))
        n = len(stream_rows)
        for a in range(n):
            for b in range(a + 1, n):
                g = bool(stream_rows[a].gold & stream_rows[b].gold)
                p = bool(members[a] & members[b])
                gold_pairs += g
                pred_pairs += p
                tp += g and p
        topic_rows: dict[str, list[int]] = defaultdict(list)
        for i, row in enumerate(stream_rows):
            for t in row.gold:
                topic_rows[t].append(i)
        for ids in topic_rows.values():
            if {stream_rows[i].lang for i in ids} != {"ja", "en"}:
                continue
            bilingual += 1
            best = max(groups, key=lambda g: len(set(g) & set(ids)), default=[])
            langs = {stream_rows[i].lang for i in set(best) & set(ids)}
            merged += langs == {"ja", "en"}
    precision = tp / pred_pairs if pred_pairs else 0.0
    recall = tp / gold_pairs if gold_pairs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "comments": len(rows),
        "pair_precision": precision,
        "pair_recall": recall,
        "pair_f1": f1,
        "bilingual_topics": bilingual,
        "bilingual_merged": merged / bilingual if bilingual else 0.0,
        "themes_shown": shown,
        "junk_themes": junk,
        "stop_word_names": stop_named,
        "repeated_quotes": repeated,
        "names_in_reader_language": named_right / named if named else 0.0,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # the fresh set is held out: name it explicitly (it was measured once before the change)
    parser.add_argument("sets", nargs="*", default=["dev"])
    args = parser.parse_args(argv)
    for name in args.sets:
        path = SETS_DIR / f"{name}.tsv"
        if not path.exists():
            continue
        figures = evaluate(load(path))
        print(f"{name}: " + ", ".join(f"{k}={_fmt(v)}" for k, v in figures.items()))


def _fmt(value: float) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


if __name__ == "__main__":
    main()
