"""The evidence of a Japanese comment: every polar expression after the rules, clause by
clause (:func:`hits_and_events`), with the trigger gates (japerf) that try a per-token rule
only on tokens that can fire it."""

from __future__ import annotations

import math
from collections.abc import Sequence

from analytics.sentiment.clauses_ja import (
    _BENEFACTIVE,
    _EXCESS_LEMMAS,
    _LAUGH_RE,
    _NOUNISH,
    _PRICE_WORDS,
    ACHIEVED_SCORE,
    AGAIN_SCORE,
    EASE_LEMMAS,
    EXCESS_SCORE,
    HARD_SCORE,
    LAUGHTER_SCORE,
    LIKED_TOO_MUCH_SCORE,
    NEGATE_NEGATIVE,
    NEGATE_POSITIVE,
    REQUEST_SCORE,
    WANTING_MORE_SCORE,
    WEAK_SCALE,
    Hit,
    _achieved,
    _after_duration,
    _compound_record,
    _dimension,
    _excessive,
    _hazu_ga,
    _Hit,
    _intensity,
    _is_advice,
    _is_boundary,
    _is_contrast,
    _is_hypothetical,
    _is_wish,
    _lacking,
    _negated,
    _polar_before,
    _target_valence,
    _time_past,
)
from analytics.sentiment.complaints_ja import (
    _AT_LAST,
    _NATURE,
    _NEXT_TIME,
    _RETURN_LEMMAS,
    _WAIT_LEMMAS,
    BENEFIT_SCORE,
    EXASPERATION_SCORE,
    LONG_WAIT_SCORE,
    NOISE_SCORE,
    RELIEF_SCORE,
    _against_expectation,
    _back_off,
    _concession_split,
    _done_for_me,
    _exasperated,
    _expectation,
    _long_in_words,
    _manner_denied,
    _missing_or_refused,
    _not_too,
    _potential,
    _regret_or_suffered,
    _sets_the_scene,
    _split_noni,
    _wants_to_return,
    _will_return,
)
from analytics.sentiment.diary_ja import TREATS, diary_events, someone_else_comes
from analytics.sentiment.dictionary_ja import (
    Lexicon,
    _match,
    lexicon,
)
from analytics.sentiment.emoji import EMOJI
from analytics.sentiment.everyday_ja import (
    _AVOIDED,
    _DROP_LEMMAS,
    _OBLIGED_SURFACES,
    _ONLY_SURFACES,
    DEGREE_GUSH_SCORE,
    DEGREE_LEMMAS,
    almost_there,
    avoided,
    choice_question,
    concessive_te_mo,
    degree_takes_subject,
    lost_belongings,
    not_what_one_would_think,
    obliged,
    reluctance,
    sameness,
    short_life,
    so_little,
    spoiled,
    told_but_found,
    wish_come_true,
    wished_manner,
)
from analytics.sentiment.lexicon_ja import (
    CONTRAST_CONJUNCTIONS,
    CONTRAST_PARTICLES,
    DIRECTION_ALONE,
    INTENSIFIERS,
    NEGATIVE_POLARITY_ITEMS,
    WANTING_MORE,
)
from analytics.sentiment.moments_ja import TRIGGERS as _MOMENT_TRIGGERS
from analytics.sentiment.moments_ja import (
    asked_whether,
    booking_tip,
    called_for,
    carried_away,
    class_apart,
    except_for,
    expected,
    first_time,
    grandly,
    hour_of_day,
    household_rubbish,
    importance,
    in_the_end,
    laid_out,
    no_longer_needed,
    only_if,
    opens_a_clause,
    rain_all_along,
    sought,
    spared_face,
    surpassed,
    tears_of_return,
    weight_told,
    what_the_price_buys,
    woken,
    words_fail,
)
from analytics.sentiment.posts_ja import (
    _EMOJI_FIRST,
    _EMOJI_JA,
    AMAZED_SCORE,
    _laughing_grass,
    _said_alone,
    _sns_adjust,
)
from analytics.sentiment.reports_ja import (
    _event,
    _topic,
)
from analytics.sentiment.reviews_ja import (
    _compared_with_other,
    _noise_from_afar,
    _review_constructions,
    _same_clause,
    _trailing_but,
    _verdict_on_topic,
    _visit_told,
)
from analytics.sentiment.stance_ja import (
    _MISHAP,
    _VANISH,
    _WHY,
    KIND_VERBS,
    ZERO_AFTER,
    allowed_to,
    condition_of_a_plan,
    down_to_zero,
    found_again,
    futile,
    happened,
    hearsay,
    ironic,
    kind_passive,
    left_behind,
    mishap,
    moved,
    nonstop,
    only_here,
    preference,
    regret_not,
    rhetorical,
    treat_wished,
    work_lost,
)
from analytics.sentiment.verdicts_ja import (
    _AT_ONCE,
    _ELSEWHERE,
    PREDICATE_SCORE,
    chooses_elsewhere,
    done_at_once,
    plain_fragment,
    predicated_noun,
)
from analytics.sentiment.words_ja import (
    Token,
)

#: Most tokens fire none of the per-token rules of :func:`hits_and_events`; a rule is tried
#: only on a token that holds one of its trigger lemmas or surfaces (the scores are the same:
#: tests/analytics/test_sentiment_ja_gates.py compares gated and ungated on fragments of
#: every rule, and bench/ja_same_scores.py on every labelled text). A new rule in one of
#: these loops must add its trigger words here; the gates of the rule loops in
#: ``complaints_ja`` and ``reviews_ja`` stand beside those loops.

#: The rules that add their own hits (すぎる, にくい, また〜たい, 待った, 〜てくれた ...).
_OWN_HIT_LEMMAS = (
    _EXCESS_LEMMAS
    | frozenset(EASE_LEMMAS)
    | _WAIT_LEMMAS
    | _BENEFACTIVE
    | _AT_LAST
    | {"出来る", "聞こえる", "響く", "欲しい"}
)
_OWN_HIT_SURFACES = frozenset({"また", "もう"}) | _NEXT_TIME | WANTING_MORE
#: Where a clause may start: contrast words, のに split as の + に, たら, ものの, はずが, 時に.
_CLAUSE_LEMMAS = (
    CONTRAST_PARTICLES | CONTRAST_CONJUNCTIONS | {"一方", "反面", "所", "時", "際", "結局"}
)
_CLAUSE_SURFACES = frozenset({"に", "たら", "だら", "ば", "より", "も", "の", "が"})


def lexicon_hits(tokens: Sequence[Token], lex: Lexicon | None = None) -> list[Hit]:
    """(clause index, score, strong) of every polar expression after the rules; ``strong``
    is False for the weak evidence of dictionary nouns."""
    return hits_and_events(tokens, lex)[0]


def hits_and_events(
    tokens: Sequence[Token], lex: Lexicon | None = None, *, gated: bool = True
) -> tuple[list[Hit], bool]:
    """The hits of :func:`lexicon_hits`, and whether every one of them only names an event
    or a state (事故, 渋滞, 待つ, 利用できない) rather than judging it (janeu). ``gated``
    (japerf) skips the tokens no rule can fire on; the result is the same either way."""
    lex = lex or lexicon()
    hits: list[_Hit] = []
    covered = [False] * len(tokens)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        emoji = (
            (_EMOJI_JA.get(tok.surface[:1]) or EMOJI.get(tok.surface) or EMOJI.get(tok.surface[:1]))
            if not gated or tok.surface[:1] in _EMOJI_FIRST
            else None
        )
        if emoji:
            # jagen5: a run of emoji is one UniDic token (😭💕); each face counts, so tears
            # of joy can follow the heart (they read as the first emoji alone before)
            faces = [c for c in dict.fromkeys(tok.surface) if _EMOJI_JA.get(c) or EMOJI.get(c)]
            if len(faces) > 1:
                hits.extend(_Hit(i, i + 1, _EMOJI_JA.get(c) or EMOJI[c], (c,)) for c in faces)
            else:
                hits.append(_Hit(i, i + 1, emoji, (tok.surface,)))
            i += 1
            continue
        if (tok.surface[:1] in ("w", "笑") and _LAUGH_RE.match(tok.surface)) or (
            tok.surface == "草" and _laughing_grass(tokens, i)
        ):
            # www, 笑, and 草 closing a sentence, after て / で or growing (internet laughter)
            hits.append(_Hit(i, i + 1, LAUGHTER_SCORE, (tok.surface,)))
            i += 1
            continue
        if tok.lemma == "大変" and (
            i + 1 == len(tokens) or tokens[i + 1].pos == "助動詞" or _is_boundary(tokens[i + 1])
        ):
            # 探すのが大変でした: "hard work" as the predicate, not the intensifier 大変満足
            hits.append(_Hit(i, i + 1, HARD_SCORE, ("大変",)))
            i += 1
            continue
        if tok.lemma == "凄い" and _said_alone(tokens, i):
            hits.append(_Hit(i, i + 1, AMAZED_SCORE, ("凄い",)))  # この景色すごい!, すごーい
            i += 1
            continue
        if tok.surface in INTENSIFIERS or tok.lemma in INTENSIFIERS:
            i += 1  # 非常に, 本当に, 全然 modify the next expression; no polarity of their own
            continue
        m = _match(lex, tokens, i)
        if m is None:
            # japerf: _back_off reads only adjectives and words ending in め
            may_back_off = tok.pos == "形容詞" or tok.surface.endswith("め")
            backed = _back_off(lex, tok) if may_back_off or not gated else 0.0
            if backed:
                hits.append(_Hit(i, i + 1, backed, (tok.lemma,)))
            i += 1
            continue
        key, n = m
        score = lex.entries.get(key, 0.0)
        weak = key in lex.weak
        if weak and score and predicated_noun(tokens, i, i + n, score):
            # jagen5: 上品でした, 風情がありました: the noun is the verdict
            weak, score = False, math.copysign(max(abs(score), PREDICATE_SCORE), score)
        hits.append(_Hit(i, i + n, score, key, lex.direction.get(key, 0.0), weak))
        i += n

    consumed: set[int] = set()
    for hit in hits:
        if hit.direction:
            found = _target_valence(tokens, hit.start, hit.key[0] in _PRICE_WORDS)
            if found is not None and found[0] != 0.0:
                valence, target_index = found
                hit.score = hit.direction * valence
                consumed.add(target_index)
            elif (polar := _polar_before(tokens, hits, hit)) is not None:
                # 笑顔が少ない → -, 不満が多い → -, ミスが減った → +
                hit.score = hit.direction * math.copysign(min(1.0, abs(polar.score)), polar.score)
                polar.score = 0.0
            elif hit.score == 0.0:
                hit.score = DIRECTION_ALONE.get(hit.key[0], 0.0)
    # A target that a direction word has resolved loses its own polarity ("損失は減少").
    for hit in hits:
        if not hit.direction and hit.end - 1 in consumed:
            hit.score = 0.0
    hits.extend(_review_constructions(tokens, hits, gated))
    for hit in hits:
        if hit.score:
            for j in range(hit.start, hit.end):
                covered[j] = True

    # Rules that add their own hits: a neutral word + すぎる, requests, wanting more.
    for j, tok in enumerate(tokens):
        # japerf gate: a new rule here adds its triggers to _OWN_HIT_*
        if gated and not (
            tok.lemma in _OWN_HIT_LEMMAS
            or tok.surface in _OWN_HIT_SURFACES
            or (tok.pos == "形容詞" and tok.lemma.endswith("臭い"))  # 黴臭い
            or (tok.pos == "動詞" and _potential(tok))  # 眠れた
        ):
            continue
        if tok.lemma in _EXCESS_LEMMAS and j > 0 and not covered[j - 1]:
            prev = tokens[j - 1]
            if _time_past(tokens, j):
                continue  # 5時過ぎ, 昼過ぎ, 30過ぎ: a time or an age (jarev)
            if prev.lemma == "好く" and prev.surface == "好き":
                # jasns2: 好き after a noun is tagged as the verb 好く (BGM好きすぎて); a
                # feeling, so it gushes like 好きすぎる rather than overdoing a property
                hits.append(_Hit(j - 1, j + 1, LIKED_TOO_MUCH_SCORE, ("好き",)))
            elif prev.lemma in DEGREE_LEMMAS:
                # jagen: すごすぎ, やばすぎる gush; after a bad subject they take its sign
                hits.append(_Hit(j - 1, j + 1, DEGREE_GUSH_SCORE, (prev.lemma,)))
            elif prev.pos in ("形容詞", "形状詞", "動詞", "名詞") and not _is_boundary(prev):
                hits.append(_Hit(j - 1, j + 1, EXCESS_SCORE, ("過ぎる",)))
        elif tok.lemma in EASE_LEMMAS and j > 0 and not covered[j - 1] and not covered[j]:
            # 繋がりにくい, 聞き取りづらい / 通いやすい: hard or easy to do.
            if tokens[j - 1].pos == "動詞":
                hits.append(_Hit(j - 1, j + 1, EASE_LEMMAS[tok.lemma], (tok.lemma,)))
        elif tok.pos == "形容詞" and tok.lemma.endswith("臭い") and len(tok.lemma) > 2:
            if not covered[j]:  # 黴臭い, 汗臭い, 面倒臭い
                hits.append(_Hit(j, j + 1, -0.8, ("臭い",)))
        elif (
            tok.surface == "また"
            and any(
                t.lemma == "たい"
                or (
                    t.lemma in _RETURN_LEMMAS
                    # また熱が上がってきた: 〜てくる tells a change, no coming back (jagen5)
                    and not (t.lemma == "来る" and tokens[n - 1].surface in ("て", "で"))
                )
                or t.lemma == "願う"  # またお願いします (jarev)
                or (  # また行く, また行きます (jarev); また行ったら閉まっていた is not
                    t.lemma == "行く" and not any(u.lemma == "た" for u in tokens[n + 1 : n + 3])
                )
                for n, t in enumerate(tokens[j + 1 : j + 7], start=j + 1)
                if not _is_boundary(t)
            )
            # また利用するかと聞かれたら: only asked (jarev)
            and not any(t.surface == "か" and t.pos == "助詞" for t in tokens[j + 1 : j + 6])
            and not someone_else_comes(tokens, j)
        ):
            # また泊まりたい; また行きたいとは思えない is never again (jarev)
            again = _wants_to_return(tokens, j + 1) or AGAIN_SCORE
            hits.append(_Hit(j, j + 1, again, ("また〜たい",)))
        elif (
            tok.surface == "もう"
            and j + 2 < len(tokens)
            and tokens[j + 1].lemma == "一"
            and tokens[j + 2].lemma == "度"
            and (wish := _wants_to_return(tokens, j + 3))
        ):
            hits.append(_Hit(j, j + 3, wish, ("また〜たい",)))  # もう一度行きたい (jarev)
        elif tok.surface in _NEXT_TIME and (wish := _wants_to_return(tokens, j + 1)):
            # 次回もぜひ泊まりたい: praise; 次は別のホテルにしたい: never again
            hits.append(_Hit(j, j + 1, wish, ("また〜たい",)))
        elif tok.surface in _NEXT_TIME and (plan := _will_return(tokens, j)):
            # jarev3: 次回も利用させていただきます, 次の出張もここにします / 次は他にします
            hits.append(_Hit(j, j + 1, plan, ("また〜たい",)))
        elif (
            (_potential(tok) or (tok.lemma == "出来る" and j > 0 and tokens[j - 1].pos == "名詞"))
            and not covered[j]
            and _achieved(tokens, j + 1)
        ):
            # ついに買えた, よく眠れました, 完走できた: managed to (the potential in the past)
            hits.append(_Hit(j, j + 1, ACHIEVED_SCORE, ("出来た",)))
        elif (
            tok.lemma in ("聞こえる", "響く")
            and not covered[j]
            and j >= 2
            and tokens[j - 1].surface in ("が", "も")
            and tokens[j - 2].surface.endswith(("音", "声"))
            and not (j >= 4 and tokens[j - 3].surface == "の" and tokens[j - 4].lemma in _NATURE)
        ):
            # 隣の声が聞こえた, 足音が響く: noise through the walls (a complaint)
            hits.append(_Hit(j - 2, j + 1, NOISE_SCORE, ("音が聞こえる",)))
        elif (
            tok.lemma in ("聞こえる", "響く")
            and not covered[j]
            and (k := _noise_from_afar(tokens, j))
        ):
            # 話し声が部屋まで響いてきた, 車の音が夜中まで聞こえた (jarev)
            hits.append(_Hit(k, j + 1, NOISE_SCORE, ("音が聞こえる",)))
        elif (
            tok.lemma in _WAIT_LEMMAS
            and (_after_duration(tokens, j) or _long_in_words(tokens, j))
            and (
                not covered[j] or (tok.lemma,) in lex.weak  # 待つ alone is weak (janeu)
            )
        ):
            hits.append(_Hit(j, j + 1, LONG_WAIT_SCORE, ("待った",)))
        elif (
            tok.lemma in _BENEFACTIVE
            and not covered[j]
            and (
                tok.lemma == "呉れる"
                # jarev3: お部屋でいただきました (で of place: eating, no kindness)
                or (j > 0 and tokens[j - 1].surface in ("て", "で") and tokens[j - 1].lemma == "て")
            )
            and _done_for_me(tokens, j + 1)
        ):
            # 案内してくださいました, 教えてもらった, 後輩がお土産くれた: a kindness received
            hits.append(_Hit(j, j + 1, BENEFIT_SCORE, ("呉れた",)))
        elif tok.lemma in _AT_LAST and j + 1 < len(tokens) and not _is_boundary(tokens[j + 1]):
            hits.append(_Hit(j, j + 1, RELIEF_SCORE, ("やっと",)))  # やっと届いた, やっと金曜日
        elif (
            tok.lemma == "欲しい"
            and j > 0
            and tokens[j - 1].surface in ("て", "で")
            and tokens[j - 1].pos2 != "格助詞"  # jadiary: セールで欲しかったバッグ asks nothing
        ):
            hits.append(_Hit(j, j + 1, REQUEST_SCORE, ("欲しい",)))
        elif (
            tok.surface in WANTING_MORE
            or (
                tok.surface == "もう"
                and j + 1 < len(tokens)
                and tokens[j + 1].lemma in ("少し", "一寸")
            )
        ) and not almost_there(tokens, j):  # もう少しで夏休み: soon, no wish (jagen)
            hits.append(_Hit(j, j + 1, WANTING_MORE_SCORE, ("もう少し",)))

    hits.extend(_missing_or_refused(tokens, covered, gated))
    if any(t.surface in ("て", "で") for t in tokens):
        _manner_denied(tokens, hits)
    if _exasperated(tokens):
        hits.append(_Hit(len(tokens) - 1, len(tokens), EXASPERATION_SCORE, ("かよ",)))
    hits.extend(_regret_or_suffered(tokens, covered, hits, gated))
    if not gated or any(t.lemma in _DROP_LEMMAS or t.surface == "なく" for t in tokens):
        hits.extend(lost_belongings(tokens, covered))  # 財布落とした (jagen)
        found_again(tokens, hits)  # 落とした財布が見つかった (jagen3)
    if not gated or any(t.lemma == "たい" for t in tokens):
        hits.extend(reluctance(tokens, covered))  # 会社行きたくない, 早く帰りたい (jagen)
    if not gated or any(t.surface in _ONLY_SURFACES for t in tokens):
        hits.extend(sameness(tokens, covered))  # 今週ずっと雨ばっかり (jagen)
    if not gated or any(t.surface in ("たかっ", "欲しかっ", "ほしかっ") for t in tokens):
        hits.extend(wish_come_true(tokens, covered))  # ずっと欲しかった靴ゲット (jagen)
    if not gated or any(t.surface == "しか" or t.lemma == "何" for t in tokens):
        hits.extend(so_little(tokens, covered))  # レシートしか入ってない (jagen)
    if not gated or any(t.surface == "だけ" for t in tokens):
        hits.extend(short_life(tokens, hits))  # 数回使っただけで壊れた (jagen)
    if not gated or any(t.lemma == "折角" for t in tokens):
        hits.extend(spoiled(tokens, hits))  # せっかくの連休、仕事の電話 (jagen)
    if not gated or any(t.surface in _OBLIGED_SURFACES for t in tokens):
        hits.extend(obliged(tokens))  # 切り上げなければなりませんでした (jagen)
    if not gated or any(t.lemma == "実際" for t in tokens):
        hits.extend(told_but_found(tokens, hits))  # 部屋食と聞いていましたが、実際は (jagen)
    if not gated or any(t.lemma in _VANISH for t in tokens):
        hits.extend(work_lost(tokens, covered))  # データ飛んだ (jagen3)
    if not gated or any(t.lemma in _MISHAP for t in tokens):
        hits.extend(mishap(tokens, covered))  # 皿割った (jagen3)
    if not gated or any(t.lemma == "たい" for t in tokens):
        hits.extend(treat_wished(tokens, TREATS))  # 温泉行きたいな (jagen3)
    if not gated or any(t.lemma == "置く" for t in tokens):
        hits.extend(left_behind(tokens, covered))  # 家にスマホ置いてきた (jagen3)
    if not gated or any(t.lemma == "放し" for t in tokens):
        nonstop(tokens, hits)  # 犬が吠えっぱなし (jagen3)
    if not gated or any(t.lemma in ("誰", "何") or t.surface in _WHY for t in tokens):
        hits.extend(rhetorical(tokens))  # こんなの誰が買うの, なんで私だけ (jagen3)
    if not gated or any(t.lemma in ("誰", "何", "何時") for t in tokens):
        hits.extend(futile(tokens, hits))  # 何のために頑張ったんだろう (jagen3)
    if not gated or any(t.lemma in ("限る", "一番", "矢張り") for t in tokens):
        hits.extend(preference(tokens, hits))  # 寒い日は鍋に限る (jagen3)
    if not gated or any(t.lemma == "事" for t in tokens):
        hits.extend(allowed_to(tokens, hits))  # ライブ行けることになった (jagen3)
    hits.extend(diary_events(tokens, hits, gated))
    if not gated or any(
        t.lemma in _MOMENT_TRIGGERS or t.surface in _MOMENT_TRIGGERS for t in tokens
    ):
        # jagen4 (moments_ja): 嫌な顔ひとつせず, 資源ごみの日, 満車の場合は, 3キロ減った,
        # 店の味超えた, やっぱ本場は違う, この値段でこの広さ, 思わず〜てしまった, 語彙力,
        # 子どもが初めて歩いた
        spared_face(tokens, hits)
        household_rubbish(tokens, hits)
        only_if(tokens, hits)
        class_apart(tokens, hits)
        carried_away(tokens, hits)
        hour_of_day(tokens, hits)
        importance(tokens, hits)
        called_for(tokens, hits)
        grandly(tokens, hits)
        expected(tokens, hits)
        except_for(tokens, hits)
        sought(tokens, hits)
        asked_whether(tokens, hits)
        laid_out(tokens, hits)
        booking_tip(tokens, hits)
        tears_of_return(tokens, hits)
        hits.extend(rain_all_along(tokens, covered))
        hits.extend(woken(tokens, covered))
        hits.extend(weight_told(tokens, hits))
        hits.extend(surpassed(tokens, covered))
        hits.extend(words_fail(tokens, hits))
        hits.extend(what_the_price_buys(tokens, hits))
        hits.extend(first_time(tokens, hits))
        hits.extend(in_the_end(tokens, hits))
        hits.extend(no_longer_needed(tokens, hits))

    clause_of = []
    clause = 0
    for j, tok in enumerate(tokens):
        # japerf gate: a new rule here adds its triggers to _CLAUSE_*
        if (not gated or tok.lemma in _CLAUSE_LEMMAS or tok.surface in _CLAUSE_SURFACES) and (
            _is_contrast(tok)
            or _split_noni(tokens, j)
            or _sets_the_scene(tokens, j)
            or _concession_split(tokens, j)
            or _hazu_ga(tokens, j)
            or _verdict_on_topic(tokens, j)
            or concessive_te_mo(tokens, j)
            or opens_a_clause(tokens, j)  # でも後悔はない, 結局 (jagen4)
        ):
            clause += 1
        clause_of.append(clause)
    hits.extend(_against_expectation(tokens, clause_of, gated))
    for r in [h for h in hits if h.key == ("欲しい",)]:
        for h in hits:  # わかりやすくしてほしい: asked for, so not there (jarev)
            if (
                0 < h.score
                and r.start - 6 <= h.start < r.start
                and _same_clause(tokens, h.end, r.start)
            ):
                h.score = 0.0
    for j, tok in enumerate(tokens):
        if tok.lemma == "方" and _compared_with_other(tokens, j):
            # 以前の方が美味しかった, 他社の方が使いやすい: this one is the worse (jarev)
            for h in hits:
                if h.start > j + 1 and h.score and _same_clause(tokens, j, h.start):
                    h.score *= NEGATE_POSITIVE if h.score > 0 else NEGATE_NEGATIVE

    if not gated or any(t.lemma == "鳥肌" or t.surface.startswith("泣け") for t in tokens):
        moved(tokens, hits)  # 鳥肌立った, この漫画泣ける (jagen3)
    if not gated or any(t.lemma in KIND_VERBS for t in tokens):
        kind_passive(tokens, hits)  # 助けられた, 告白された (jagen3)
    if not gated or any(t.surface == "くれる" for t in tokens):
        ironic(tokens, hits)  # 素敵なことしてくれるね (jagen3)
    if not gated or any(t.surface in ("なきゃ", "なけれ", "なけりゃ") for t in tokens):
        regret_not(tokens, hits)  # 行かなきゃよかった (jagen3)
    if not gated or any(t.surface == "しか" for t in tokens):
        only_here(tokens, hits)  # ここでしか見られない (jagen3)
    if not gated or any(h.key[0] in DEGREE_LEMMAS for h in hits):
        degree_takes_subject(tokens, hits)  # 湿気がすごい (jagen)
    if not gated or any(t.lemma in _AVOIDED or t.lemma == "防ぐ" for t in tokens):
        avoided(tokens, hits)  # 赤点回避, ギリギリセーフ (jagen)
    if not gated or any(t.lemma == "たい" for t in tokens):
        wished_manner(tokens, hits)  # 早く帰りたい: no praise of 早い (jagen)
    if not gated or any(t.surface.startswith("思え") for t in tokens):
        not_what_one_would_think(tokens, hits)  # 五千円とは思えない満足度 (jagen)
    if not gated or any(t.lemma == "為る" or t.lemma == "成る" for t in tokens):
        happened(tokens, hits)  # 骨折した, 停電した (jagen3)
    if not gated or any(t.surface in ZERO_AFTER for t in tokens):
        down_to_zero(tokens, hits)  # 残業ゼロ (jagen3)
    if not gated or any(t.surface in ("たら", "だら") for t in tokens):
        condition_of_a_plan(tokens, hits)  # 熱が下がったら連絡する (jagen3)
    if not gated or any(t.lemma == "らしい" for t in tokens):
        hearsay(tokens, hits)  # 美味しいらしい: someone else's verdict (jagen3)
    if not gated or any(t.lemma in _ELSEWHERE for t in tokens):
        chooses_elsewhere(tokens, hits)  # 他のお店を選びます (jagen5)
    if not gated or any(t.lemma in _AT_ONCE for t in tokens):
        done_at_once(tokens, hits)  # すぐに届きました (jagen5)
    if not gated or any(t.lemma == "普通" for t in tokens):
        plain_fragment(tokens, hits, lex.entries.get(("普通", "だ"), 0.0))  # 味は普通 (jagen5)
    out: list[Hit] = []
    placed: list[_Hit] = []  # the hit behind each entry of ``out`` (for _sns_adjust)
    for hit in hits:
        if hit.score == 0.0:
            continue
        score = hit.score
        strong = not hit.weak
        if hit.key[0] == "良い" and _is_advice(tokens, hit.start):
            # すればいいのに / あれば良かった: a wish or a regret, i.e. a mild complaint;
            # すればいい alone is advice.
            following = "".join(t.surface for t in tokens[hit.start + 1 : hit.start + 3])
            if not (following.startswith("のに") or following.startswith("た")):
                continue
            score = REQUEST_SCORE
        elif hit.key == ("良い",) and choice_question(tokens, hit.start):
            continue  # 何がいいんだろう: which one to choose, no praise (jagen)
        elif hit.end < len(tokens) and tokens[hit.end].lemma == "だらけ":
            continue  # 傷だらけ, ほこりだらけ: only だらけ (full of) speaks
        elif _dimension(tokens, hit) or _compound_record(tokens, hit) or _topic(tokens, hit):
            continue  # 重さは300グラム: a measure, not a judgement; 渋滞情報: a topic
        elif score > 0 and _is_hypothetical(tokens, hit.end):
            continue  # もっと詳しければ: the condition of a wish, not a quality it has
        elif (
            score > 0
            and tokens[hit.end - 1].pos in _NOUNISH
            and tokens[hit.end : hit.end + 1]
            and tokens[hit.end].surface == "まで"
        ):
            continue  # 解決までに一週間, 完成まで: a goal still ahead, not a good got (jamix)
        elif score > 0 and _lacking(tokens, hit.end):
            score = -score  # 清潔感に欠ける, 面白みに欠けた
        elif score > 0 and hit.start > 0 and _is_wish(tokens, hit.start):
            # あれば嬉しかった, あったら助かります: what the writer missed (a mild complaint)
            score = REQUEST_SCORE
        elif score > 0 and _expectation(tokens, hit):
            continue
        score *= _intensity(tokens, hit.start)
        if (
            hit.end < len(tokens)
            and tokens[hit.end].lemma in ("難い", "辛い")
            and tokens[hit.end - 1].pos == "動詞"
        ):
            # 効きにくい, 壊れにくい: hard to happen, the opposite of the verb
            score *= NEGATE_POSITIVE if score > 0 else NEGATE_NEGATIVE
        elif hit.key != ("過ぎる",) and _excessive(tokens, hit.end) and _not_too(tokens, hit.end):
            continue  # 多すぎず少なすぎず: not too much either way (jarev3)
        elif hit.key != ("過ぎる",) and _excessive(tokens, hit.end):
            if score > 0 and (hit.key in lex.emotive or hit.key[0] in DEGREE_LEMMAS):
                score *= 1.2
            else:
                score = -max(abs(score), abs(EXCESS_SCORE))
            strong = True
        elif hit.key not in NEGATIVE_POLARITY_ITEMS and _negated(tokens, hit.end):
            score *= NEGATE_POSITIVE if score > 0 else NEGATE_NEGATIVE
        if not strong:
            score *= WEAK_SCALE
        out.append((clause_of[hit.start], score, strong))
        placed.append(hit)
    adjusted = _sns_adjust(tokens, placed, out, clause_of)
    events = bool(placed) and len(adjusted) == len(out) and all(_event(tokens, h) for h in placed)
    return _visit_told(tokens, _trailing_but(tokens, adjusted, clause_of)), events
