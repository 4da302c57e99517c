"""Pure rules: sending window, tokens, CSV parsing, answer validation, export safety."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from surveys.questions import (
    QuestionError,
    clean_answers,
    main_comment,
    main_score,
    template_questions,
    validate_questions,
)
from surveys.recipients import RecipientsRejected, parse_csv, validate_recipients
from surveys.schemas import KINDS, RecipientIn
from surveys.services import csv_safe, in_holdout
from surveys.tokens import looks_like_token, new_token, token_hash
from surveys.window import next_window_start, zone

TOKYO = zone("Asia/Tokyo")
WEEKDAYS = frozenset({0, 1, 2, 3, 4})


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


class TestSendingWindow:
    def test_inside_the_window_sends_now(self) -> None:
        moment = utc(2026, 11, 24, 1, 0)  # Tuesday 10:00 Tokyo
        assert next_window_start(moment, TOKYO, 9, 18, WEEKDAYS) == moment

    def test_before_opening_waits_for_nine_local(self) -> None:
        moment = utc(2026, 11, 23, 22, 0)  # Tuesday 07:00 Tokyo
        assert next_window_start(moment, TOKYO, 9, 18, WEEKDAYS) == utc(2026, 11, 24, 0, 0)

    def test_friday_evening_waits_for_monday(self) -> None:
        moment = utc(2026, 11, 27, 10, 0)  # Friday 19:00 Tokyo
        assert next_window_start(moment, TOKYO, 9, 18, WEEKDAYS) == utc(2026, 11, 30, 0, 0)

    def test_recipient_time_zone_is_used(self) -> None:
        moment = utc(2026, 11, 24, 1, 0)  # Tuesday 10:00 Tokyo, Monday 17:00 in Los Angeles
        la = zone("America/Los_Angeles")
        assert next_window_start(moment, la, 9, 18, WEEKDAYS) == moment
        berlin = zone("Europe/Berlin")  # Tuesday 02:00 in Berlin → 09:00 Berlin = 08:00 UTC
        assert next_window_start(moment, berlin, 9, 18, WEEKDAYS) == utc(2026, 11, 24, 8, 0)

    def test_midnight_end_and_weekend_windows(self) -> None:
        saturday_noon = utc(2026, 11, 28, 3, 0)
        assert next_window_start(saturday_noon, TOKYO, 0, 24, frozenset({5, 6})) == saturday_noon


class TestTokens:
    def test_tokens_are_long_random_and_hashed(self) -> None:
        tokens = {new_token() for _ in range(200)}
        assert len(tokens) == 200
        token = tokens.pop()
        assert len(token) >= 32 and looks_like_token(token)  # 24 bytes = 192 bits
        assert token_hash(token) != token and len(token_hash(token)) == 64
        assert not looks_like_token("../../etc/passwd") and not looks_like_token("short")


CSV_HEADER = "email,name,language,store,tier\n"


class TestCsv:
    def test_utf8_with_bom(self) -> None:
        data = ("\ufeff" + CSV_HEADER + "a@example.com,Aiko,ja,京都,gold\n").encode()
        [row] = parse_csv(data)
        assert row.email == "a@example.com" and row.language == "ja"
        assert row.attributes == {"store": "京都", "tier": "gold"}

    def test_shift_jis_with_japanese_headers(self) -> None:
        text = "メールアドレス,氏名,言語,store\r\nb@example.jp,山田太郎,日本語,大阪\r\n"
        [row] = parse_csv(text.encode("cp932"))
        assert (row.email, row.name, row.language) == ("b@example.jp", "山田太郎", "ja")
        assert row.attributes == {"store": "大阪"}

    @pytest.mark.parametrize(
        "data",
        [
            b"PK\x03\x04\x14\x00\x06\x00binary",
            bytes(range(256)) * 4,
            "email\na@example.com\n".encode("utf-16"),
        ],
    )
    def test_binary_is_refused(self, data: bytes) -> None:
        with pytest.raises(RecipientsRejected) as caught:
            parse_csv(data)
        assert "not a CSV" in caught.value.errors[0].reason

    def test_every_bad_row_is_named(self) -> None:
        data = (
            b"email,name,language,store\n"
            b"ok@example.com,OK,en,A\n"
            b"not-an-email,Bad,en,A\n"
            b"OK@example.com,Dup,en,A\n"
            b"c@example.com,C,fr,A\n"
        )
        with pytest.raises(RecipientsRejected) as caught:
            parse_csv(data)
        errors = [(e.row, e.column, e.reason) for e in caught.value.errors]
        assert errors == [
            (3, "email", "bad email"),
            (4, "email", "duplicate of row 2"),
            (5, "language", "bad language (en or ja)"),
        ]

    def test_any_extra_column_becomes_a_normalised_attribute(self) -> None:
        text = "email,店舗,Account Tier,ＳＨＯＰ－ＣＯＤＥ,担当・エリア\na@example.com,京都,Gold,K1,東\n"
        [row] = parse_csv(text.encode("cp932"))
        assert row.attributes == {
            "店舗": "京都",
            "account_tier": "Gold",
            "shop_code": "K1",
            "担当_エリア": "東",
        }

    @pytest.mark.parametrize(
        ("header", "reason"),
        [
            ("email,1st_visit", "starting with a letter"),
            ("email,店舗(旧)", "letters (any script)"),
            ("email," + "x" * 41, "longer than 40"),
            ("email,month", "reserved"),
            ("email,Password", "secret"),
            ("email,Store,store", "appears twice"),
            ("email," + ",".join(f"c{i}" for i in range(31)), "at most 30"),
        ],
    )
    def test_bad_attribute_columns_reject_the_file(self, header: str, reason: str) -> None:
        cells = ",".join("v" for _ in header.split(",")[1:])
        with pytest.raises(RecipientsRejected) as caught:
            parse_csv(f"{header}\na@example.com,{cells}\n".encode())
        assert any(reason in e.reason and e.row == 1 for e in caught.value.errors)

    def test_a_long_attribute_value_rejects_the_whole_file(self) -> None:
        data = f"email,店舗\na@example.com,京都\nb@example.com,{'長' * 201}\n".encode()
        with pytest.raises(RecipientsRejected) as caught:
            parse_csv(data)
        assert [(e.row, e.column) for e in caught.value.errors] == [(3, "店舗")]

    def test_bad_encoding_is_named(self) -> None:
        data = b"email,name\na@example.com,\xff\xfe\xfa\n"
        with pytest.raises(RecipientsRejected) as caught:
            parse_csv(data)
        assert "encoding" in caught.value.errors[0].reason

    def test_semicolons_and_missing_email_column(self) -> None:
        [row] = parse_csv(b"email;name\nx@example.com;X\n")
        assert row.name == "X"
        with pytest.raises(RecipientsRejected):
            parse_csv(b"name,store\nX,A\n")

    def test_api_rows_are_validated_the_same_way(self) -> None:
        with pytest.raises(RecipientsRejected) as caught:
            validate_recipients(
                [
                    RecipientIn(email="a@example.com", attributes={"tier": "gold"}),
                    RecipientIn(email="b@example.com", attributes={"password": "x"}),
                ]
            )
        assert [(e.row, e.column) for e in caught.value.errors] == [(2, "password")]


class TestQuestions:
    @pytest.mark.parametrize("kind", KINDS)
    def test_templates_are_valid_and_bilingual(self, kind: str) -> None:
        questions = validate_questions(template_questions(kind))
        assert all(q.text.en and q.text.ja for q in questions)

    def test_duplicate_keys_are_refused(self) -> None:
        questions = template_questions("customer_nps")
        with pytest.raises(QuestionError):
            validate_questions([questions[0], questions[0]])

    def test_unknown_driver(self) -> None:
        with pytest.raises(QuestionError):
            template_questions("customer_nps", drivers=["vibes"])

    @pytest.mark.parametrize("score", ["11", "-1", "abc", 11, -1, True, "7.5"])
    def test_bad_scores(self, score: object) -> None:
        questions = template_questions("customer_nps")
        _, errors = clean_answers(questions, {"recommend": score})
        assert [e.field for e in errors] == ["recommend"]

    def test_required_missing_and_long_and_nul(self) -> None:
        questions = template_questions("customer_nps")
        _, errors = clean_answers(questions, {"reason": "x" * 6000})
        assert {(e.field, e.code) for e in errors} == {
            ("recommend", "required"),
            ("reason", "too_long"),
        }
        _, errors = clean_answers(questions, {"recommend": "9", "reason": "a\x00b"})
        assert [(e.field, e.code) for e in errors] == [("reason", "bad_text")]

    def test_clean_answers_and_denormalised_columns(self) -> None:
        questions = template_questions("customer_nps")
        answers, errors = clean_answers(
            questions, {"recommend": "9", "reason": " Great support ", "driver_support": 5}
        )
        assert not errors
        assert answers == {"recommend": 9, "reason": "Great support", "driver_support": 5}
        assert main_score(questions, answers) == 9
        assert main_comment(questions, answers) == "Great support"

    def test_choices(self) -> None:
        questions = template_questions("training_followup")
        answers, errors = clean_answers(
            questions,
            {"applied_frequency": "weekly", "results": ["upsell", "retention"], "recommend": 8},
        )
        assert not errors and answers["results"] == ["retention", "upsell"]
        _, errors = clean_answers(questions, {"applied_frequency": "sometimes", "recommend": 8})
        assert [e.code for e in errors] == ["bad_choice"]


class TestExportAndHoldout:
    @pytest.mark.parametrize("cell", ["=HYPERLINK()", "+1", "-2+3", "@SUM(A1)", "\tx"])
    def test_formula_cells_are_neutralised(self, cell: str) -> None:
        assert csv_safe(cell) == "'" + cell

    def test_plain_cells_and_numbers_pass(self) -> None:
        assert csv_safe("Great") == "Great" and csv_safe(-0.5) == -0.5

    def test_holdout_share_is_close_to_target(self) -> None:
        chosen = sum(in_holdout("seed", f"p{i}@example.com", 0.1) for i in range(5000))
        assert 400 < chosen < 600
        assert in_holdout("seed", "x@example.com", 0.1) == in_holdout("seed", "x@example.com", 0.1)


_ANY_CHAR = st.one_of(st.characters(), st.integers(0xD800, 0xDFFF).map(chr), st.just("\x00"))


@given(st.lists(_ANY_CHAR, max_size=40).map("".join))
def test_bad_text_refuses_nul_and_lone_surrogates_only(text: str) -> None:
    from surveys.questions import _bad_text

    expected = None
    if "\x00" in text:
        expected = "contains a NUL character"
    elif any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        expected = "is not valid text"
    assert _bad_text(text) == expected
