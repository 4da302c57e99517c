from __future__ import annotations

import datetime as dt

from app.timefmt import local_time

MOMENT = dt.datetime(2026, 11, 30, 23, 15, tzinfo=dt.UTC)


def test_times_show_in_the_zone_with_its_name() -> None:
    assert local_time(MOMENT, default_zone="Asia/Tokyo") == "2026-12-01 08:15 JST"
    assert local_time(MOMENT, "America/New_York", default_zone="Asia/Tokyo") == (
        "2026-11-30 18:15 EST"
    )


def test_dates_move_with_the_zone_and_naive_text_is_utc() -> None:
    assert local_time(MOMENT, default_zone="Asia/Tokyo", with_time=False) == "2026-12-01"
    assert local_time("2026-11-30T23:15:00", default_zone="Asia/Tokyo") == "2026-12-01 08:15 JST"


def test_unknown_zone_falls_back_and_missing_is_a_dash() -> None:
    assert local_time(MOMENT, "Mars/Base", default_zone="Asia/Tokyo").endswith("JST")
    assert local_time(None) == "—"


def test_japanese_pages_write_dates_with_slashes() -> None:
    """A Japanese staff page writes 2026/12/01 (how dates are written there), English ones
    keep ISO; both sort as text. Respondents' long dates are unchanged."""
    from app.timefmt import numeric_date

    assert local_time(MOMENT, default_zone="Asia/Tokyo", page_lang="ja") == "2026/12/01 08:15 JST"
    assert (
        local_time(MOMENT, default_zone="Asia/Tokyo", with_time=False, page_lang="ja")
        == "2026/12/01"
    )
    assert local_time(MOMENT, default_zone="Asia/Tokyo", page_lang="en") == "2026-12-01 08:15 JST"
    assert (
        local_time(MOMENT, default_zone="Asia/Tokyo", with_time=False, lang="ja", page_lang="ja")
        == "2026年12月1日"
    )
    assert numeric_date(dt.date(2026, 8, 3), "ja") == "2026/08/03"
    assert numeric_date(dt.date(2026, 8, 3), "en") == "2026-08-03"
    assert numeric_date(None, "ja") == "—"


def test_trend_periods_read_as_japanese_on_japanese_pages() -> None:
    from app.timefmt import period_label

    assert period_label("2026-11", "ja") == "2026年11月"
    assert period_label("2026-W07", "ja") == "2026年 第7週"
    assert period_label("2026-11", "en") == "2026-11"
    assert period_label("2026-W07", None) == "2026-W07"
    assert period_label(None, "ja") == "—"
