"""Questions, survey templates and answer validation: pure functions, no database.

A question is a JSON object with a stable ``key`` (analysis compares versions by key)::

    {"key": "recommend", "type": "nps", "required": true,
     "text": {"en": "...", "ja": "..."},
     "labels": {"min": {"en": "...", "ja": "..."}, "max": {...}},   # nps and rating
     "scale": 5,                                                    # rating: 5 or 7
     "options": [{"key": "daily", "text": {"en": "...", "ja": "..."}}],  # single/multi
     "max_length": 5000}                                            # text
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from surveys.schemas import KINDS, QUESTION_TYPES, LocalText, Option, Question

MAX_COMMENT = 5000
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
LANGS = ("en", "ja")


class AnswerError(ValueError):
    """One bad answer; ``field`` is the question key."""

    def __init__(self, field: str, code: str, detail: str) -> None:
        super().__init__(detail)
        self.field = field
        self.code = code
        self.detail = detail


class QuestionError(ValueError):
    def __init__(self, field: str, detail: str) -> None:
        super().__init__(detail)
        self.field = field
        self.detail = detail


def _text(en: str, ja: str) -> LocalText:
    return LocalText(en=en, ja=ja)


NPS_LABELS = {
    "min": _text("Not at all likely", "まったく薦めない"),
    "max": _text("Extremely likely", "非常に薦めたい"),
}
#: Agree/disagree wording that early surveys stored on their 0–10 likelihood question.
_AGREE_ON_NPS = {"まったくそう思わない", "非常にそう思う"}
RATING5_LABELS = {
    "min": _text("Very poor", "非常に悪い"),
    "max": _text("Excellent", "非常に良い"),
}
AGREE5_LABELS = {
    "min": _text("Strongly disagree", "まったくそう思わない"),
    "max": _text("Strongly agree", "とてもそう思う"),
}

DRIVERS: dict[str, LocalText] = {
    "support": _text("Support", "サポート"),
    "product": _text("Product", "製品"),
    "price": _text("Price", "価格"),
    "onboarding": _text("Onboarding", "導入支援"),
    "service": _text("Service in store", "店舗での接客"),
    "quality": _text("Quality", "品質"),
    "delivery": _text("Delivery", "配送"),
    "ease_of_use": _text("Ease of use", "使いやすさ"),
    "staff": _text("Staff", "スタッフ"),
    "value": _text("Value for money", "コストパフォーマンス"),
}
DEFAULT_DRIVERS = ("support", "product", "price", "onboarding")
#: The eNPS template's engagement items (agree 1–5), the usual factors of an engagement
#: survey: growth, manager support, recognition, workload, teamwork. They are the key
#: drivers of its eNPS (analytics.driver_items).
ENGAGEMENT_ITEMS: dict[str, LocalText] = {
    "engagement_growth": _text(
        "I have opportunities to learn and grow.", "学び成長する機会がある。"
    ),
    "engagement_manager": _text("My manager supports me.", "上司は私を支援してくれる。"),
    "engagement_recognition": _text(
        "I am recognised when I do good work.", "良い仕事をしたときは、きちんと認められている。"
    ),
    "engagement_workload": _text(
        "My workload is manageable.", "仕事量は無理のない範囲に収まっている。"
    ),
    "engagement_team": _text(
        "People in my team help each other.", "チームのメンバーは互いに助け合っている。"
    ),
}


def end_labels(question: Question) -> dict[str, LocalText] | None:
    """The ``min``/``max`` labels to show under a scale; a 0–10 question always gets
    likelihood wording (stored agree/disagree wording from early surveys is replaced)."""
    labels = question.labels
    if not labels or "min" not in labels or "max" not in labels:
        return NPS_LABELS if question.type == "nps" else None
    if question.type == "nps" and {labels["min"].ja, labels["max"].ja} & _AGREE_ON_NPS:
        return NPS_LABELS
    return labels


def _nps(key: str, en: str, ja: str) -> Question:
    return Question(key=key, type="nps", required=True, text=_text(en, ja), labels=NPS_LABELS)


def _reason(key: str, en: str, ja: str, required: bool = False) -> Question:
    return Question(
        key=key, type="text", required=required, text=_text(en, ja), max_length=MAX_COMMENT
    )


def template_questions(
    kind: str,
    subject: str | None = None,
    drivers: Sequence[str] | None = None,
    subject_ja: str | None = None,
) -> list[Question]:
    """The ready questions of a survey kind (``subject`` names the company or workshop;
    ``subject_ja`` names it in the Japanese wording, ``subject`` when not given)."""
    if kind not in KINDS:
        raise QuestionError("kind", f"kind must be one of {', '.join(KINDS)}")
    if kind == "customer_nps":
        name_en, name_ja = subject or "us", subject_ja or subject or "当社"
        questions = [
            _nps(
                "recommend",
                f"How likely are you to recommend {name_en} to a friend or colleague?",
                f"{name_ja}を友人や同僚に薦める可能性はどのくらいありますか？",
            ),
            _reason(
                "reason",
                "What is the main reason for your score?",
                "そのスコアをつけた一番の理由を教えてください。",
            ),
        ]
        for driver in drivers if drivers is not None else DEFAULT_DRIVERS:
            if driver not in DRIVERS:
                raise QuestionError(
                    "drivers", f"unknown driver {driver!r}; known: {', '.join(DRIVERS)}"
                )
            label = DRIVERS[driver]
            questions.append(
                Question(
                    key=f"driver_{driver}",
                    type="rating",
                    required=False,
                    scale=5,
                    text=_text(
                        f"How satisfied are you with: {label.en}?",
                        f"「{label.ja}」の満足度を教えてください。",
                    ),
                    labels=RATING5_LABELS,
                )
            )
        return questions
    if kind == "enps":
        name_en, name_ja = subject or "our company", subject_ja or subject or "当社"
        return [
            _nps(
                "recommend",
                f"How likely are you to recommend {name_en} as a place to work?",
                f"{name_ja}を働く場所として友人や知人に薦める可能性はどのくらいありますか？",
            ),
            _reason(
                "reason",
                "What is the main reason for your score?",
                "そのスコアをつけた一番の理由を教えてください。",
            ),
            Question(
                key="engagement_growth",
                type="rating",
                required=False,
                scale=5,
                text=ENGAGEMENT_ITEMS["engagement_growth"],
                labels=AGREE5_LABELS,
            ),
            *(
                Question(
                    key=key,
                    type="rating",
                    required=False,
                    scale=5,
                    text=text,
                    labels=AGREE5_LABELS,
                )
                for key, text in ENGAGEMENT_ITEMS.items()
                if key != "engagement_growth"
            ),
        ]
    if kind == "training_feedback":
        name_en, name_ja = subject or "this workshop", subject_ja or subject or "このワークショップ"
        return [
            Question(
                key="csat",
                type="rating",
                required=True,
                scale=5,
                text=_text(
                    f"How satisfied are you with {name_en}?",
                    f"{name_ja}の満足度を教えてください。",
                ),
                labels={
                    "min": _text("Very dissatisfied", "非常に不満"),
                    "max": _text("Very satisfied", "非常に満足"),
                },
            ),
            _nps(
                "recommend",
                f"How likely are you to recommend {name_en} to a colleague?",
                f"{name_ja}を同僚に薦める可能性はどのくらいありますか？",
            ),
            Question(
                key="confidence",
                type="rating",
                required=True,
                scale=5,
                text=_text(
                    "How confident are you that you can apply what you learned?",
                    "学んだことを実践できる自信はどのくらいありますか？",
                ),
                labels={
                    "min": _text("Not confident", "自信がない"),
                    "max": _text("Very confident", "とても自信がある"),
                },
            ),
            _reason("reason", "What will you apply first?", "最初に何を実践しますか？"),
        ]
    # training_followup
    return [
        Question(
            key="applied_frequency",
            type="single",
            required=True,
            text=_text(
                "How often have you applied what you learned?",
                "学んだことをどのくらいの頻度で実践していますか？",
            ),
            options=[
                Option(key="never", text=_text("Not yet", "まだ実践していない")),
                Option(key="once", text=_text("Once or twice", "1〜2回")),
                Option(key="weekly", text=_text("Every week", "毎週")),
                Option(key="daily", text=_text("Every day", "毎日")),
            ],
        ),
        Question(
            key="results",
            type="multi",
            required=False,
            text=_text("Which results have you seen?", "どのような成果がありましたか？"),
            options=[
                Option(key="retention", text=_text("Customers stayed", "顧客の継続")),
                Option(key="upsell", text=_text("Upsell or expansion", "アップセル・拡大")),
                Option(key="efficiency", text=_text("Saved time", "時間の短縮")),
                Option(key="satisfaction", text=_text("Happier customers", "顧客満足の向上")),
            ],
        ),
        _nps(
            "recommend",
            "How likely are you to recommend the workshop to a colleague now?",
            "現時点で、このワークショップを同僚に薦める可能性はどのくらいありますか？",
        ),
        _reason("reason", "What has changed in your work?", "仕事で何が変わりましたか？"),
    ]


def validate_questions(questions: Sequence[Question]) -> list[Question]:
    """Check keys, types, scales, options and both languages; return them unchanged."""
    if not questions:
        raise QuestionError("questions", "a survey needs at least one question")
    if len(questions) > 50:
        raise QuestionError("questions", "a survey has at most 50 questions")
    seen: set[str] = set()
    for index, question in enumerate(questions):
        where = f"questions[{index}]"
        if not KEY_RE.match(question.key):
            raise QuestionError(
                f"{where}.key", "keys are lower-case letters, digits and _ (at most 40)"
            )
        if question.key in seen:
            raise QuestionError(f"{where}.key", f"duplicate question key {question.key!r}")
        seen.add(question.key)
        if question.type not in QUESTION_TYPES:
            raise QuestionError(f"{where}.type", f"type must be one of {', '.join(QUESTION_TYPES)}")
        for lang in LANGS:
            if not getattr(question.text, lang).strip():
                raise QuestionError(f"{where}.text.{lang}", "every question needs en and ja text")
        if question.type == "rating" and question.scale not in (5, 7):
            raise QuestionError(f"{where}.scale", "a rating scale is 5 or 7")
        if question.type in ("single", "multi"):
            if not question.options or len(question.options) < 2:
                raise QuestionError(f"{where}.options", "a choice question needs 2+ options")
            option_keys = [o.key for o in question.options]
            if len(set(option_keys)) != len(option_keys) or not all(
                KEY_RE.match(k) for k in option_keys
            ):
                raise QuestionError(f"{where}.options", "option keys must be unique slugs")
            for option in question.options:
                if not (option.text.en.strip() and option.text.ja.strip()):
                    raise QuestionError(f"{where}.options", "every option needs en and ja text")
        if question.type == "text" and not 1 <= question.max_length <= MAX_COMMENT:
            raise QuestionError(f"{where}.max_length", f"at most {MAX_COMMENT} characters")
    return list(questions)


# Lone surrogates (from JSON "\ud800" escapes) cannot be stored as UTF-8; one regex scan
# instead of a Python loop over every character of a comment.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _bad_text(value: str) -> str | None:
    if "\x00" in value:
        return "contains a NUL character"
    if _SURROGATE.search(value):
        return "is not valid text"
    return None


def _int_answer(question: Question, raw: Any, low: int, high: int) -> int:
    if isinstance(raw, bool):
        raise AnswerError(question.key, "not_number", f"{question.key}: must be a whole number")
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and re.fullmatch(r"\s*-?\d{1,3}\s*", raw):
        value = int(raw)
    else:
        raise AnswerError(question.key, "not_number", f"{question.key}: must be a whole number")
    if not low <= value <= high:
        raise AnswerError(
            question.key, "out_of_range", f"{question.key}: must be between {low} and {high}"
        )
    return value


def clean_answers(
    questions: Sequence[Question], raw: Mapping[str, Any]
) -> tuple[dict[str, Any], list[AnswerError]]:
    """Validate raw answers (form strings or JSON values) against the questions.

    Returns the clean answers keyed by question key and every error found. Empty values
    count as not answered; unknown keys are errors.
    """
    answers: dict[str, Any] = {}
    errors: list[AnswerError] = []
    keys = {q.key for q in questions}
    for key in raw:
        if key not in keys:
            errors.append(AnswerError(key, "unknown", f"{key}: no such question"))
    for question in questions:
        value = raw.get(question.key)
        if isinstance(value, str) and question.type != "text":
            value = value.strip()
        empty = value is None or value == "" or value == []
        if question.type == "text" and isinstance(value, str) and not value.strip():
            empty = True
        if empty:
            if question.required:
                errors.append(
                    AnswerError(question.key, "required", f"{question.key}: an answer is required")
                )
            continue
        try:
            if question.type == "nps":
                answers[question.key] = _int_answer(question, value, 0, 10)
            elif question.type == "rating":
                answers[question.key] = _int_answer(question, value, 1, question.scale)
            elif question.type == "single":
                options = {o.key for o in question.options or []}
                if not isinstance(value, str) or value not in options:
                    raise AnswerError(question.key, "bad_choice", f"{question.key}: not an option")
                answers[question.key] = value
            elif question.type == "multi":
                order = [o.key for o in question.options or []]
                values = [value] if isinstance(value, str) else value
                if not isinstance(values, list) or not all(
                    isinstance(v, str) and v in order for v in values
                ):
                    raise AnswerError(question.key, "bad_choice", f"{question.key}: not an option")
                answers[question.key] = sorted(set(values), key=order.index)
            else:
                if not isinstance(value, str):
                    raise AnswerError(question.key, "not_text", f"{question.key}: must be text")
                problem = _bad_text(value)
                if problem:
                    raise AnswerError(question.key, "bad_text", f"{question.key}: {problem}")
                text = value.replace("\r\n", "\n").strip()
                if len(text) > question.max_length:
                    raise AnswerError(
                        question.key,
                        "too_long",
                        f"{question.key}: at most {question.max_length} characters "
                        f"(got {len(text)})",
                    )
                answers[question.key] = text
        except AnswerError as exc:
            errors.append(exc)
    return answers, errors


def main_score(questions: Sequence[Question], answers: Mapping[str, Any]) -> int | None:
    """The first NPS question's answer (denormalised to ``nps_score``)."""
    for question in questions:
        if question.type == "nps":
            value = answers.get(question.key)
            return value if isinstance(value, int) else None
    return None


def main_comment(questions: Sequence[Question], answers: Mapping[str, Any]) -> str:
    """The first free-text answer (denormalised to ``comment`` and scored for sentiment)."""
    for question in questions:
        if question.type == "text":
            value = answers.get(question.key)
            return value if isinstance(value, str) else ""
    return ""
