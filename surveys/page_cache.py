"""Rendered survey pages, reused across the links of one survey version.

After a mass send thousands of people open the same form: the same questions, title and
language, only the link differs. Rendering it with Jinja (hundreds of escaped values) was
most of a page view's CPU, so the page of an *unanswered* link is rendered once per
(questions, title, language, score picked from the email) and kept split around the one
per-link part, the token in the form's action, which is escaped on the way in exactly as
the template would escape it. Answered links (earlier answers, the date), error pages and
anything unusual render in full as before.

The key holds the version's questions as stored (their JSON text) and the public title, so
editing the questions, publishing a version or renaming the survey gives new keys: a stale
page cannot be served. Entries are bounded; the cache is per process.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import escape

#: Stands for the link's token while the shared page is rendered (it cannot occur in escaped
#: text, and a page where it occurs other than once is never shared).
TOKEN_MARK = "\x00voc-link-token\x00"
MAX_PAGES = 512

PageKey = tuple[str, str, str, int | None]


class SharedPages:
    """Rendered pages split around the token: ``head + escape(token) + tail``."""

    def __init__(self, max_pages: int = MAX_PAGES) -> None:
        self.max_pages = max_pages
        self._pages: dict[PageKey, tuple[bytes, bytes] | None] = {}
        self.renders = 0

    def page(self, key: PageKey, token: str, render: Callable[[str], str]) -> bytes | None:
        """The page for ``token``; ``render(token_text)`` makes it on a miss. ``None`` when
        this page cannot be shared (the caller renders it in full)."""
        if key in self._pages:
            parts = self._pages[key]
        else:
            parts = self._split(render(TOKEN_MARK))
            self.renders += 1
            if len(self._pages) >= self.max_pages:
                self._pages.clear()
            self._pages[key] = parts
        if parts is None:
            return None
        head, tail = parts
        return head + str(escape(token)).encode() + tail

    def cached(self, key: PageKey, token: str) -> bytes | None:
        """The page for ``token`` if it is rendered already and shared; never renders."""
        parts = self._pages.get(key)
        if parts is None:
            return None
        head, tail = parts
        return head + str(escape(token)).encode() + tail

    @staticmethod
    def _split(html: str) -> tuple[bytes, bytes] | None:
        if html.count(TOKEN_MARK) != 1:
            return None
        head, tail = html.split(TOKEN_MARK)
        return head.encode(), tail.encode()

    def clear(self) -> None:
        self._pages.clear()
