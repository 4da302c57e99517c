"""Checkpoint surveys keep their stored English suffix; readers see it in their language."""

from __future__ import annotations

from app.names import survey_name


def test_checkpoint_labels_are_written_in_the_readers_language() -> None:
    stored = "顧客オンボーディング・ワークショップ (Customer onboarding workshop) (+7 days)"
    assert survey_name(stored, "ja") == (
        "顧客オンボーディング・ワークショップ (Customer onboarding workshop)（7日後）"
    )
    assert survey_name(stored, "en") == stored
    assert survey_name("CS研修 (day 0)", "ja") == "CS研修（当日）"
    assert survey_name("CS training (day 0)", "en") == "CS training (day 0)"
    assert survey_name("CS研修 (+180 days)", "ja") == "CS研修（180日後）"


def test_other_names_are_left_alone() -> None:
    for name in ("Customer NPS — Autumn 2026 (demo)", "Pulse (+7 ideas)", "7 days (+ more)", ""):
        assert survey_name(name, "ja") == name
    assert survey_name(None, "ja") == ""
