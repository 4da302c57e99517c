"""Check that a change to the Japanese analyzer leaves every score as it was (issue 14, japerf).

Speed-ups of ``analytics.sentiment.japanese`` must not change what it stores. This script
scores a fixed corpus with one checkout and compares with another:

    # 1. with the code before the change (e.g. a detached worktree of main)
    PYTHONPATH=/path/to/old python bench/ja_same_scores.py --write /tmp/ja_scores.json
    # 2. with the changed code
    PYTHONPATH=$PWD python bench/ja_same_scores.py --check /tmp/ja_scores.json

With ``--ungated`` it compares, in one checkout, the analyzer with its rule gates (see
``hits_and_events``) against the same rules run on every token: the check to run after new
rules land, since a rule whose trigger words are missing from its gate is silently skipped.

The checkout scored is the one on PYTHONPATH. The corpus (stored with the scores, so both runs score the same texts): every Japanese text
of chABSA and of ``analytics/sentiment/devsets/*ja*``, plus generated texts: random
substrings and splices of those texts, and chains of lexicon words, rule words, particles,
endings and marks (seeded, so the corpus is the same on every machine). ``--check`` exits 1
and prints the first differences when any polarity (compared exactly) or label differs.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEVSETS = ROOT / "analytics" / "sentiment" / "devsets"

#: Words the rules look for (particles, endings, rule triggers), glued between lexicon words.
GLUE = (
    "が は も を に で と の へ や から より まで ほど ので のに けど けれど しかし でも ものの "
    "ない ません なかった ず ぬ へん すぎる すぎ すぎて 過ぎ にくい づらい やすい です でした "
    "ます ました だ だった か かな かよ ね よ な わ w ww 笑 草 。 、 ! ? … 。。 (笑) (棒) "
    "(褒めてる) (^^) (T_T) orz ★★★☆☆ 星4つ 5点中4点 4.5点。 5段階評価で2 ◎ ○ △ × "
    "もう少し もっと もう一度 また 次回も ぜひ 別の ほしい てほしい ください 教えて "
    "たい たいと思える たいとは思わない と思う べき ほうがいい ば たら なら と 尚 さらに "
    "てしまった ちゃった れた られた てくれた ていただいた やっと ようやく なんで どうして "
    "いつになったら 予定 らしい とのこと となります から 来月から 毎回 はずが 通り 以上 "
    "割に 値段の割に 普通 普通に 方 以前の方が 他社の方が 仕方ない 可愛くて 欲を言えば "
    "期待 改善 向上 を望む 次回に期待 ほどではない ほど 聞いた と評判の 泊まるかは 方には "
    "想像より 思ったより 小さかった 長い 待った 30分 2時間 音が 聞こえた 響いた 当たった "
    "ようになった 一度も 一つも わけではない 円 1万円 高い 安い 増加 減少 売上高 費用 "
    "見つかった 探していた 大変 すごい とても 少し 全然 だらけ 欠ける 臭い 過ぎる 5時過ぎ "
    "🥺 😭 😇 👍 ♪ 無理 泣いた しんどい 尊い 伺いました 泊まりました 誕生日 お祝い"
).split()


def labelled_texts() -> list[str]:
    """Every Japanese text of chABSA and of the dev sets, in a fixed order."""
    from analytics.sentiment.data import default_data_dir, written_rows

    texts: list[str] = []
    chabsa = default_data_dir() / "ja_chabsa.csv"
    if chabsa.exists():
        with chabsa.open(encoding="utf-8", newline="") as fh:
            texts += [row["text"] for row in csv.DictReader(fh)]
    else:
        print(f"warning: no {chabsa} (set VOC_SENTIMENT_DATA): dev sets only", file=sys.stderr)
    for path in sorted(DEVSETS.glob("*ja*")):
        if path.suffix == ".csv":
            texts += [row["text"] for row in written_rows(path)]
        else:
            lines = path.read_text(encoding="utf-8").splitlines()
            texts += [line for line in lines if line.strip() and not line.startswith("#")]
    return texts


def generated_texts(base: list[str], n: int, seed: int = 14) -> list[str]:
    """Substrings and splices of ``base``, and chains of lexicon words and glue words."""
    from analytics.sentiment.lexicon_ja import DIRECTION, LEXICON

    rng = random.Random(seed)
    words = sorted(LEXICON) + sorted(DIRECTION)
    out: list[str] = []
    while len(out) < n:
        kind = rng.random()
        if kind < 0.3:
            t = rng.choice(base)
            a = rng.randrange(len(t))
            out.append(t[a : a + rng.randint(2, 40)])
        elif kind < 0.45:
            a, b = rng.choice(base), rng.choice(base)
            out.append(a[: rng.randint(1, len(a))] + b[rng.randrange(len(b)) :])
        else:
            parts = [
                rng.choice(words) if rng.random() < 0.45 else rng.choice(GLUE)
                for _ in range(rng.randint(1, 9))
            ]
            out.append("".join(parts))
    return out


def score_all(texts: list[str], gated: bool = True) -> list[list[object]]:
    from analytics.sentiment import japanese
    from analytics.sentiment.japanese import JapaneseAnalyzer

    if not gated:
        with_gates = japanese.hits_and_events

        def ungated(tokens: Any, lex: Any = None, *, gated: bool = True) -> Any:
            return with_gates(tokens, lex, gated=False)

        japanese.hits_and_events = ungated  # type: ignore[assignment]
    analyzer = JapaneseAnalyzer()
    out: list[list[object]] = []
    for text in texts:
        result = analyzer.score(text)
        out.append([text, repr(result.polarity), result.label])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="score the corpus and store the scores")
    group.add_argument("--check", type=Path, help="compare with the stored scores")
    group.add_argument("--ungated", action="store_true", help="compare gated with ungated")
    parser.add_argument("--generated", type=int, default=4000, help="generated texts (--write)")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    if args.write:
        base = labelled_texts()
        texts = base + generated_texts(base, args.generated)
        rows = score_all(texts)
        args.write.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        print(
            f"wrote {len(rows)} scores ({len(base)} labelled) in {time.perf_counter() - t0:.1f} s"
        )
        return 0
    if args.ungated:
        base = labelled_texts()
        gated_rows = score_all(base + generated_texts(base, args.generated))
        stored = score_all([row[0] for row in gated_rows], gated=False)
        return _compare(stored, gated_rows, t0)
    stored = json.loads(args.check.read_text(encoding="utf-8"))
    return _compare(stored, score_all([row[0] for row in stored]), t0)


def _compare(stored: list[list[object]], rows: list[list[object]], t0: float) -> int:
    diffs = [(old, new) for old, new in zip(stored, rows, strict=True) if old != new]
    for old, new in diffs[:20]:
        print(f"DIFF {old[0]!r}: {old[1]} {old[2]} -> {new[1]} {new[2]}")
    print(f"{len(rows)} texts, {len(diffs)} differ ({time.perf_counter() - t0:.1f} s)")
    return 1 if diffs else 0


if __name__ == "__main__":
    raise SystemExit(main())
