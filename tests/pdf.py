"""Reading a rendered PDF back as text with poppler's ``pdftotext``, as a reader's tools would."""

from __future__ import annotations

import subprocess
from pathlib import Path


def pdf_text(pdf: bytes, tmp_path: Path, *, layout: bool = False, name: str = "report.pdf") -> str:
    """The PDF's text in reading order (``layout``: keep the page's columns)."""
    path = tmp_path / name
    path.write_bytes(pdf)
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, check=True).stdout.decode()
