"""``POST /r/{token}`` with a JSON answer, answered ahead of routing (app.front).

The lane stores the answer exactly as the route does and replies with the route's status,
headers and body; every other case (forms, bad bodies, unknown links, closed surveys,
rejected answers, too-large or too-deep bodies) is declined before anything is written and
the full stack answers it from the same body, replayed. Each test checks which path answered.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from litestar import Litestar

from app.front import VocApp
from app.logs import configure_logging
from app.ratelimit import PER_LINK
from tests.surveys.test_page_lane import live

JSON = {"accept": "application/json"}
HTML = {"accept": "text/html"}


def replies(app: Litestar) -> int:
    assert isinstance(app, VocApp)
    return app.lane_replies


def lanes_off(app: Litestar) -> list[Any]:
    assert isinstance(app, VocApp)
    posted, app._posted = app._posted, []
    return posted


async def test_lane_stores_and_replies_as_the_route_does(staff_client: Any, app: Litestar) -> None:
    client = await staff_client("cs")
    _, tokens = await live(client)
    ann, bob = tokens["ann@example.com"], tokens["bob@example.com"]
    answer = {"answers": {"recommend": 9, "reason": "Fast <b>support</b> & kind"}}
    before = replies(app)
    lane = await client.post(f"/r/{ann}", json=answer, headers={"x-request-id": "ans-1"})
    assert replies(app) == before + 1
    posted = lanes_off(app)
    try:
        full = await client.post(f"/r/{bob}", json=answer)
    finally:
        assert isinstance(app, VocApp)
        app._posted = posted
    assert replies(app) == before + 1
    assert (lane.status_code, full.status_code) == (200, 200)
    assert lane.headers["x-request-id"] == "ans-1"
    names = [n for n in full.headers if n not in {"x-request-id"}]
    assert [n for n in lane.headers if n != "x-request-id"] == names
    for name in names:
        if name not in {"content-length", "date"}:
            assert lane.headers[name] == full.headers[name], name
    got, want = lane.json(), full.json()
    assert got.keys() == want.keys()
    assert {k: got[k] for k in ("status", "version", "nps_score", "incentive")} == {
        "status": "saved",
        "version": want["version"],
        "nps_score": 9,
        "incentive": None,
    }
    assert int(lane.headers["content-length"]) == len(lane.content)
    # What was acknowledged is stored, and an edit through the lane updates it.
    form = await client.get(f"/r/{ann}", headers=JSON)
    assert form.json()["answers"] == answer["answers"]
    edited = await client.post(f"/r/{ann}", json={"answers": {"recommend": 4}})
    assert edited.status_code == 200 and replies(app) == before + 2
    assert edited.json()["submitted_at"] == got["submitted_at"]
    assert (await client.get(f"/r/{ann}", headers=JSON)).json()["answers"] == {"recommend": 4}
    # Escaped where it is shown: the answered page of the link.
    page = await client.get(f"/r/{bob}", headers={"accept": "text/html"})
    assert "Fast &lt;b&gt;support&lt;/b&gt; &amp; kind" in page.text


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{not json", 400),
        (b'{"answers": {"recommend": 9}, "extra": 1}', 400),
        (b'{"answers": {"recommend": 11}}', 422),
        (b'{"answers": {"nope": 3}}', 422),
        (b'{"answers": ' + b"[" * 40 + b"]" * 40 + b"}", 400),
    ],
)
async def test_declined_bodies_get_the_routes_answer(
    staff_client: Any, app: Litestar, body: bytes, status: int
) -> None:
    client = await staff_client("cs")
    _, tokens = await live(client)
    ann = tokens["ann@example.com"]
    before = replies(app)
    response = await client.post(
        f"/r/{ann}", content=body, headers={"content-type": "application/json", **JSON}
    )
    assert response.status_code == status, response.text
    assert replies(app) == before
    assert (await client.get(f"/r/{ann}", headers=JSON)).json()["answers"] == {}


async def test_other_cases_take_the_route(staff_client: Any, app: Litestar) -> None:
    client = await staff_client("cs")
    survey, tokens = await live(client)
    ann, bob = tokens["ann@example.com"], tokens["bob@example.com"]
    before = replies(app)
    # A form asking for JSON back, and a multipart form: the route.
    as_json = await client.post(f"/r/{ann}", data={"recommend": "8"}, headers=JSON)
    assert as_json.status_code == 200 and as_json.json()["nps_score"] == 8
    multipart = await client.post(f"/r/{ann}", files={"recommend": (None, "6")})
    assert multipart.status_code == 200 and "text/html" in multipart.headers["content-type"]
    # A form with a wrong answer: the route's form with the message (422), nothing stored.
    wrong = await client.post(f"/r/{bob}", data={"recommend": "12"}, headers=HTML)
    assert wrong.status_code == 422 and 'name="recommend"' in wrong.text
    # Unknown links: 404 in JSON.
    unknown = await client.post("/r/" + "x" * 32, json={"answers": {"recommend": 9}})
    assert unknown.status_code == 404 and unknown.json()["status"] == 404
    # A query the route ignores: the route.
    queried = await client.post(f"/r/{bob}?x=1", json={"answers": {"recommend": 9}})
    assert queried.status_code == 200
    assert replies(app) == before
    # A closed survey: 410, nothing stored.
    client.headers["x-csrf-token"] = client.cookies.get("__Host-voc_csrf") or ""
    assert (await client.post(f"/api/surveys/{survey['id']}/close")).status_code == 200
    chie = tokens["chie@example.com"]
    closed = await client.post(f"/r/{chie}", json={"answers": {"recommend": 9}})
    assert closed.status_code == 410 and replies(app) == before


async def test_too_large_body_is_the_routes_413(staff_client: Any, app: Litestar) -> None:
    client = await staff_client("cs")
    _, tokens = await live(client)
    ann = tokens["ann@example.com"]
    before = replies(app)
    big = json.dumps({"answers": {"reason": "x" * 1_100_000}})
    response = await client.post(
        f"/r/{ann}", content=big, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413 and replies(app) == before


async def test_rate_limit_counts_each_answer_once(staff_client: Any, app: Litestar) -> None:
    client = await staff_client("cs")
    _, tokens = await live(client)
    ann = tokens["ann@example.com"]
    before = replies(app)
    codes = [
        (await client.post(f"/r/{ann}", json={"answers": {"recommend": i % 11}})).status_code
        for i in range(PER_LINK)
    ]
    assert codes == [200] * PER_LINK and replies(app) == before + PER_LINK
    limited = await client.post(f"/r/{ann}", json={"answers": {"recommend": 1}})
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    assert replies(app) == before + PER_LINK


async def test_access_log_line_of_a_lane_answer(
    staff_client: Any, app: Litestar, capsys: pytest.CaptureFixture[str]
) -> None:
    client = await staff_client("cs")
    _, tokens = await live(client)
    ann = tokens["ann@example.com"]
    configure_logging()
    capsys.readouterr()
    before = replies(app)
    await client.post(
        f"/r/{ann}", json={"answers": {"recommend": 7}}, headers={"x-request-id": "a-1"}
    )
    assert replies(app) == before + 1
    err = capsys.readouterr().err
    (line,) = [json.loads(x) for x in err.splitlines() if '"voc.access"' in x]
    assert line["request_id"] == "a-1" and line["method"] == "POST"
    assert line["path"] == "/r/<token>" and line["status"] == 200
    assert ann not in err


async def test_form_post_gets_the_routes_thank_you_page(staff_client: Any, app: Litestar) -> None:
    """The page's form (URL-encoded) through the lane: the thank-you page byte for byte as the
    route renders it, in the link's language, with its own token in the edit link."""
    client = await staff_client("cs")
    _, tokens = await live(client)
    ann, bob, chie = (tokens[f"{n}@example.com"] for n in ("ann", "bob", "chie"))
    posted = lanes_off(app)
    try:
        full = await client.post(f"/r/{ann}", data={"recommend": "8", "reason": "<i>ok</i>"})
        full_ja = await client.post(f"/r/{chie}", data={"recommend": "9"})
    finally:
        assert isinstance(app, VocApp)
        app._posted = posted
    before = replies(app)
    lane = await client.post(f"/r/{bob}", data={"recommend": "7", "reason": "<i>ok</i>"})
    again = await client.post(f"/r/{ann}", data={"recommend": "10"})  # an edit
    lane_ja = await client.post(f"/r/{chie}", data={"recommend": "3"}, headers=HTML)
    assert replies(app) == before + 3
    for route, mine, token in ((full, lane, bob), (full, again, ann), (full_ja, lane_ja, chie)):
        assert (mine.status_code, route.status_code) == (200, 200)
        assert mine.content == route.content.replace(
            (ann if route is full else chie).encode(), token.encode()
        )
        assert f'href="/r/{token}"' in mine.text
        names = [n for n in route.headers if n != "x-request-id"]
        assert [n for n in mine.headers if n != "x-request-id"] == names
        for name in names:
            if name not in {"content-length", "date"}:
                assert mine.headers[name] == route.headers[name], name
    assert '<html lang="ja">' in lane_ja.text
    stored = {
        t: (await client.get(f"/r/{t}", headers=JSON)).json()["answers"] for t in (ann, bob, chie)
    }
    assert stored == {
        ann: {"recommend": 10},
        bob: {"recommend": 7, "reason": "<i>ok</i>"},
        chie: {"recommend": 3},
    }
