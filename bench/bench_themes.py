"""Issue 14 benchmark: themes over 5,000 mixed Japanese/English comments.

Builds 5,000 distinct comments (about half Japanese) by joining two comments of the dev theme
set (``analytics/theme_sets/dev.tsv``) in the same language, then times
:func:`analytics.themes.find_themes` as the results page calls it (top 15, reader "ja"):
the first call in a fresh process (tagger, dictionaries and stop lists load) and a second call
on the same comments with the per-text cache cleared (steady cost per comment, wall and
CPU time: the CPU figure holds on a loaded machine).
Prints one JSON line.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

N_COMMENTS = 5_000


def comments() -> list[tuple[str, str]]:
    from analytics.theme_evaluate import SETS_DIR, load

    rows = load(SETS_DIR / "dev.tsv")
    by_lang = {lang: [r.text for r in rows if r.lang == lang] for lang in ("ja", "en")}
    rng = random.Random(14)
    out: set[tuple[str, str]] = set()
    while len(out) < N_COMMENTS:
        lang = "ja" if rng.random() < 0.5 else "en"
        a, b = rng.sample(by_lang[lang], 2)
        text = f"{a}{b}" if lang == "ja" else f"{a} Also, {b[0].lower()}{b[1:]}"
        out.add((text, lang))
    return sorted(out)


def main() -> None:
    data = comments()
    start = time.perf_counter()
    from analytics.themes import ThemeInput, _analyse, find_themes

    inputs = [
        ThemeInput(n, text, 0.0, n % 11, f"2026-{1 + n % 12:02d}", lang)
        for n, (text, lang) in enumerate(data)
    ]
    themes = find_themes(inputs, top_n=15, reader="ja")
    cold = time.perf_counter() - start
    _analyse.cache_clear()
    start, cpu = time.perf_counter(), time.process_time()
    find_themes(inputs, top_n=15, reader="ja")
    warm, warm_cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        json.dumps(
            {
                "comments": len(inputs),
                "first_call_s": round(cold, 3),
                "steady_s": round(warm, 3),
                "steady_us_per_comment": round(warm / len(inputs) * 1e6, 1),
                "steady_cpu_us_per_comment": round(warm_cpu / len(inputs) * 1e6, 1),
                "themes": [(t.phrase, t.count) for t in themes[:5]],
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
