"""Static files from memory (app.static): validators, 304, fresh after a change, no escape."""

from __future__ import annotations

import os
from pathlib import Path

from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.front import VocApp
from app.settings import REPO_ROOT
from app.static import StaticLane


async def test_stylesheet_with_validators_and_304(
    client: AsyncTestClient[Litestar], app: Litestar
) -> None:
    assert isinstance(app, VocApp)
    before = app.lane_replies
    css = await client.get("/static/app.css")
    assert css.status_code == 200
    assert css.content == (REPO_ROOT / "static" / "app.css").read_bytes()
    assert css.headers["content-type"] == "text/css; charset=utf-8"
    assert css.headers["cache-control"] == "public, max-age=600"
    assert css.headers["x-content-type-options"] == "nosniff"
    etag = css.headers["etag"]
    assert etag.startswith('"') and css.headers["last-modified"].endswith("GMT")
    for sent in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        again = await client.get("/static/app.css", headers={"if-none-match": sent})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == etag and again.headers["x-frame-options"] == "DENY"
    stale = await client.get("/static/app.css", headers={"if-none-match": '"other"'})
    assert stale.status_code == 200 and stale.content == css.content
    icon = await client.get("/static/favicon.svg")
    assert icon.headers["content-type"] == "image/svg+xml" and icon.content.startswith(b"<svg")
    script = await client.get("/static/app.js")
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert app.lane_replies == before + 8
    # HEAD gets the GET's headers without the body; unknown names are Litestar's, as before.
    head = await client.head("/static/app.css")
    assert head.status_code == 200 and head.content == b""
    assert (head.headers["etag"], head.headers["content-length"]) == (etag, str(len(css.content)))
    assert app.lane_replies == before + 9
    assert (await client.get("/static/missing.css")).status_code == 404
    assert (await client.get("/static/../app/settings.py")).status_code == 404
    assert app.lane_replies == before + 9


async def test_a_changed_file_is_served_at_once(tmp_path: Path) -> None:
    (tmp_path / "site.css").write_text("body { color: red }")
    (tmp_path / "notes.txt").write_text("not a static type")
    lane = StaticLane(tmp_path)
    assert lane.names == {"site.css"}
    scope = {"path": "/static/site.css", "headers": []}
    first = await lane(scope, None)  # type: ignore[arg-type]
    assert first is not None and first.body == b"body { color: red }"
    (tmp_path / "site.css").write_text("body { color: blue; }")
    os.utime(tmp_path / "site.css", ns=(1, 1))
    second = await lane(scope, None)  # type: ignore[arg-type]
    assert second is not None and second.body == b"body { color: blue; }"
    old_etag, new_etag = (dict(r.headers)[b"etag"] for r in (first, second))
    assert old_etag != new_etag
    for sent, status in ((old_etag, 200), (new_etag, 304)):
        answer = await lane({**scope, "headers": [(b"if-none-match", sent)]}, None)  # type: ignore[arg-type]
        assert answer is not None and answer.status == status
    (tmp_path / "site.css").unlink()
    assert await lane(scope, None) is None  # type: ignore[arg-type]
