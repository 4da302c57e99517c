"""One rule for text that can reach a mail header, a PDF or a page heading.

Names, titles and attributes are single lines: they must not hold C0 or C1 control characters
(CR/LF would split a mail header, NUL truncates C strings), the Unicode line and paragraph
separators (U+2028, U+2029; U+0085 is C1) that some mail and PDF code treats as line breaks, or
bidirectional embedding/override/isolate controls (U+202A–U+202E, U+2066–U+2069) that make a
name display as something else ("Trojan Source"). Longer texts (question wording) may also
hold line breaks and tabs. Refused, never silently stripped: the sender learns which field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from app.errors import InputError

_BIDI = "\u202a-\u202e\u2066-\u2069"
_UNSAFE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")
_UNSAFE_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")


def unsafe_reason(value: str, multiline: bool = False) -> str | None:
    """Why ``value`` is refused (naming the first bad character), or None when it is fine."""
    match = (_UNSAFE_TEXT if multiline else _UNSAFE_LINE).search(value)
    if match is None:
        return None
    char = match.group()
    name = unicodedata.name(char, "control character")
    kind = "a bidirectional control" if re.match(f"[{_BIDI}]", char) else "a control character"
    return f"contains {kind} (U+{ord(char):04X} {name}); use plain text on one line"


def check_line(value: str | None, field: str) -> None:
    """Raise a 422 naming ``field`` when a name, title or attribute breaks the rule."""
    if value and (reason := unsafe_reason(value)):
        raise InputError(field, f"{field} {reason}")


def check_text(value: str | None, field: str) -> None:
    """Like :func:`check_line` for longer text, where line breaks and tabs are allowed."""
    if value and (reason := unsafe_reason(value, multiline=True)):
        raise InputError(field, f"{field} {reason.removesuffix(' on one line')}")


def check_lines(item: Any, fields: Iterable[str], prefix: str = "") -> None:
    """``check_line`` on each named attribute of a struct (strings or lists of strings)."""
    for name in fields:
        value = getattr(item, name, None)
        if isinstance(value, str):
            check_line(value, prefix + name)
        elif isinstance(value, list | tuple):
            for i, entry in enumerate(value):
                if isinstance(entry, str):
                    check_line(entry, f"{prefix}{name}[{i}]")


def one_line(value: str) -> str:
    """``value`` with every character the line rule refuses turned into a space.

    For text already stored before the rule existed, on its way into a header or PDF title.
    """
    return " ".join(_UNSAFE_LINE.sub(" ", value).split())
