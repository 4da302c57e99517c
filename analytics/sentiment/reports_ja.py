"""Neutral reports (issue 14, janeu): facts, plans and announcements that only name events
(事故, 渋滞, 中止) stay neutral, unless measured against the plan or said impatiently."""

from __future__ import annotations

from collections.abc import Sequence

from analytics.sentiment.clauses_ja import (
    _NOUNISH,
    _Hit,
    _is_boundary,
)
from analytics.sentiment.words_ja import (
    Token,
)

#: A comment whose only evidence names events (事故, 渋滞, 中止, 待つ) and that reports,
#: forecasts or announces them (〜予定, 〜らしい, 〜とのこと, 〜となります) keeps this share of
#: its score. Calibrated on the dev sets, neutral_ja.txt and chABSA's training part: every
#: factor from 0.05 to 0.15 keeps all the reports there neutral and changes no chABSA label;
#: 0.1 is the middle of that range (BENCHMARKS.md, #14 janeu).
REPORT_FACTOR = 0.1
#: Words that frame a sentence as a forecast, a plan, a report or a notice.
_REPORT_WORDS = frozenset(
    {
        "予定",
        "予想",
        "予報",
        "見込み",
        "見込む",
        "見通し",
        "予測",
        "可能",
        "可能性",
        "発表",
        "報道",
        "発令",
        "知らせ",
        "ニュース",
        "速報",
        "告知",
        "予告",
        "了承",
        "発生",
    }
)
#: 予想以上に混んでいた, 予定より遅れた: measured against the plan, a verdict.
_AGAINST_PLAN = frozenset({"以上", "外", "通り", "より", "以下", "違い", "反する"})
#: Nouns that make an event noun before them a topic (渋滞情報, 遅延証明, 事故防止).
_TOPIC_HEADS = frozenset(
    {
        "情報",
        "予想",
        "予報",
        "状況",
        "対策",
        "防止",
        "証明",
        "証明書",
        "保険",
        "受付",
        "窓口",
        "件",
        "速報",
        "警報",
        "注意報",
        "訓練",
        "手続き",
    }
)
#: Rule hits that state what cannot be done (利用できなくなります): a state, not a verdict.
_STATE_KEYS = frozenset({("出来ない",), ("無い",)})


def _topic(tokens: Sequence[Token], hit: _Hit) -> bool:
    """An event noun heading a compound that names a topic: 渋滞情報, 混雑予想, 事故防止."""
    return (
        hit.end - hit.start == 1
        and tokens[hit.start].pos == "名詞"
        and hit.end < len(tokens)
        and tokens[hit.end].lemma in _TOPIC_HEADS
    )


def _event(tokens: Sequence[Token], hit: _Hit) -> bool:
    """A hit that names an event or a state: a plain noun of the dictionaries (not a
    feeling, not resolved by a direction word), a verb of weak evidence (待つ), or what
    cannot be done."""
    if hit.key in _STATE_KEYS:
        return True
    span = tokens[hit.start : hit.end]
    if hit.direction or not span or span[0].lemma != hit.key[0]:
        return False
    if len(span) == 1 and hit.weak and span[0].pos == "動詞":
        return True
    return (
        span[0].pos == "名詞"
        and span[0].pos2 == "普通名詞"
        and span[0].pos3 != "形状詞可能"  # 元気, 親切, 不便: qualities, not events
        and all(t.pos in _NOUNISH and not _is_boundary(t) for t in span)
    )


def _reported(tokens: Sequence[Token]) -> bool:
    """A forecast, a plan, hearsay or a notice: 予定 / 予報 / 発表, らしい, 〜そうです (heard),
    〜とのこと, 〜となります / いたします, said in the main clause (after the last comma,
    outside brackets: 日銀が発表した短観で, 改善が続いております is no report). What happens
    again (また障害が発生, 毎回遅延) is a complaint, not a report."""
    if any(t.surface in _AGAIN for t in tokens):
        return False
    start = max((j + 1 for j, t in enumerate(tokens) if t.surface in ("、", ",")), default=0)
    depth = 0
    for j in range(start, len(tokens)):
        tok = tokens[j]
        if tok.surface in ("(", "（"):
            depth += 1
        elif tok.surface in (")", "）"):
            depth = max(0, depth - 1)
        if depth:
            continue
        nxt = tokens[j + 1].lemma if j + 1 < len(tokens) else ""
        if tok.lemma in _REPORT_WORDS and nxt not in _AGAINST_PLAN:
            return True
        if tok.pos == "助動詞" and tok.lemma == "らしい":
            return True
        if tok.lemma == "みたい" and tok.pos == "形状詞" and j + 3 >= len(tokens):
            return True  # 延期になったみたい: heard or guessed, closing the post (jagen3)
        if tok.lemma == "そう" and tok.pos == "名詞" and tok.pos2 == "助動詞語幹":
            return True  # 値上げされるそうです: hearsay (なりそう, the guess, is 形状詞)
        if (
            (tok.lemma == "致す" or (tok.lemma == "成る" and nxt == "ます"))
            and _non_past(tokens, j + 1)
            # jagen4: 心配でなりません is "unbearably worried", no notice
            and not (j > 0 and tokens[j - 1].surface in ("で", "て"))
        ):
            # 中止となります, 利用できなくなります, 休業いたします: a notice of what will be
            # (〜となりました reports a result: 増収となりました is a verdict)
            return True
        if tok.surface == "と" and [t.lemma for t in tokens[j + 1 : j + 3]] == ["の", "事"]:
            return True  # 欠航が決まったとのこと
        if tok.surface in ("から", "より") and tok.pos2 == "格助詞" and _from_a_date(tokens, j):
            if _ends_non_past(tokens):
                return True  # 4月から値上げします, 来月より休業: a schedule
    return False


#: Days and times a schedule starts from (来月から, 明日より); a number + 月 / 日 / 時 too.
_DATES = frozenset(
    {
        "今日",
        "本日",
        "明日",
        "明後日",
        "来週",
        "来月",
        "来年",
        "来年度",
        "今月",
        "今週",
        "今年",
        "今年度",
        "週明け",
        "月末",
        "年明け",
        "今夜",
        "今晩",
        "午後",
        "午前",
        "翌日",
        "次回",
    }
)
_AGAIN = frozenset({"また", "またも", "又", "毎回", "毎度", "いつも", "何度", "再び", "相変わらず"})


def _from_a_date(tokens: Sequence[Token], j: int) -> bool:
    """The から / より at ``j`` follows a date or a time (4月から, 来月より, 10時から)."""
    if j == 0:
        return False
    prev = tokens[j - 1]
    if prev.lemma in _DATES:
        return True
    return (
        prev.lemma in ("月", "日", "時", "年", "年度") and j >= 2 and tokens[j - 2].pos2 == "数詞"
    )


def _ends_non_past(tokens: Sequence[Token]) -> bool:
    words = [t for t in tokens if not _is_boundary(t)]
    return (
        bool(words)
        and words[-1].lemma in ("ます", "です", "だ")
        and words[-1].surface
        not in (
            "でし",
            "まし",
        )
    )


def _non_past(tokens: Sequence[Token], k: int) -> bool:
    """The verb ending at ``k`` stays in the non-past (します / します。), not した / しました."""
    rest = [t.lemma for t in tokens[k : k + 2]]
    return "た" not in rest


def _complaint_question(tokens: Sequence[Token]) -> bool:
    """なぜ / なんで / どうして / いつになったら asked of a company: a complaint in question
    form (何で alone may ask "with what": 何でできていますか)."""
    for j, tok in enumerate(tokens):
        if tok.lemma in ("何故", "何で", "なんで"):
            return True
        rest = "".join(t.surface for t in tokens[j : j + 4])
        if rest.startswith("なんで") or _impatient(tokens, j):
            return True
        if rest.startswith("どうして") and not rest.startswith("どうしても"):
            return True
    return False


def _has_impatience(tokens: Sequence[Token]) -> bool:
    return any(t.lemma == "何時" for t in tokens) and any(
        _impatient(tokens, j) for j in range(len(tokens))
    )


def _impatient(tokens: Sequence[Token], j: int) -> bool:
    """いつになったら / いつまで待てば: asking when at last, a complaint even with no
    evaluative word (いつになったら届くんですか)."""
    rest = "".join(t.surface for t in tokens[j : j + 5])
    return tokens[j].lemma == "何時" and rest.startswith(
        ("いつになったら", "いつになれば", "いつまで待て", "いつまで待た")
    )
