"""Recipient lists: CSV decoding and parsing, and row validation (pure functions).

A CSV has a header row with ``email`` (required), ``name``, ``language`` (en/ja), an optional
``timezone`` (IANA name); every other column is an attribute of the recipient (``store``,
``店舗``, ``Account Tier`` → ``account_tier``), snapshotted into each answer for breakdowns.
Attribute names are normalised (NFKC, lower case, spaces to ``_``) and limited in number and
length. UTF-8 with or without a BOM and Shift_JIS (cp932) are accepted;
binary files (Excel workbooks, UTF-16, images) are refused. Every bad row is reported and a
file with any bad row imports nothing.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence

from app.text import unsafe_reason
from surveys.schemas import RecipientIn, RowError
from surveys.window import is_known_timezone

#: Well-known attribute columns (any other name is accepted too; these are only suggested).
ATTRIBUTE_COLUMNS: frozenset[str] = frozenset(
    {
        "account_id",
        "account_name",
        "tier",
        "plan",
        "store",
        "team",
        "touchpoint",
        "department",
        "region",
        "country",
        "segment",
        "role",
        "location",
        "owner_email",
        "product",
        "channel",
        "tenure",
        "participant_id",
        "workshop",
    }
)
RESERVED_COLUMNS = ("email", "name", "language", "timezone")
#: Names the analytics use for their own breakdowns; an attribute may not shadow them.
RESERVED_ATTRIBUTES = frozenset({"version", "month", "week", "language"})
#: Columns that look like secrets are refused rather than copied into every answer.
SECRET_ATTRIBUTE = re.compile(
    r"(password|passwd|パスワード|暗証|secret|token|credit_card|card_number|cvv|マイナンバー)"
)
MAX_ATTRIBUTES = 30
MAX_ATTRIBUTE_NAME = 40
#: After normalisation: a letter (any script) first, then letters, digits or ``_``.
ATTRIBUTE_NAME_RE = re.compile(r"^[^\W\d_]\w*$")
_NAME_SEPARATORS = re.compile(r"[\s\-./・･]+")
HEADER_ALIASES = {
    "e-mail": "email",
    "mail": "email",
    "email address": "email",
    "メール": "email",
    "メールアドレス": "email",
    "名前": "name",
    "氏名": "name",
    "lang": "language",
    "言語": "language",
    "tz": "timezone",
    "time_zone": "timezone",
    "タイムゾーン": "timezone",
}
LANGUAGE_ALIASES = {
    "en": "en",
    "english": "en",
    "英語": "en",
    "ja": "ja",
    "jp": "ja",
    "japanese": "ja",
    "日本語": "ja",
}
MAX_ROWS = 50_000
MAX_VALUE = 200
EMAIL_RE = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
_BINARY_MAGIC = (
    (b"PK\x03\x04", "a zip or Excel workbook"),
    (b"\xd0\xcf\x11\xe0", "an old Excel/Office file"),
    (b"%PDF", "a PDF"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


class RecipientsRejected(ValueError):
    """The upload has bad rows; nothing was imported."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = list(errors)
        super().__init__(f"{len(self.errors)} bad row(s); nothing was imported")


def normalise_email(value: str) -> str | None:
    email = value.strip().lower()
    if len(email) > 254 or not EMAIL_RE.match(email) or len(email.split("@")[0]) > 64:
        return None
    return email


def normalise_language(value: str | None) -> str | None:
    if value is None or not value.strip():
        return "en"
    raw = value.strip().lower().replace("_", "-")
    return LANGUAGE_ALIASES.get(raw) or LANGUAGE_ALIASES.get(raw.split("-")[0])


def decode_csv(data: bytes) -> str:
    """UTF-8 (BOM or not) or Shift_JIS text; anything else is refused with the bad lines."""
    if not data.strip():
        raise RecipientsRejected([RowError(row=0, column=None, reason="the file is empty")])
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            raise RecipientsRejected(
                [RowError(row=0, column=None, reason=f"not a CSV text file (looks like {what})")]
            )
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    if b"\x00" in data or controls > len(sample) // 100:
        raise RecipientsRejected(
            [RowError(row=0, column=None, reason="not a CSV text file (binary content)")]
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    errors = []
    for number, line in enumerate(data.splitlines(), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            try:
                line.decode("cp932")
            except UnicodeDecodeError:
                errors.append(
                    RowError(
                        row=number, column=None, reason="bad encoding (use UTF-8 or Shift_JIS)"
                    )
                )
    if not errors:  # mixed encodings: each line decodes, but not the file as a whole
        errors.append(
            RowError(row=0, column=None, reason="mixed encodings (use UTF-8 or Shift_JIS)")
        )
    raise RecipientsRejected(errors)


def _header(name: str) -> str:
    cleaned = unicodedata.normalize("NFKC", name.strip().strip("\ufeff")).strip().lower()
    return HEADER_ALIASES.get(cleaned) or normalise_attribute_name(cleaned)


def normalise_attribute_name(name: str) -> str:
    """``" Account Tier "`` → ``account_tier``, ``"店舗"`` stays, full-width folds (NFKC)."""
    folded = unicodedata.normalize("NFKC", name).strip().lower()
    return _NAME_SEPARATORS.sub("_", folded).strip("_")


def attribute_name_problem(name: str) -> str | None:
    """Why a normalised attribute name cannot be used, or None."""
    if not name:
        return "empty column name"
    if len(name) > MAX_ATTRIBUTE_NAME:
        return f"column name longer than {MAX_ATTRIBUTE_NAME} characters"
    if not ATTRIBUTE_NAME_RE.match(name):
        return "column names use letters (any script), digits and _, starting with a letter"
    if name in RESERVED_ATTRIBUTES or name in RESERVED_COLUMNS:
        return "reserved name; rename the column"
    if SECRET_ATTRIBUTE.search(name):
        return "looks like a secret; remove this column"
    return None


def parse_csv(data: bytes) -> list[RecipientIn]:
    """Decode and parse a recipients CSV; raises :class:`RecipientsRejected` on any bad row."""
    text = decode_csv(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise RecipientsRejected([RowError(row=1, column=None, reason="no header row")]) from None
    columns = [_header(h) for h in header]
    errors: list[RowError] = []
    extra = [c for c in columns if c not in RESERVED_COLUMNS]
    for raw, name in zip(header, columns, strict=True):
        if name in RESERVED_COLUMNS:
            continue
        problem = attribute_name_problem(name)
        if problem:
            errors.append(RowError(row=1, column=raw.strip()[:80] or None, reason=problem))
    if len(extra) > MAX_ATTRIBUTES:
        errors.append(
            RowError(
                row=1,
                column=None,
                reason=f"{len(extra)} attribute columns; at most {MAX_ATTRIBUTES}",
            )
        )
    if "email" not in columns:
        errors.append(RowError(row=1, column="email", reason="the email column is missing"))
    if len(set(columns)) != len(columns):
        errors.append(RowError(row=1, column=None, reason="a column appears twice"))
    if errors:
        raise RecipientsRejected(errors)
    recipients: list[RecipientIn] = []
    row_numbers: list[int] = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            number = reader.line_num
            if len(values) != len(columns):
                errors.append(
                    RowError(
                        row=number,
                        column=None,
                        reason=f"has {len(values)} cells, the header has {len(columns)}",
                    )
                )
                continue
            record = dict(zip(columns, values, strict=True))
            recipients.append(
                RecipientIn(
                    email=record.pop("email", ""),
                    name=record.pop("name", ""),
                    language=record.pop("language", ""),
                    timezone=record.pop("timezone", "") or None,
                    attributes={k: v for k, v in record.items() if k},
                )
            )
            row_numbers.append(number)
            if len(recipients) > MAX_ROWS:
                raise RecipientsRejected(
                    [RowError(row=number, column=None, reason=f"more than {MAX_ROWS} rows")]
                )
    except csv.Error as exc:
        errors.append(RowError(row=reader.line_num, column=None, reason=f"broken CSV: {exc}"))
    try:
        cleaned = validate_recipients(recipients, row_numbers)
    except RecipientsRejected as exc:
        errors.extend(exc.errors)
    if errors:
        raise RecipientsRejected(sorted(errors, key=lambda e: e.row))
    if not cleaned:
        raise RecipientsRejected([RowError(row=2, column=None, reason="no recipients")])
    return cleaned


def validate_recipients(
    recipients: Sequence[RecipientIn], row_numbers: Sequence[int] | None = None
) -> list[RecipientIn]:
    """Normalise every recipient; raise with every bad row named (rows 1-based by default)."""
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    cleaned: list[RecipientIn] = []
    for index, recipient in enumerate(recipients):
        row = row_numbers[index] if row_numbers else index + 1
        bad = False
        email = normalise_email(recipient.email)
        if email is None:
            errors.append(
                RowError(row=row, column="email", reason="bad email", value=recipient.email[:254])
            )
            bad = True
        elif email in seen:
            errors.append(
                RowError(
                    row=row,
                    column="email",
                    reason=f"duplicate of row {seen[email]}",
                    value=email,
                )
            )
            bad = True
        else:
            seen[email] = row
        language = normalise_language(recipient.language)
        if language is None:
            errors.append(
                RowError(
                    row=row,
                    column="language",
                    reason="bad language (en or ja)",
                    value=recipient.language[:50],
                )
            )
            bad = True
        name = recipient.name.strip()
        if len(name) > MAX_VALUE:
            errors.append(RowError(row=row, column="name", reason="name too long"))
            bad = True
        elif reason := unsafe_reason(name):
            errors.append(RowError(row=row, column="name", reason=f"name {reason}"))
            bad = True
        timezone = (recipient.timezone or "").strip() or None
        if timezone and not is_known_timezone(timezone):
            errors.append(
                RowError(row=row, column="timezone", reason="unknown time zone", value=timezone)
            )
            bad = True
        attributes: dict[str, str] = {}
        if len(recipient.attributes) > MAX_ATTRIBUTES:
            errors.append(
                RowError(
                    row=row,
                    column=None,
                    reason=f"{len(recipient.attributes)} attributes; at most {MAX_ATTRIBUTES}",
                )
            )
            bad = True
        seen_keys: set[str] = set()
        for raw_key, value in recipient.attributes.items():
            key = normalise_attribute_name(raw_key)
            problem = attribute_name_problem(key)
            if problem or key in seen_keys:
                reason = problem or "a column appears twice"
                errors.append(RowError(row=row, column=raw_key[:80], reason=reason))
                bad = True
                continue
            seen_keys.add(key)
            text = str(value).strip()
            if len(text) > MAX_VALUE:
                errors.append(RowError(row=row, column=key, reason="value too long"))
                bad = True
                continue
            if reason := unsafe_reason(text):
                errors.append(RowError(row=row, column=key, reason=f"value {reason}"))
                bad = True
                continue
            if text:
                attributes[key] = text
        if not bad and email is not None and language is not None:
            cleaned.append(
                RecipientIn(
                    email=email,
                    name=name,
                    language=language,
                    timezone=timezone,
                    attributes=attributes,
                )
            )
    if errors:
        raise RecipientsRejected(errors)
    return cleaned
